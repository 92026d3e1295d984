import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderPage } from '../../shared/testing/render';
import { AlertsBell } from './AlertsBell';
import { fakeAlertsGateway, notification } from './alertsTesting';

afterEach(() => vi.unstubAllGlobals());

function Where() {
  const l = useLocation();
  return <output data-testid="where">{l.pathname + l.search}</output>;
}

const page = (items = [notification(), notification({ id: 41, event: 'resolved', message: 'Error rate back to 1 %', at: Math.floor(Date.now() / 1000) - 7200 })]) => ({
  unread: 3, total: 3, page: 1, pageSize: 10, items,
});

describe('AlertsBell', () => {
  it('shows the unread count and lists the newest unread notifications with their time and project', async () => {
    const seen = fakeAlertsGateway(() => page());
    renderPage(<AlertsBell />);
    const bell = await screen.findByTestId('alerts-bell');
    expect(bell).toHaveAttribute('data-state', 'up');
    expect(screen.getByTestId('alerts-bell-count')).toHaveTextContent('3');
    expect(bell).toHaveAccessibleName('Alerts: 3 unread');
    const asked = seen[0].url;
    expect(asked.pathname).toBe('/api/usage/alerts/notifications');
    expect(asked.searchParams.get('unread')).toBe('true');
    expect(asked.searchParams.get('pageSize')).toBe('10');

    await userEvent.click(bell);
    const items = await screen.findAllByTestId('alerts-item');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('Error rate 7.5 % over the last 1 h (120 calls) is above 5 %');
    expect(items[0]).toHaveTextContent('did:app:alice-chatbot');
    expect(items[0]).toHaveTextContent('5 minutes ago');
    expect(items[0]).toHaveAttribute('data-event', 'opened');
    expect(items[1]).toHaveTextContent('2 hours ago');
    expect(within(items[1]).getByTitle('Resolved')).toBeInTheDocument();
  });

  it('marks all read: the count goes, and the service is told', async () => {
    let unread = true;
    const seen = fakeAlertsGateway((method, url) => {
      if (method === 'POST' && url.pathname === '/api/usage/alerts/notifications/read-all') { unread = false; return undefined; }
      return unread ? page() : { unread: 0, total: 0, page: 1, pageSize: 10, items: [] };
    });
    renderPage(<AlertsBell />);
    await userEvent.click(await screen.findByTestId('alerts-bell'));
    await userEvent.click(await screen.findByTestId('alerts-mark-all'));
    await waitFor(() => expect(screen.queryByTestId('alerts-item')).toBeNull());
    expect(screen.getByTestId('alerts-none')).toHaveTextContent('No unread alerts');
    const post = seen.find((s) => s.method === 'POST')!;
    expect(post.url.pathname).toBe('/api/usage/alerts/notifications/read-all');
    // asked again after the mark (ALERTS_CHANGED), and the badge shows nothing
    await waitFor(() => expect(seen.filter((s) => s.method === 'GET').length).toBeGreaterThan(1));
    expect(screen.getByTestId('alerts-bell')).toHaveAccessibleName('Alerts: 0 unread');
  });

  it('marks one read and opens the alerts page at it', async () => {
    const seen = fakeAlertsGateway(() => page());
    renderPage(<><AlertsBell /><Where /></>, { path: '/usage/dashboard' });
    await userEvent.click(await screen.findByTestId('alerts-bell'));
    await userEvent.click((await screen.findAllByTestId('alerts-item'))[0]);
    expect(screen.getByTestId('where')).toHaveTextContent('/usage/alerts?notification=42');
    await waitFor(() => expect(seen.some((s) => s.method === 'POST' && s.url.pathname === '/api/usage/alerts/notifications/42/read')).toBe(true));
  });

  it('stays quiet and muted when the alerts service is down: no count, no error on the page', async () => {
    fakeAlertsGateway(() => new Response(JSON.stringify({ status: 502, detail: 'The usage service is not reachable.' }),
      { status: 502, headers: { 'Content-Type': 'application/problem+json' } }));
    renderPage(<><AlertsBell /><Where /></>, { path: '/usage/dashboard' });
    const bell = await screen.findByTestId('alerts-bell');
    await waitFor(() => expect(bell).toHaveAttribute('data-state', 'down'));
    expect(bell).toBeDisabled();
    expect(screen.queryByTestId('alerts-bell-count')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByText(/not reachable/)).toBeNull();
    expect(screen.getByTestId('where')).toHaveTextContent('/usage/dashboard');
  });

  it('stays quiet when the network drops the request', async () => {
    fakeAlertsGateway(() => { throw new TypeError('Failed to fetch'); });
    renderPage(<AlertsBell />);
    await waitFor(() => expect(screen.getByTestId('alerts-bell')).toHaveAttribute('data-state', 'down'));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
