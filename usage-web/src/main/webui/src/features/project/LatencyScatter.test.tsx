import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { cloneElement, type ReactElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../shared/api/client';
import { renderPage } from '../../shared/testing/render';
import type { CallSample, SampledCall } from './callSample';
import { LatencyScatter } from './LatencyScatter';

// jsdom has no layout: a fixed-size chart, so recharts draws the points
vi.mock('recharts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('recharts')>()),
  ResponsiveContainer: ({ children }: { children: ReactElement<{ width?: number; height?: number }> }) =>
    cloneElement(children, { width: 600, height: 320 }),
}));

const state = (data?: CallSample, extra: object = {}) => ({ data, initialLoading: false, error: undefined, retry: () => {}, ...extra });
const call = (id: string, model: string, status: SampledCall['status'] = 'success'): SampledCall =>
  ({ id, model, status, duration: 1200, totalUsage: 800, credits: 0.0042 });

describe('LatencyScatter', () => {
  it('draws each call, says how much of the range the sample is and names the models', async () => {
    const list = [call('a', 'gpt-4o'), call('b', 'gpt-4o'), call('c', 'claude-3', 'failed')];
    renderPage(<LatencyScatter sample={state({ total: 12_345, list })} />);
    const card = screen.getByTestId('latency-scatter');
    expect(card).toHaveAttribute('data-points', '3');
    expect(card).toHaveAttribute('data-total', '12345');
    expect(within(card).getByText('Latency vs tokens')).toBeInTheDocument();
    expect(screen.getByTestId('scatter-caption')).toHaveTextContent('Sample of 3 of 12,345 calls');
    // busiest model first; failed calls get their own entry
    expect(screen.getAllByTestId('scatter-legend-item').map((i) => i.textContent)).toEqual(['gpt-4o', 'claude-3', 'Failed (hollow)']);
    // every call a point (once the lazily loaded charts chunk drew them); the failed one a red ring
    await waitFor(() => expect(card.querySelectorAll('.recharts-scatter circle')).toHaveLength(3), { timeout: 10_000 });
    expect(card.querySelectorAll('circle.failed-point')).toHaveLength(1);
    expect(card.querySelector('circle.failed-point')).toHaveAttribute('stroke', '#d32f2f');
    // tokens across, then latency up, ticked like the trend charts' (1.2 s at most: steps of 500 ms)
    expect([...card.querySelectorAll('.recharts-cartesian-axis-tick-value')].map((n) => n.textContent))
      .toEqual(['0', '200', '400', '600', '800', '0', '500 ms', '1 s', '1.5 s']);
    await userEvent.hover(card.querySelector('circle.failed-point')!);
    const tip = await screen.findByTestId('scatter-tooltip');
    for (const text of ['claude-3', 'Tokens: 800', 'Latency: 1.2 s', 'Credits: 0.0042', 'Status: Failed', 'Call id: c']) expect(tip).toHaveTextContent(text);
  });

  it('says "All" when the sample is the whole range, and groups models beyond eight as Other', () => {
    const list = Array.from({ length: 10 }, (_, m) => Array.from({ length: 10 - m }, (_, i) => call(`${m}-${i}`, `model-${m}`))).flat();
    renderPage(<LatencyScatter sample={state({ total: list.length, list })} />);
    expect(screen.getByTestId('scatter-caption')).toHaveTextContent('All 55 calls');
    const legend = screen.getAllByTestId('scatter-legend-item').map((i) => i.textContent);
    expect(legend).toEqual(['model-0', 'model-1', 'model-2', 'model-3', 'model-4', 'model-5', 'model-6', 'Other']);
    expect(screen.getByTestId('latency-scatter')).toHaveAttribute('data-points', '55');
  });

  it('speaks Chinese', () => {
    renderPage(<LatencyScatter sample={state({ total: 12_345, list: [call('a', 'gpt-4o')] })} />, { lang: 'zh' });
    expect(screen.getByText('延迟与 Token 数')).toBeInTheDocument();
    expect(screen.getByTestId('scatter-caption')).toHaveTextContent('抽样 1 次，共 12,345 次调用');
  });

  it('says when the range has no calls', () => {
    renderPage(<LatencyScatter sample={state({ total: 0, list: [] })} />);
    expect(screen.getByTestId('scatter-empty')).toHaveTextContent('No calls in this range');
    expect(screen.queryByTestId('scatter-caption')).toBeNull();
    expect(screen.queryByTestId('scatter-plot')).toBeNull();
    expect(screen.getByTestId('latency-scatter')).toHaveAttribute('data-points', '0');
  });

  it('says the older calls expired instead of "No calls in this range" (retention)', () => {
    const expiredBefore = new Date(2026, 9, 1).getTime() / 1000;
    const coverage = { complete: false, exactFrom: expiredBefore, dailyOnlyBefore: expiredBefore };
    const { unmount } = renderPage(<LatencyScatter sample={state({ total: 0, list: [], coverage })} />);
    const empty = screen.getByTestId('scatter-empty');
    // the call list's words
    expect(empty).toHaveTextContent('Calls before Oct 1, 2026 have expired');
    expect(empty).toHaveTextContent('Only the statistics above still count them.');
    expect(empty).not.toHaveTextContent('No calls in this range');
    unmount();

    renderPage(<LatencyScatter sample={state({ total: 0, list: [], coverage })} />, { lang: 'zh' });
    expect(screen.getByTestId('scatter-empty')).toHaveTextContent('之前的调用已过期');
  });

  it('notes the expired calls above a sample of the kept ones, and nothing when complete', () => {
    const expiredBefore = new Date(2026, 9, 1).getTime() / 1000;
    const list = [call('a', 'gpt-4o')];
    const { unmount } = renderPage(<LatencyScatter sample={state({ total: 1, list, coverage: { complete: false, exactFrom: expiredBefore, dailyOnlyBefore: null } })} />);
    expect(screen.getByTestId('scatter-expired')).toHaveTextContent('Calls before Oct 1, 2026 have expired');
    expect(screen.getByTestId('scatter-plot')).toBeInTheDocument();
    unmount();

    renderPage(<LatencyScatter sample={state({ total: 1, list, coverage: { complete: true, exactFrom: 5, dailyOnlyBefore: null } })} />);
    expect(screen.queryByTestId('scatter-expired')).toBeNull();
  });

  it('shows a skeleton while loading and its own error with Retry', async () => {
    const loading = renderPage(<LatencyScatter sample={state(undefined, { initialLoading: true })} />);
    expect(screen.queryByTestId('scatter-plot')).toBeNull();
    expect(screen.getByTestId('latency-scatter')).not.toHaveAttribute('data-points');
    loading.unmount();

    const retry = vi.fn();
    renderPage(<LatencyScatter sample={state(undefined, { error: new ApiError(502, 'query service unreachable'), retry })} />);
    const error = within(screen.getByTestId('latency-scatter')).getByTestId('section-error');
    expect(error).toHaveTextContent('Could not load Latency vs tokens: query service unreachable');
    expect(screen.queryByTestId('scatter-caption')).toBeNull();
    await userEvent.click(within(error).getByRole('button', { name: 'Retry' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });
});
