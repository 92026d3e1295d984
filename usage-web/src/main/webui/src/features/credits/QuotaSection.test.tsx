import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, NetworkError } from '../../shared/api/client';
import type { QuotaAnswer } from '../../shared/api/types';
import { renderPage } from '../../shared/testing/render';
import { forgetKnownQuota, QuotaSection, type Spend } from './QuotaSection';

afterEach(() => forgetKnownQuota());

const noSpend = { data: undefined, initialLoading: false, error: undefined, retry: () => {} };
const loaded = (quota: QuotaAnswer, extra: object = {}) =>
  ({ data: quota, receivedAt: Date.now(), initialLoading: false, error: undefined, pollError: undefined, retry: vi.fn(), ...extra });
const hhmm = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

/** Nothing on the card may claim a fact: no bar (and so no colour), no percentage, no "no spend". */
function expectNoFacts() {
  const card = screen.getByTestId('quota-section');
  expect(screen.queryByTestId('quota-bar')).toBeNull();
  expect(screen.queryByTestId('quota-total')).toBeNull();
  expect(card).not.toHaveTextContent(/% used/);
  expect(card).not.toHaveTextContent('No spend');
}

describe('QuotaSection', () => {
  it('shows the balance with its unit, days left and a bar coloured by what is left', () => {
    renderPage(<QuotaSection spend={noSpend} quota={loaded({ total: 200, used: 185, remaining: 15, estimatedDaysRemaining: 4.6 })} />);
    expect(screen.getByTestId('quota-total')).toHaveTextContent('200.00');
    expect(screen.getByTestId('quota-used')).toHaveTextContent('185.00');
    expect(screen.getByTestId('quota-remaining')).toHaveTextContent('15.00');
    expect(screen.getByTestId('quota-total').parentElement).toHaveTextContent('200.00credits');
    // 15 of 200 left = 7.5 % < 10 %: red
    expect(screen.getByTestId('quota-bar')).toHaveAttribute('data-level', 'critical');
    expect(screen.getByTestId('quota-percent')).toHaveTextContent('92.5% used');
    expect(screen.getByTestId('quota-days')).toHaveTextContent('4 days');
    expect(screen.queryByTestId('quota-stale')).toBeNull();
  });

  it('says so when nothing was spent', () => {
    renderPage(<QuotaSection spend={noSpend} quota={loaded({ total: 100, used: 0, remaining: 100 })} />);
    expect(screen.getByTestId('quota-bar')).toHaveAttribute('data-level', 'ok');
    expect(screen.getByTestId('quota-days')).toHaveTextContent('No spend in the last 30 days');
  });

  it('draws a skeleton while loading: no bar colour, no numbers', () => {
    renderPage(<QuotaSection spend={{ ...noSpend, initialLoading: true }}
      quota={{ data: undefined, initialLoading: true, error: undefined, retry: () => {} }} />);
    expect(screen.getByTestId('quota-skeleton')).toBeInTheDocument();
    expectNoFacts();
    expect(screen.queryByTestId('spend-total')).toBeNull();
  });

  it('shows the error with Retry when the first load fails and nothing is known', async () => {
    const retry = vi.fn();
    renderPage(<QuotaSection spend={noSpend}
      quota={{ data: undefined, initialLoading: false, error: new ApiError(503, 'billing unavailable'), retry }} />);
    const error = screen.getByTestId('quota-error');
    expect(error).toHaveTextContent('Could not load Credits: billing unavailable');
    expectNoFacts();
    await userEvent.click(within(error).getByRole('button', { name: 'Retry' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('shows the last value known in this page session, with its time, when a later load fails', () => {
    const asOf = new Date();
    const first = renderPage(<QuotaSection spend={noSpend}
      quota={loaded({ total: 500, used: 100, remaining: 400, asOf: Math.floor(asOf.getTime() / 1000) })} />);
    first.unmount(); // e.g. to a project and back
    renderPage(<QuotaSection spend={noSpend} quota={{ data: undefined, initialLoading: false, error: new NetworkError('down'), retry: () => {} }} />);
    expect(screen.getByTestId('quota-remaining')).toHaveTextContent('400.00');
    const stale = screen.getByTestId('quota-stale');
    expect(stale).toHaveTextContent(`the server cannot be reached); showing it as of ${hhmm(asOf)}`);
    expect(within(stale).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    expect(screen.queryByTestId('quota-error')).toBeNull();
  });

  it('marks the value on screen with its time when a poll fails', () => {
    const asOf = new Date();
    renderPage(<QuotaSection spend={noSpend} quota={loaded({ total: 500, used: 100, remaining: 400, asOf: Math.floor(asOf.getTime() / 1000) },
      { pollError: new ApiError(504, 'timeout') })} />);
    expect(screen.getByTestId('quota-bar')).toHaveAttribute('data-level', 'ok');
    expect(screen.getByTestId('quota-stale')).toHaveTextContent(`Could not refresh the balance (timeout); showing it as of ${hhmm(asOf)}.`);
  });

  it("shows the gateway's own stale answer with its asOf", () => {
    const asOf = new Date(Date.now() - 20 * 60_000);
    renderPage(<QuotaSection spend={noSpend}
      quota={loaded({ total: 500, used: 100, remaining: 400, stale: true, asOf: Math.floor(asOf.getTime() / 1000) })} />);
    const stale = screen.getByTestId('quota-stale');
    expect(stale).toHaveAttribute('data-as-of', String(Math.floor(asOf.getTime() / 1000)));
    expect(stale).toHaveTextContent(new RegExp(`showing the last known balance, as of (\\d\\d/\\d\\d, )?${hhmm(asOf)}\\.`));
    expect(within(stale).queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('sums the 7-day spend with its unit, and fails on its own', async () => {
    const spend: Spend = {
      range: { startTime: 0, endTime: 7 * 86_400 },
      answer: { trends: [{ timestamp: 0, calls: 3, totalCredits: 1.25 }, { timestamp: 86_400, calls: 1, totalCredits: 0.5 }] },
    };
    const quota = loaded({ total: 100, used: 2, remaining: 98 });
    const { unmount } = renderPage(<QuotaSection quota={quota} spend={{ data: spend, initialLoading: false, error: undefined, retry: () => {} }} />);
    expect(screen.getByTestId('spend-total')).toHaveTextContent('1.75 credits');
    unmount();
    const retry = vi.fn();
    renderPage(<QuotaSection quota={quota} spend={{ data: undefined, initialLoading: false, error: new ApiError(500, 'boom'), retry }} />);
    await userEvent.click(within(screen.getByTestId('spend-error')).getByRole('button', { name: 'Retry' }));
    expect(retry).toHaveBeenCalled();
    // the balance stays
    expect(screen.getByTestId('quota-total')).toHaveTextContent('100.00');
  });
});
