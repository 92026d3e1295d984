import { CssBaseline, Skeleton, Stack, ThemeProvider, createTheme } from '@mui/material';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError } from './shared/api/client';
import { authApi, type SessionInfo } from './shared/api/usage';
import { AppShell } from './shared/ui/AppShell';
import { ForbiddenPage, NetworkErrorPage, NotFoundPage } from './shared/ui/ErrorPages';
import { FeedbackProvider, useFeedback } from './shared/ui/Feedback';
import { PageErrorBoundary } from './shared/ui/PageErrorBoundary';
import { I18nProvider } from './shared/i18n/I18n';
import { SignInPage } from './features/auth/SignInPage';
import { startFirstRequests } from './features/firstRequests';
import { prefetching } from './shared/api/prefetch';

// the pages (and recharts) are chunks of their own, kept off the sign-in page
const loadDashboard = () => import('./features/dashboard/DashboardPage');
const loadProject = () => import('./features/project/ProjectPage');
const DashboardPage = lazy(() => loadDashboard().then((m) => ({ default: m.DashboardPage })));
const ProjectPage = lazy(() => loadProject().then((m) => ({ default: m.ProjectPage })));

/** Starts downloading the page's chunk while the session is checked, instead of after it. */
function preloadPageOf(path: string) {
  if (path.startsWith('/usage/projects/')) void loadProject();
  else if (!path.startsWith('/usage/sign-in')) void loadDashboard();
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
    preloadPageOf(window.location.pathname);
    prefetching(() => startFirstRequests(window.location.pathname, window.location.search));
    authApi.session().then(setSession).catch((e) => {
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
    <AppShell userDid={session.userDid} onSignOut={signOut}>
      {fatal === 'forbidden' ? <ForbiddenPage /> : fatal === 'notFound' ? <NotFoundPage what="project" /> : (
        <PageErrorBoundary>
          <Suspense fallback={loading}>
            <Routes>
              <Route index element={<Navigate to="dashboard" replace />} />
              <Route path="dashboard" element={<DashboardPage />} />
              <Route path="projects/:appDid" element={<ProjectPage />} />
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
