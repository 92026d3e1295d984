import { CssBaseline, Skeleton, Stack, ThemeProvider, createTheme } from '@mui/material';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ComponentType } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError } from './shared/api/client';
import { authApi, type SessionInfo } from './shared/api/usage';
import { AppShell } from './shared/ui/AppShell';
import { ForbiddenPage, NetworkErrorPage, NotFoundPage } from './shared/ui/ErrorPages';
import { FeedbackProvider, useFeedback } from './shared/ui/Feedback';
import { PageErrorBoundary } from './shared/ui/PageErrorBoundary';
import { I18nProvider } from './shared/i18n/I18n';
import { SignInPage } from './features/auth/SignInPage';
import { AlertsBell } from './features/alerts/AlertsBell';
import { startFirstRequests } from './features/firstRequests';
import { prefetching } from './shared/api/prefetch';
import { takeFirstAnswers } from './shared/api/firstAnswers';

// the pages are chunks of their own, kept off the sign-in page; their charts (recharts) are one more,
// loaded lazily after the cards (features/lazyCharts.tsx)
const loadDashboard = () => import('./features/dashboard/DashboardPage').then((m) => m.DashboardPage);
const loadProject = () => import('./features/project/ProjectPage').then((m) => m.ProjectPage);
const loadAlerts = () => import('./features/alerts/AlertsPage').then((m) => m.AlertsPage);

/**
 * A page loaded by route. When its code has already arrived (preloaded with the session check, or
 * visited before) it renders at once: through React.lazy even a loaded chunk would show the
 * fallback first and be revealed only after React's Suspense throttle (~300 ms), which held back the
 * cards of every first load.
 */
function routePage(load: () => Promise<ComponentType>) {
  let loaded: ComponentType | undefined;
  const preload = () => load().then((page) => { loaded = page; return page; });
  const Lazy = lazy(() => preload().then((page) => ({ default: page })));
  function Page() {
    // one component type for the page's lifetime: switching from Lazy to the loaded one would remount it
    const [Shown] = useState<ComponentType>(() => loaded ?? Lazy);
    return <Shown />;
  }
  return { Page, preload };
}

const dashboard = routePage(loadDashboard);
const project = routePage(loadProject);
const alerts = routePage(loadAlerts);
const DashboardPage = dashboard.Page;
const ProjectPage = project.Page;
const AlertsPage = alerts.Page;

/** Starts downloading the page's chunk while the session is checked, instead of after it. */
function preloadPageOf(path: string): Promise<unknown> {
  if (path.startsWith('/usage/projects/')) return project.preload();
  if (/^\/usage\/alerts\/?$/.test(path)) return alerts.preload();
  if (!path.startsWith('/usage/sign-in')) return dashboard.preload();
  return Promise.resolve();
}

// the session check and the page's code, started with the first load before React's first render (startFirstLoadOf)
let started: Promise<SessionInfo> | undefined;
let pageCode: Promise<unknown> | undefined;
// whether that code has arrived (or failed: then the page's error boundary says so through React.lazy)
let pageCodeSettled = false;

/**
 * The first load's work that needs no React: the page's chunk, its first requests (docs/web.md "First
 * load") and the session check. main.tsx calls it before the first render so none of them waits for
 * it; SignedIn takes the session check (or starts all this itself when rendered without main.tsx).
 */
export function startFirstLoadOf(path: string, search: string): Promise<void> {
  pageCodeSettled = false;
  // a chunk that cannot load ends in the page's error boundary (through React.lazy), not here
  const settled = preloadPageOf(path).then(() => undefined, () => undefined).then(() => { pageCodeSettled = true; });
  pageCode = settled;
  // the answers usage-web put into the page's HTML, if any, answer the first requests without a round trip
  const inHtml = takeFirstAnswers();
  prefetching(() => startFirstRequests(path, search, inHtml && inHtml.at * 1000), inHtml?.answers);
  started = authApi.session();
  // SignedIn handles its failure; a page that never asks for it leaves no unhandled rejection
  started.catch(() => undefined);
  return settled;
}

const theme = createTheme({ palette: { background: { default: '#fafafa' } }, shape: { borderRadius: 8 } });

