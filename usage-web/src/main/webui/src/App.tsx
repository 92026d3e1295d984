import { CssBaseline, Skeleton, Stack, ThemeProvider, createTheme } from '@mui/material';
import { lazy, Suspense, useCallback, useEffect, useState, type ComponentType } from 'react';
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
function preloadPageOf(path: string) {
  if (path.startsWith('/usage/projects/')) void project.preload();
  else if (/^\/usage\/alerts\/?$/.test(path)) void alerts.preload();
  else if (!path.startsWith('/usage/sign-in')) void dashboard.preload();
}

// the session check started with the first load, before React's first render (startFirstLoadOf)
let started: Promise<SessionInfo> | undefined;

/**
 * The first load's work that needs no React: the page's chunk, its first requests (docs/web.md "First
 * load") and the session check. main.tsx calls it before the first render so none of them waits for
 * it; SignedIn takes the session check (or starts all this itself when rendered without main.tsx).
 */
export function startFirstLoadOf(path: string, search: string) {
  preloadPageOf(path);
  prefetching(() => startFirstRequests(path, search));
  started = authApi.session();
  // SignedIn handles its failure; a page that never asks for it leaves no unhandled rejection
  started.catch(() => undefined);
}

const theme = createTheme({ palette: { background: { default: '#fafafa' } }, shape: { borderRadius: 8 } });

/** Where a signed-out user goes: the demo picker locally, the OIDC code flow in production. */
async function goToSignIn() {
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

  useEffect(() => {
    if (!started) startFirstLoadOf(window.location.pathname, window.location.search);
    const session = started!;
    started = undefined;
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

  // the session cannot even be checked: nothing on the page could load
  if (failure === 'network') return <AppShell><NetworkErrorPage /></AppShell>;
  const loading = <Stack spacing={2}><Skeleton variant="rectangular" height={180} /><Skeleton variant="rectangular" height={120} /></Stack>;
  if (!session) return <AppShell>{loading}</AppShell>;
  return (
    <AppShell userDid={session.userDid} onSignOut={signOut} actions={<AlertsBell />}>
      {fatal === 'forbidden' ? <ForbiddenPage /> : fatal === 'notFound' ? <NotFoundPage what="project" /> : (
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
      )}
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
