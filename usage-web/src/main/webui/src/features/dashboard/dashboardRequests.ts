// The Dashboard's first requests, one definition for the page and for App's prefetch
// (features/firstRequests.ts): the prefetched answer is taken only for the very same URL.
import type { Granularity } from '../../shared/api/types';
import { firstRequest } from '../../shared/api/prefetch';
import { usageApi } from '../../shared/api/usage';
import { pageNow } from '../../shared/lib/pageRange';
import { lastDays, type TimeRange } from '../../shared/lib/range';
import type { Spend } from '../credits/QuotaSection';

export function dashboardRequests(range: TimeRange, granularity: Granularity, tz: string) {
  return {
    quota: firstRequest(() => usageApi.quota()),
    overview: firstRequest(() => usageApi.overview(range)),
    trends: firstRequest(() => usageApi.trends({ ...range, granularity, tz })),
    // the credits card's 7-day spend: seven whole local days, today (partial) and the six before; its
    // polls ask again with their own "now"
    spend: async (): Promise<Spend> => {
      const spendRange = lastDays(7, pageNow());
      return { range: spendRange, answer: await usageApi.trends({ ...spendRange, granularity: 'day', tz }) };
    },
  };
}
