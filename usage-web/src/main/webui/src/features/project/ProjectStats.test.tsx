import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ProjectStats as Stats } from '../../shared/api/types';
import { renderPage } from '../../shared/testing/render';
import { ProjectStats } from './ProjectStats';

const state = (data?: Stats) => ({ data, initialLoading: false, reloading: false, error: undefined, retry: () => {} });
const stats = (previousComplete: boolean): Stats => ({
  appDid: 'did:app:x', startTime: 0, endTime: 1, totalCalls: 200, totalTokens: 9_000, totalCredits: 2, successRate: 0.9,
  avgDuration: 1_200, p95Duration: 3_000, coverage: { complete: true, exactFrom: 0, dailyOnlyBefore: null },
  previous: { appDid: 'did:app:x', startTime: -1, endTime: -1, totalCalls: 100, totalTokens: 0, totalCredits: 1, successRate: 0.8,
    avgDuration: 1_000, p95Duration: 2_000, coverage: { complete: previousComplete, exactFrom: previousComplete ? -1 : 0, dailyOnlyBefore: null } },
});
const change = (id: string) => within(screen.getByTestId(`stat-${id}`)).getByTestId('stat-change');

describe('ProjectStats', () => {
  it('compares the six figures with a complete previous period', () => {
    renderPage(<ProjectStats days={7} stats={state(stats(true))} />);
    expect(change('calls')).toHaveTextContent('100% vs previous 7 days');
    expect(change('tokens')).toHaveTextContent('new: none in the previous 7 days');
    expect(change('p95')).toHaveTextContent('50% vs previous 7 days');
  });

  it('claims no change on any card when the previous period partly expired, and keeps the values', () => {
    renderPage(<ProjectStats days={7} stats={state(stats(false))} />);
    for (const id of ['calls', 'tokens', 'credits', 'success', 'avg', 'p95']) {
      expect(change(id)).toHaveTextContent(/^previous 7 days partly expired$/);
    }
    expect(within(screen.getByTestId('stat-calls')).getByTestId('stat-value')).toHaveTextContent('200');
    expect(within(screen.getByTestId('stat-p95')).getByTestId('stat-value')).toHaveTextContent('3 s');
  });
});
