// What each page asks first, started by App together with the session check (prefetch.ts): the
// cards and charts at the top of the page. The pages make the same calls with the same arguments.
import { usageApi } from '../shared/api/usage';
import { pageGranularity, parsePageRange, resolvePageRange, startFirstLoad } from '../shared/lib/pageRange';
import { browserTimeZone } from '../shared/lib/range';

export function startFirstRequests(pathname: string, search: string) {
  startFirstLoad();
  const pageRange = parsePageRange(new URLSearchParams(search));
  const range = resolvePageRange(pageRange);
  const granularity = pageGranularity(pageRange);
  const tz = browserTimeZone();
  const project = /^\/usage\/projects\/([^/]+)$/.exec(pathname);
  if (project) {
    const appDid = decodeURIComponent(project[1]);
    void usageApi.projectStats(appDid, range);
    void usageApi.projectTrends(appDid, { ...range, granularity, tz });
    void usageApi.projectModels(appDid, range);
  } else if (pathname === '/usage/dashboard' || pathname === '/usage' || pathname === '/usage/') {
    void usageApi.quota();
    void usageApi.overview(range);
    void usageApi.trends({ ...range, granularity, tz });
  }
}
