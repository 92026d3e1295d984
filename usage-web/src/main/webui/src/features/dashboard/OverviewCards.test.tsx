import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderPage } from '../../shared/testing/render';
import { OverviewCards } from './OverviewCards';

describe('OverviewCards', () => {
  it('shows the four figures with their change against the previous period', () => {
    renderPage(<OverviewCards days={30} loading={false} overview={{
      startTime: 0, endTime: 1, totalCalls: 1200, totalTokens: 50_000, totalCredits: 12.5, successRate: 0.95,
      previous: { startTime: -1, endTime: -1, totalCalls: 1000, totalTokens: 0, totalCredits: 25, successRate: 0.97 },
    }} />);
    const calls = screen.getByTestId('overview-calls');
    expect(within(calls).getByTestId('stat-value')).toHaveTextContent('1,200');
    // (1200 - 1000) / 1000 = +20 %
    expect(within(calls).getByTestId('stat-change')).toHaveTextContent('20% vs previous 30 days');
    expect(within(calls).getByTestId('ArrowUpwardIcon')).toBeInTheDocument();
    // no tokens before: nothing to compare with
    expect(within(screen.getByTestId('overview-tokens')).getByTestId('stat-change')).toHaveTextContent('no earlier data');
    const credits = screen.getByTestId('overview-credits');
    expect(within(credits).getByTestId('stat-change')).toHaveTextContent('50% vs previous 30 days');
    expect(within(credits).getByTestId('ArrowDownwardIcon')).toBeInTheDocument();
    // success rate: 95 % vs 97 % is 2 points down
    expect(within(screen.getByTestId('overview-success')).getByTestId('stat-value')).toHaveTextContent('95%');
    expect(within(screen.getByTestId('overview-success')).getByTestId('stat-change')).toHaveTextContent('2 pp vs previous 30 days');
  });

  it('draws skeletons on the first load', () => {
    renderPage(<OverviewCards days={7} loading overview={undefined} />);
    expect(screen.queryAllByTestId('stat-value')).toHaveLength(0);
  });
});