// set once the browser is on its way to sign-in: the session check and the page's own requests may all
// find the session ended (the page renders without waiting for the check), and a second navigation would
// cancel the first
let leavingForSignIn = false;

/** Where a signed-out user goes: the demo picker locally, the OIDC code flow in production. */
async function goToSignIn() {
  if (leavingForSignIn) return;
  leavingForSignIn = true;
  try {
    const config = await authApi.config();
    if (config.mode === 'demo') {
      window.location.assign('/usage/sign-in');
      return;
    }
  } catch {
    // fall through to the production sign-in
  }
  window.location.assign('/auth/login');
}

function SignedIn() {
  const location = useLocation();
  const { fatal, clearFatal } = useFeedback();
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [failure, setFailure] = useState<'network' | null>(null);
  // rendered without main.tsx (tests): the first load starts here, before the page's own requests
  useState(() => {
    if (!started) void startFirstLoadOf(window.location.pathname, window.location.search);
  });
  // the page renders as soon as its code is here, without waiting for the session check: its first
  // render then overlaps the requests (started with the check) instead of following their answers
  const [codeReady, setCodeReady] = useState(pageCodeSettled);

  useEffect(() => {
    // (StrictMode's second mount in development: the first took them)
    if (!started) void startFirstLoadOf(window.location.pathname, window.location.search);
    const session = started!;
    started = undefined;
    void pageCode!.then(() => setCodeReady(true));
    pageCode = undefined;
    session.then(setSession).catch((e) => {
      if (e instanceof ApiError && (e.status === 401 || e.status === 499)) goToSignIn();
      else setFailure('network');
    });
  }, []);
  // a fatal state belongs to the page it happened on
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => clearFatal(), [location.pathname]);
  useEffect(() => { if (fatal === 'signIn') goToSignIn(); }, [fatal]);

  const signOut = useCallback(async () => {
    try {
      const { next } = await authApi.logout();
      window.location.assign(next);
    } catch {
      window.location.assign('/usage/sign-in');
    }
  }, []);

  // The page, made once per fatal state: when the session's answer arrives (usually together with the
  // page's first answers) only the header renders again, not the whole page with it.
  const loading = useMemo(() => <Stack spacing={2}><Skeleton variant="rectangular" height={180} /><Skeleton variant="rectangular" height={120} /></Stack>, []);
  const page = useMemo(() => (fatal === 'forbidden' ? <ForbiddenPage /> : fatal === 'notFound' ? <NotFoundPage what="project" /> : (
    <PageErrorBoundary>
      <Suspense fallback={loading}>
        <Routes>
          <Route index element={<Navigate to="dashboard" replace />} />
          <Route path="dashboard" element={<DashboardPage />} />
          <Route path="projects/:appDid" element={<ProjectPage />} />
          <Route path="alerts" element={<AlertsPage />} />
          <Route path="forbidden" element={<ForbiddenPage />} />
          <Route path="*" element={<NotFoundPage what="page" />} />
        </Routes>
      </Suspense>
    </PageErrorBoundary>
  )), [fatal, loading]);

  // the session cannot even be checked: nothing on the page could load
  if (failure === 'network') return <AppShell><NetworkErrorPage /></AppShell>;
  if (!session && !codeReady) return <AppShell>{loading}</AppShell>;
  // until the session has answered, the page shows without the user and the header's actions; a
  // session that has ended sends the browser to sign-in (as the page's own requests' 401s do)
  return (
    <AppShell userDid={session?.userDid} onSignOut={session ? signOut : undefined} actions={session ? <AlertsBell /> : undefined}>
      {page}
    </AppShell>
  );
}

export function App() {
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <I18nProvider>
        <BrowserRouter>
          <FeedbackProvider>
            <Routes>
              <Route path="/usage/sign-in" element={<AppShell><SignInPage /></AppShell>} />
              <Route path="/usage/*" element={<SignedIn />} />
              <Route path="*" element={<Navigate to="/usage/dashboard" replace />} />
            </Routes>
          </FeedbackProvider>
        </BrowserRouter>
      </I18nProvider>
    </ThemeProvider>
  );
}
