// What each page asks first, started by App together with the session check (prefetch.ts): the
// cards and charts at the top of the page, through the same request definitions the pages use.
import { dashboardRequests } from './dashboard/dashboardRequests';
import { projectRequests } from './project/projectRequests';
import { pageGranularity, parsePageRange, resolvePageRange, startFirstLoad } from '../shared/lib/pageRange';
import { browserTimeZone } from '../shared/lib/range';

/** `at` (ms since the epoch): resolve the range at this instant (the HTML's answers were asked for it). */
export function startFirstRequests(pathname: string, search: string, at?: number) {
  startFirstLoad(at);
  const pageRange = parsePageRange(new URLSearchParams(search));
  const range = resolvePageRange(pageRange);
  const granularity = pageGranularity(pageRange);
  const tz = browserTimeZone();
  const project = /^\/usage\/projects\/([^/]+)$/.exec(pathname);
  if (project) {
    Object.values(projectRequests(decodeURIComponent(project[1]), range, granularity, tz)).forEach((ask) => void ask().catch(() => undefined));
  } else if (pathname === '/usage/dashboard' || pathname === '/usage' || pathname === '/usage/') {
    Object.values(dashboardRequests(range, granularity, tz)).forEach((ask) => void ask().catch(() => undefined));
  }
}
