import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lastDays } from '../../shared/lib/range';
import { fakeGateway, renderPage } from '../../shared/testing/render';
import { forgetKnownQuota } from '../credits/QuotaSection';
import { DashboardPage } from './DashboardPage';

afterEach(() => {
  vi.unstubAllGlobals();
  forgetKnownQuota();
});

const overview = { startTime: 0, endTime: 1, totalCalls: 120, totalTokens: 900, totalCredits: 1.5, successRate: 0.9 };

/** The gateway, with the quota endpoint unreachable (fetch rejects, as when the network drops that request) until told otherwise. */
function gateway() {
  const state = { quotaDown: true };
  const requests = fakeGateway((url) => {
    switch (url.pathname) {
      case '/api/usage/quota':
        if (state.quotaDown) throw new TypeError('Failed to fetch');
        return { total: 100, used: 40, remaining: 60, estimatedDaysRemaining: 12, asOf: Math.floor(Date.now() / 1000), stale: false };
      case '/api/usage/overview': return overview;
      case '/api/usage/forecast': return { month: '2026-11', spent: 40, expected: 61.5, low: 55, high: 70, basis: { days: 28, level: 2 }, projects: [] };
      case '/api/usage/trends': return { granularity: 'day', timezone: 'UTC', trends: [] };
      case '/api/usage/projects': return { projects: [{ appDid: 'did:app:a', totalCalls: 120, totalCredits: 1.5, successRate: 0.9, lastCallTime: 1 }], count: 1, page: 1, pageSize: 20 };
      case '/api/usage/quota-details': return { list: [{ id: 't1', amount: 50, type: 'grant', createdAt: 1, description: 'Welcome' }], count: 1, page: 1, pageSize: 20 };
      default: return new Response('{}', { status: 404 });
    }
  });
  return { state, requests };
}

describe('DashboardPage', () => {
  it('lets one section fail on its own: the quota card shows its error with Retry, the rest stays', async () => {
    const { state } = gateway();
    renderPage(<DashboardPage />);
    const error = await screen.findByTestId('quota-error');
    expect(error).toHaveTextContent('Could not load Credits: the server cannot be reached');
    // every other section is there with its numbers (the lists render after the overview cards: docs/web.md
    // "First load"); no page-wide error
    expect(await screen.findAllByTestId('project-row', {}, { timeout: 5000 })).toHaveLength(1);
    expect(within(screen.getByTestId('overview-calls')).getByTestId('stat-value')).toHaveTextContent('120');
    expect(await screen.findByTestId('forecast')).toHaveTextContent('Forecast for November: ≈ 61.50 credits (55.00–70.00)');
    expect(await screen.findAllByTestId('tx-row')).toHaveLength(1);
    expect(screen.queryByTestId('network-error')).toBeNull();
    expect(screen.queryByTestId('quota-bar')).toBeNull();

    state.quotaDown = false;
    await userEvent.click(within(error).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('quota-bar')).toHaveAttribute('data-level', 'ok');
    expect(screen.queryByTestId('quota-error')).toBeNull();
  });

  it('asks for whole local days and names the tab', async () => {
    const { requests } = gateway();
    renderPage(<DashboardPage />);
    await waitFor(() => expect(document.title).toBe('Dashboard · AIGNE Hub Usage'));
    await screen.findAllByTestId('project-row', {}, { timeout: 5000 });
    const stats = requests.find((u) => u.pathname === '/api/usage/overview' && u.searchParams.get('compare') === 'previous')!;
    const end = Number(stats.searchParams.get('endTime'));
    // 30 days: from midnight 29 days before today, local time, until now
    expect(Number(stats.searchParams.get('startTime'))).toBe(lastDays(30, new Date(end * 1000)).startTime);
    const trends = requests.filter((u) => u.pathname === '/api/usage/trends');
    const spend = trends.find((u) => Number(u.searchParams.get('endTime')) - Number(u.searchParams.get('startTime')) < 7 * 86_400 + 3600)!;
    expect(Number(spend.searchParams.get('startTime'))).toBe(lastDays(7, new Date(Number(spend.searchParams.get('endTime')) * 1000)).startTime);
    const trend = trends.find((u) => u !== spend)!;
    expect(trend.searchParams.get('startTime')).toBe(stats.searchParams.get('startTime'));
    expect(trend.searchParams.get('granularity')).toBe('day');
  });
});
