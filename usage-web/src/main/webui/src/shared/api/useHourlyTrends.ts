// The hourly series behind the weekday × hour heatmap: the page's own trend when it is hourly
// already (up to 7 days), else one more request; none beyond the 92 days hourly series reach.
import type { Granularity, Trends } from './types';
import { useApi, type ApiState } from './useApi';
import { hourlyReaches } from '../lib/pageRange';
import { browserTimeZone, type TimeRange } from '../lib/range';

type HourlyQuery = TimeRange & { granularity: Granularity; tz: string };

export function useHourlyTrends(fetchTrends: (q: HourlyQuery) => Promise<Trends>, range: TimeRange, granularity: Granularity,
  pageTrends: ApiState<Trends>, deps: unknown[] = []): ApiState<Trends> {
  const own = granularity !== 'hour' && hourlyReaches(range);
  const hourly = useApi(() => fetchTrends({ ...range, granularity: 'hour', tz: browserTimeZone() }), [...deps, range, own],
    { ready: own });
  return granularity === 'hour' ? pageTrends : hourly;
}
