import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import type { Trends } from '../api/types';
import { renderPage } from '../testing/render';
import { UsageHeatmap } from './UsageHeatmap';

const state = (data?: Trends, extra: object = {}) => ({ data, initialLoading: false, error: undefined, retry: () => {}, ...extra });
const at = (...p: [number, number, number, number]) => new Date(...p).getTime() / 1000;

// hourly buckets at local hours (any zone: built with the local Date constructor, in January)
const trends: Trends = {
  granularity: 'hour',
  trends: [
    { timestamp: at(2026, 0, 12, 9), calls: 5 }, // Mon 09
    { timestamp: at(2026, 0, 13, 14), calls: 1234 }, // Tue 14
    { timestamp: at(2026, 0, 20, 14), calls: 0 }, // Tue 14 of the next week: two hours, 617 on average
    { timestamp: at(2026, 0, 18, 23), calls: 3 }, // Sun 23
    { timestamp: at(2026, 0, 15, 8), calls: undefined }, // Thu 08, no calls
  ],
};

const cell = (weekday: number, hour: number) =>
  screen.getAllByTestId('heatmap-cell').find((c) => c.dataset.weekday === String(weekday) && c.dataset.hour === String(hour))!;

describe('UsageHeatmap', () => {
  it('draws 7 × 24 cells with the calls of each local weekday and hour', () => {
    renderPage(<UsageHeatmap trends={state(trends)} />);
    const cells = screen.getAllByTestId('heatmap-cell');
    expect(cells).toHaveLength(168);
    expect(screen.getByTestId('usage-heatmap')).toHaveAttribute('data-total', '1242');
    const nonZero = cells.filter((c) => c.dataset.calls !== '0').map((c) => [c.dataset.weekday, c.dataset.hour, c.dataset.calls]);
    expect(nonZero).toEqual([['1', '9', '5'], ['2', '14', '1234'], ['7', '23', '3']]);
    // rows Monday first, hour labels every three hours
    expect(cells[0]).toHaveAttribute('data-weekday', '1');
    expect(cells[167]).toHaveAttribute('data-weekday', '7');
    expect(screen.getAllByTestId('heatmap-hour').map((h) => h.textContent)).toEqual(
      ['00:00', '03:00', '06:00', '09:00', '12:00', '15:00', '18:00', '21:00']);
    expect(screen.getByText('Tue')).toBeInTheDocument();
    // the legend runs from 0 to the largest cell, compact
    expect(screen.getByTestId('heatmap-max')).toHaveTextContent('1.23K');
  });

  it('explains each cell: its calls and the average per hour of the range', async () => {
    renderPage(<UsageHeatmap trends={state(trends)} />);
    expect(cell(2, 14)).toHaveAttribute('aria-label', 'Tue 14:00–15:00: 1,234 calls (avg 617 per hour)');
    expect(cell(1, 9)).toHaveAttribute('aria-label', 'Mon 09:00–10:00: 5 calls (avg 5 per hour)');
    expect(cell(4, 8)).toHaveAttribute('aria-label', 'Thu 08:00–09:00: 0 calls (avg 0 per hour)');
    expect(cell(3, 0)).toHaveAttribute('aria-label', 'Wed 00:00–01:00: not in this range');
    // colour: empty cells grey, the busiest the full hue
    expect(getComputedStyle(cell(3, 0)).backgroundColor).toBe('rgb(238, 238, 238)');
    expect(getComputedStyle(cell(2, 14)).backgroundColor).toBe('rgb(25, 118, 210)');
    await userEvent.hover(cell(7, 23));
    expect(await screen.findByRole('tooltip')).toHaveTextContent('Sun 23:00–24:00: 3 calls (avg 3 per hour)');
  });

  it('hatches the hours retention removed instead of drawing them as hours without calls', async () => {
    // Mon 12 00:00 … Wed 14 24:00 local; the API left out Monday's hours (coverage incomplete)
    const range = { startTime: at(2026, 0, 12, 0), endTime: at(2026, 0, 15, 0) - 1 };
    const kept: Trends = {
      granularity: 'hour',
      trends: Array.from({ length: 48 }, (_, i) => ({ timestamp: at(2026, 0, 13, i), calls: i === 9 ? 7 : 0 })),
      coverage: { complete: false, exactFrom: at(2026, 0, 13, 0), dailyOnlyBefore: at(2026, 0, 13, 0) },
    };
    renderPage(<UsageHeatmap trends={state(kept)} range={range} />);
    expect(screen.getByTestId('usage-heatmap')).toHaveAttribute('data-expired', '24');
    expect(screen.getByTestId('usage-heatmap')).toHaveAttribute('data-total', '7');
    // Monday's hours: expired, hatched, never the grey of "0"
    expect(cell(1, 9)).toHaveAttribute('data-expired', 'all');
    expect(cell(1, 9)).toHaveAttribute('aria-label', 'Mon 09:00–10:00: expired, the calls of these hours are no longer kept');
    expect(getComputedStyle(cell(1, 9)).backgroundImage).toContain('repeating-linear-gradient');
    expect(getComputedStyle(cell(1, 9)).backgroundColor).not.toBe('rgb(238, 238, 238)');
    // Tuesday's hours without calls are kept zeros; Thursday is not in the range
    expect(cell(2, 3)).toHaveAttribute('data-expired', 'none');
    expect(getComputedStyle(cell(2, 3)).backgroundColor).toBe('rgb(238, 238, 238)');
    expect(cell(2, 9)).toHaveAttribute('aria-label', 'Tue 09:00–10:00: 7 calls (avg 7 per hour)');
    expect(cell(4, 3)).toHaveAttribute('aria-label', 'Thu 03:00–04:00: not in this range');
    expect(screen.getByTestId('heatmap-legend')).toHaveTextContent('expired');
    await userEvent.hover(cell(1, 20));
    expect(await screen.findByRole('tooltip')).toHaveTextContent('Mon 20:00–21:00: expired');
  });

  it('notes the expired hours of a cell that kept some, and no expiry for a complete answer', () => {
    // two Mondays: the first expired, the second kept
    const range = { startTime: at(2026, 0, 12, 0), endTime: at(2026, 0, 20, 0) - 1 };
    const kept: Trends = {
      granularity: 'hour',
      trends: Array.from({ length: 24 * 5 }, (_, i) => ({ timestamp: at(2026, 0, 15, i), calls: i === 24 * 4 + 9 ? 4 : 0 })),
      coverage: { complete: false, exactFrom: at(2026, 0, 15, 0), dailyOnlyBefore: null },
    };
    const { unmount } = renderPage(<UsageHeatmap trends={state(kept)} range={range} />, { lang: 'zh' });
    expect(cell(1, 9)).toHaveAttribute('data-expired', 'some');
    expect(cell(1, 9)).toHaveAttribute('aria-label', '周一 09:00–10:00：4 次调用（平均每小时 4 次）；其中 1 个小时已过期');
    expect(cell(2, 9)).toHaveAttribute('aria-label', '周二 09:00–10:00：已过期，这些小时的调用已不再保留');
    unmount();

    renderPage(<UsageHeatmap trends={state({ ...trends, coverage: { complete: true, exactFrom: 0, dailyOnlyBefore: null } })}
      range={{ startTime: at(2026, 0, 12, 0), endTime: at(2026, 0, 21, 0) - 1 }} />);
    expect(screen.getByTestId('usage-heatmap')).toHaveAttribute('data-expired', '0');
    expect(screen.getAllByTestId('heatmap-cell').filter((c) => c.dataset.expired !== 'none')).toHaveLength(0);
    expect(screen.queryByTestId('heatmap-legend-expired')).toBeNull();
  });

  it('speaks Chinese', () => {
    renderPage(<UsageHeatmap trends={state(trends)} />, { lang: 'zh' });
    expect(screen.getByText('按星期和小时的调用次数')).toBeInTheDocument();
    expect(cell(2, 14)).toHaveAttribute('aria-label', '周二 14:00–15:00：1,234 次调用（平均每小时 617 次）');
  });

  it('shows a skeleton while loading, its error with Retry, and a note for ranges beyond hourly data', async () => {
    const { unmount } = renderPage(<UsageHeatmap trends={state(undefined, { initialLoading: true })} />);
    expect(screen.queryAllByTestId('heatmap-cell')).toHaveLength(0);
    expect(screen.getByTestId('usage-heatmap')).not.toHaveAttribute('data-total');
    unmount();

    const retry = vi.fn();
    const failed = renderPage(<UsageHeatmap trends={state(undefined, { error: new ApiError(502, 'query service unreachable'), retry })} />);
    const error = within(screen.getByTestId('usage-heatmap')).getByTestId('section-error');
    expect(error).toHaveTextContent('query service unreachable');
    await userEvent.click(within(error).getByRole('button', { name: 'Retry' }));
    expect(retry).toHaveBeenCalledTimes(1);
    failed.unmount();

    renderPage(<UsageHeatmap trends={state(trends)} tooLong />);
    expect(screen.queryAllByTestId('heatmap-cell')).toHaveLength(0);
    expect(screen.getByTestId('heatmap-too-long')).toHaveTextContent('Pick a range of 92 days or less to see calls by hour');
  });
});
