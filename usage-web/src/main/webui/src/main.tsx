// index.html's script. It holds no library code, so it arrives and runs within a few ms of the page's
// HTML: it starts the page's first API requests and the session check (firstLoad.ts) and the download
// of the page's chunk at once, while the libraries (vendor-*.js, ~190 KB gzip) are still downloading and
// being evaluated, instead of after them (~200 ms later on this machine); then the app (start.tsx).
import { signedInPath, startFirstRequestsOnce } from './firstLoad';

const { pathname, search } = window.location;
if (signedInPath(pathname)) {
  startFirstRequestsOnce(pathname, search);
  // App's route takes the same module when it has run (a chunk that fails is its error boundary's to show)
  const page = pathname.startsWith('/usage/projects/') ? import('./features/project/ProjectPage')
    : /^\/usage\/alerts\/?$/.test(pathname) ? import('./features/alerts/AlertsPage') : import('./features/dashboard/DashboardPage');
  page.catch(() => undefined);
}
void import('./start');
