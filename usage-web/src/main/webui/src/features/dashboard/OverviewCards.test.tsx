import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../shared/api/client';
import type { Overview } from '../../shared/api/types';
import { renderPage } from '../../shared/testing/render';
import { OverviewCards } from './OverviewCards';

const state = (data?: Overview, extra: object = {}) => ({ data, initialLoading: false, reloading: false, error: undefined, retry: () => {}, ...extra });

describe('OverviewCards', () => {
  it('shows credits by the credits rule and huge growth as ×N', () => {
    renderPage(<OverviewCards days={30} overview={state({
      startTime: 0, endTime: 1, totalCalls: 1200, totalTokens: 50_000, totalCredits: 15_923.4, successRate: 0.95,
      previous: { startTime: -1, endTime: -1, totalCalls: 1000, totalTokens: 0, totalCredits: 212.3, successRate: 0.97 },
    })} />);
    const credits = screen.getByTestId('overview-credits');
    // credits: never compacted, two decimals; 15,923.4 / 212.3 = 75 times: "×75", not "↑7400.4%"
    expect(within(credits).getByTestId('stat-value')).toHaveTextContent('15,923.40');
    expect(within(credits).getByTestId('stat-change')).toHaveTextContent('×75 vs previous 30 days');
  });

  it('shows the four figures by the number rules, with their change against the previous period', () => {
    renderPage(<OverviewCards days={30} overview={state({
      startTime: 0, endTime: 1, totalCalls: 1200, totalTokens: 50_000, totalCredits: 5_000_000, successRate: 0.95,
      previous: { startTime: -1, endTime: -1, totalCalls: 1000, totalTokens: 0, totalCredits: 2, successRate: 0.97 },
    })} />);
    const calls = screen.getByTestId('overview-calls');
    // counts on cards: compact from 1,000, the exact count in the tooltip
    expect(within(calls).getByTestId('stat-value')).toHaveTextContent('1.2K');
    expect(within(calls).getByTestId('stat-value')).toHaveAttribute('data-exact', '1,200');
    // (1200 - 1000) / 1000 = +20 %
    expect(within(calls).getByTestId('stat-change')).toHaveTextContent('20% vs previous 30 days');
    expect(within(calls).getByTestId('ArrowUpwardIcon')).toBeInTheDocument();
    // no tokens before: new
    expect(within(screen.getByTestId('overview-tokens')).getByTestId('stat-value')).toHaveTextContent('50K');
    expect(within(screen.getByTestId('overview-tokens')).getByTestId('stat-change')).toHaveTextContent('new: none in the previous 30 days');
    // 2,500,000 times: capped
    expect(within(screen.getByTestId('overview-credits')).getByTestId('stat-change')).toHaveTextContent('×999+ vs previous 30 days');
    // success rate: 95 % vs 97 % is 2 points down
    expect(within(screen.getByTestId('overview-success')).getByTestId('stat-value')).toHaveTextContent('95%');
    expect(within(screen.getByTestId('overview-success')).getByTestId('stat-change')).toHaveTextContent('2 pp vs previous 30 days');
  });

  it('claims no change against a partly expired previous period, in English and Chinese', async () => {
    const overview: Overview = {
      startTime: 0, endTime: 1, totalCalls: 1200, totalTokens: 50_000, totalCredits: 30, successRate: 0.95,
      coverage: { complete: true, exactFrom: 0, dailyOnlyBefore: 5 },
      // retention removed part of the previous 30 days: its numbers count the kept calls only
      previous: { startTime: -1, endTime: -1, totalCalls: 10, totalTokens: 0, totalCredits: 1, successRate: 0.5,
        coverage: { complete: false, exactFrom: -1, dailyOnlyBefore: 5 } },
    };
    const { unmount } = renderPage(<OverviewCards days={30} overview={state(overview)} />);
    for (const id of ['calls', 'tokens', 'credits', 'success']) {
      const card = screen.getByTestId(`overview-${id}`);
      const change = within(card).getByTestId('stat-change');
      // not "×120", not "new: none in the previous 30 days", not "45 pp", and no arrow
      expect(change).toHaveTextContent(/^previous 30 days partly expired$/);
      expect(within(change).getByText(/partly expired/)).toHaveAttribute('data-kind', 'partial');
      expect(within(card).queryByTestId('ArrowUpwardIcon')).toBeNull();
      expect(within(card).queryByTestId('ArrowDownwardIcon')).toBeNull();
    }
    // the current values stay
    expect(within(screen.getByTestId('overview-calls')).getByTestId('stat-value')).toHaveTextContent('1.2K');
    expect(within(screen.getByTestId('overview-success')).getByTestId('stat-value')).toHaveTextContent('95%');
    await userEvent.hover(within(screen.getByTestId('overview-calls')).getByText(/partly expired/));
    expect(await screen.findByRole('tooltip')).toHaveTextContent('Retention removed some calls of the previous 30 days, so no change is shown.');
    unmount();

    renderPage(<OverviewCards days={30} overview={state(overview)} />, { lang: 'zh' });
    expect(within(screen.getByTestId('overview-tokens')).getByTestId('stat-change')).toHaveTextContent('前 30 天的数据部分已过期');
  });

  it('draws skeletons on the first load', () => {
    renderPage(<OverviewCards days={7} overview={state(undefined, { initialLoading: true })} />);
    expect(screen.queryAllByTestId('stat-value')).toHaveLength(0);
  });

  it('shows its own error with Retry instead of the cards', async () => {
    const retry = vi.fn();
    renderPage(<OverviewCards days={7} overview={state(undefined, { error: new ApiError(502, 'query service unreachable'), retry })} />);
    expect(screen.queryAllByTestId('stat-value')).toHaveLength(0);
    const error = within(screen.getByTestId('overview-cards')).getByTestId('section-error');
    expect(error).toHaveTextContent('query service unreachable');
    await userEvent.click(within(error).getByRole('button', { name: 'Retry' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });
});
