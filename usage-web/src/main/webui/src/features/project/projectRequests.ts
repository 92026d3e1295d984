// A project's first requests, one definition for the page and for App's prefetch
// (features/firstRequests.ts): the prefetched answer is taken only for the very same URL.
import type { Granularity } from '../../shared/api/types';
import { firstRequest } from '../../shared/api/prefetch';
import { usageApi } from '../../shared/api/usage';
import type { TimeRange } from '../../shared/lib/range';

export function projectRequests(appDid: string, range: TimeRange, granularity: Granularity, tz: string) {
  return {
    stats: firstRequest(() => usageApi.projectStats(appDid, range)),
    trends: firstRequest(() => usageApi.projectTrends(appDid, { ...range, granularity, tz })),
    models: firstRequest(() => usageApi.projectModels(appDid, range)),
  };
}
