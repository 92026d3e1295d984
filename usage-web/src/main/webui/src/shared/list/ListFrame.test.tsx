import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { Route, Routes, useParams } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderPage } from '../testing/render';
import { ListFrame, type Column, type ListFrameProps } from './ListFrame';

type Thing = { id: string; name: string; count: number; note: string };

const things: Thing[] = [
  { id: 'a', name: 'Alpha', count: 3, note: 'first' },
  { id: 'b', name: 'Beta', count: 12, note: 'second' },
];

const columns: Column<Thing>[] = [
  { key: 'name', header: 'Name', cell: (r) => r.name, link: true, card: 'title' },
  { key: 'count', header: 'Count', align: 'right', cell: (r) => String(r.count), cellData: () => ({ 'data-testid': 'count-cell' }),
    card: 'figure', cardCell: (r) => `${r.count} items` },
  { key: 'note', header: 'Note', cell: (r) => r.note },
];

const paging = { page: 0, pageSize: 20, total: 2, onPageChange: () => {} };

/** A screen this wide: media queries with min-width / max-width in px answer as a browser would. */
function viewport(width: number) {
  vi.stubGlobal('matchMedia', (query: string) => {
    const bound = (kind: string) => [...query.matchAll(new RegExp(`${kind}-width:\\s*(-?[\\d.]+)px`, 'g'))].map((m) => Number(m[1]));
    const matches = bound('min').every((px) => width >= px) && bound('max').every((px) => width <= px);
    return {
      matches, media: query, onchange: null, addListener: () => {}, removeListener: () => {},
      addEventListener: () => {}, removeEventListener: () => {}, dispatchEvent: () => false,
    } as MediaQueryList;
  });
}

const PHONE = 390;
const DESKTOP = 1280;

function Opened() {
  return <p data-testid="opened">opened {useParams().id}</p>;
}

