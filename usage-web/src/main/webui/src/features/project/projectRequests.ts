// A project's first requests, one definition for the page and for App's prefetch
// (features/firstRequests.ts): the prefetched answer is taken only for the very same URL.
import type { Granularity } from '../../shared/api/types';
import { usageApi } from '../../shared/api/usage';
import type { TimeRange } from '../../shared/lib/range';

export function projectRequests(appDid: string, range: TimeRange, granularity: Granularity, tz: string) {
  return {
    stats: () => usageApi.projectStats(appDid, range),
    trends: () => usageApi.projectTrends(appDid, { ...range, granularity, tz }),
    models: () => usageApi.projectModels(appDid, range),
  };
}
