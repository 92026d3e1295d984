import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ChartPoint } from '../lib/series';
import { renderPage } from '../testing/render';
import { barCell, BucketTooltip, PARTIAL_OPACITY } from './ChartParts';

const point = (timestamp: number, partial: boolean): ChartPoint =>
  ({ timestamp, calls: 3, successRate: 100, avgDuration: 900, totalCredits: 0.0042, partial, expired: false });

describe('BucketTooltip', () => {
  it("titles the bucket with its own date, whichever point of the series it is", () => {
    // recharts hands the hovered point's data as payload[0].payload; its index must not matter
    const nov27 = new Date(2026, 10, 27).getTime() / 1000;
    renderPage(<BucketTooltip active payload={[{ payload: point(nov27, false) }]} granularity="day" testId="tip"
      rows={(p) => [{ label: 'Credits', value: `${p.totalCredits} credits` }]} />);
    expect(screen.getByTestId('tip')).toHaveAttribute('data-timestamp', String(nov27));
    expect(screen.getByTestId('tooltip-date')).toHaveTextContent('Fri, Nov 27, 2026');
    expect(screen.getByTestId('tip')).toHaveTextContent('Credits: 0.0042 credits');
    expect(screen.queryByTestId('tooltip-partial')).toBeNull();
  });

  it('says "partial day" / "partial hour" for a bucket the range covers only in part', () => {
    const today = new Date(2026, 10, 28).getTime() / 1000;
    const { unmount } = renderPage(<BucketTooltip active payload={[{ payload: point(today, true) }]} granularity="day" testId="tip" rows={() => []} />);
    expect(screen.getByTestId('tooltip-partial')).toHaveTextContent('partial day, until now');
    unmount();
    renderPage(<BucketTooltip active payload={[{ payload: point(today + 15 * 3600, true) }]} granularity="hour" testId="tip" rows={() => []} />);
    expect(screen.getByTestId('tooltip-date')).toHaveTextContent('Sat, Nov 28, 15:00');
    expect(screen.getByTestId('tooltip-partial')).toHaveTextContent('partial hour, until now');
  });

  it('says an expired bucket is expired instead of showing its (missing) numbers', () => {
    const oct1 = new Date(2026, 9, 1).getTime() / 1000;
    const expired: ChartPoint = { ...point(oct1, false), calls: null, successRate: null, avgDuration: null, totalCredits: 0, expired: true };
    renderPage(<BucketTooltip active payload={[{ payload: expired }]} granularity="day" testId="tip"
      rows={(p) => [{ label: 'Calls', value: String(p.calls) }]} />);
    expect(screen.getByTestId('tooltip-expired')).toHaveTextContent('expired: not all calls are kept');
    expect(screen.getByTestId('tip')).not.toHaveTextContent('Calls');
  });

  it('shows nothing when not hovered', () => {
    const { container } = renderPage(<BucketTooltip active={false} payload={[]} granularity="day" testId="tip" rows={() => []} />);
    expect(container.querySelector('[data-testid="tip"]')).toBeNull();
  });
});

describe('barCell', () => {
  it('draws a partial bucket lighter with a dashed outline, a whole one plain', () => {
    expect(barCell(true, '#123456')).toMatchObject({ fill: '#123456', fillOpacity: PARTIAL_OPACITY, strokeDasharray: '3 2' });
    expect(barCell(false, '#123456')).toEqual({ fill: '#123456' });
  });
});