function renderFrame(props: Partial<ListFrameProps<Thing>>, extra?: ReactNode) {
  const all: ListFrameProps<Thing> = {
    title: 'Things', testId: 'things', columns, rows: things, rowKey: (r) => r.id, rowTestId: 'thing-row', cardsTestId: 'thing-cards',
    paging, empty: { title: 'Nothing here' }, ...props,
  };
  return renderPage(
    <Routes>
      <Route path="/" element={<>{extra}<ListFrame {...all} /></>} />
      <Route path="/things/:id" element={<Opened />} />
    </Routes>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('ListFrame', () => {
  it('draws a table named by its title on a desktop, every column in it and each row once', () => {
    viewport(DESKTOP);
    renderFrame({ rowData: (r) => ({ 'data-thing': r.id }) });
    expect(screen.getByRole('heading', { level: 2, name: 'Things' })).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Things' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Name', 'Count', 'Note']);
    const rows = screen.getAllByTestId('thing-row');
    expect(rows.map((r) => r.getAttribute('data-thing'))).toEqual(['a', 'b']);
    expect(within(rows[1]).getAllByRole('cell').map((c) => c.textContent)).toEqual(['Beta', '12', 'second']);
    expect(within(rows[1]).getByTestId('count-cell')).toHaveTextContent('12');
    // the card's wording is for phones only
    expect(screen.queryByText('12 items')).toBeNull();
    expect(screen.queryByTestId('thing-cards')).toBeNull();
  });

  it('turns the rows into cards on a phone: title and figures by role, columns without one left off', () => {
    viewport(PHONE);
    renderFrame({});
    expect(screen.queryByRole('table')).toBeNull();
    const cards = within(screen.getByTestId('thing-cards')).getAllByTestId('thing-row');
    expect(cards).toHaveLength(2);
    expect(within(cards[0]).getByText('Alpha')).toBeInTheDocument();
    expect(within(cards[0]).getByText('3 items')).toBeInTheDocument();
    expect(cards[0]).not.toHaveTextContent('first');
  });

  it('pages: shows where it is, asks for the next page, and offers page sizes when given', async () => {
    viewport(DESKTOP);
    const onPageChange = vi.fn();
    const onPageSizeChange = vi.fn();
    renderFrame({ paging: { page: 0, pageSize: 20, total: 45, onPageChange, pageSizeOptions: [20, 50], onPageSizeChange } });
    expect(screen.getByText('1–20 of 45')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Go to previous page' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Go to next page' }));
    expect(onPageChange).toHaveBeenCalledWith(1);
    await userEvent.click(screen.getByRole('combobox', { name: 'Rows per page' }));
    await userEvent.click(await screen.findByRole('option', { name: '50' }));
    expect(onPageSizeChange).toHaveBeenCalledWith(50);
  });

  it('says what an empty page means, with a hint and an action, instead of a table', () => {
    viewport(DESKTOP);
    renderFrame({ rows: [], paging: { ...paging, total: 0 }, empty: { title: 'No things match', hint: 'Try another filter', action: <button>Clear</button> } });
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText('No things match')).toBeInTheDocument();
    expect(screen.getByText('Try another filter')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Clear' })).toBeInTheDocument();
  });

  it('shows a skeleton before the first answer, and keeps the old rows under an overlay while new ones load', () => {
    viewport(DESKTOP);
    const { unmount } = renderFrame({ loading: true, rows: [] });
    expect(screen.getByTestId('list-skeleton')).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByText('Nothing here')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Go to next page' })).toBeNull();
    unmount();
    renderFrame({ reloading: true });
    expect(screen.getAllByTestId('thing-row')).toHaveLength(2);
    expect(screen.getByTestId('table-overlay')).toBeInTheDocument();
  });

  it('shows an error with Retry instead of the rows', async () => {
    viewport(DESKTOP);
    const onRetry = vi.fn();
    renderFrame({ error: { message: 'Could not load things', onRetry } });
    expect(screen.getByText('Could not load things')).toBeInTheDocument();
    expect(screen.queryAllByTestId('thing-row')).toHaveLength(0);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('opens a linked row from the keyboard through the link in its link column', async () => {
    viewport(DESKTOP);
    renderFrame({ rowLink: (r) => `/things/${r.id}` });
    const link = within(screen.getAllByTestId('thing-row')[1]).getByRole('link', { name: 'Beta' });
    expect(link).toHaveAttribute('href', '/things/b');
    await userEvent.tab();
    expect(screen.getByRole('link', { name: 'Alpha' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByTestId('opened')).toHaveTextContent('opened a');
  });

  it('opens a linked row by a click on a cell that is not the link', async () => {
    viewport(DESKTOP);
    renderFrame({ rowLink: (r) => `/things/${r.id}` });
    await userEvent.click(screen.getByText('second'));
    expect(await screen.findByTestId('opened')).toHaveTextContent('opened b');
  });

  it('makes a whole card the link on a phone', async () => {
    viewport(PHONE);
    renderFrame({ rowLink: (r) => `/things/${r.id}` });
    const cards = within(screen.getByTestId('thing-cards')).getAllByRole('link');
    expect(cards.map((c) => c.getAttribute('href'))).toEqual(['/things/a', '/things/b']);
    expect(cards[1]).toHaveTextContent('Beta12 items');
    await userEvent.tab();
    await userEvent.tab();
    expect(cards[1]).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByTestId('opened')).toHaveTextContent('opened b');
  });

  it('expands a row to its details from the keyboard or a click, one row at a time', async () => {
    viewport(DESKTOP);
    renderFrame({ details: (r) => <p data-testid="details">details of {r.name}</p> });
    const [first, second] = screen.getAllByRole('button', { name: 'Show details' });
    expect(first).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByTestId('details')).toBeNull();
    await userEvent.tab();
    expect(first).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(screen.getByTestId('details')).toHaveTextContent('details of Alpha');
    expect(first).toHaveAttribute('aria-expanded', 'true');
    await userEvent.click(screen.getByText('second'));
    expect(await screen.findByText('details of Beta')).toBeInTheDocument();
    expect(second).toHaveAttribute('aria-expanded', 'true');
    expect(first).toHaveAttribute('aria-expanded', 'false');
  });

  it('expands a card on a phone from the keyboard', async () => {
    viewport(PHONE);
    renderFrame({ details: (r) => <p data-testid="details">details of {r.name}</p>, rowTint: (r) => (r.id === 'b' ? 'rgb(255, 0, 0)' : undefined) });
    const cards = screen.getAllByTestId('thing-row');
    const toggle = within(cards[1]).getByRole('button');
    toggle.focus();
    await userEvent.keyboard('{Enter}');
    expect(within(cards[1]).getByTestId('details')).toHaveTextContent('details of Beta');
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(cards[1]).toHaveStyle({ backgroundColor: 'rgb(255, 0, 0)' });
  });
});
