// Page-wide feedback: the toast with Retry for a failed action (a section that fails to load shows
// its own error instead: SectionError), the fatal states that replace the page (sign-in, 403,
// project not found), and the thin top bar while something reloads.
import { Alert, Button, LinearProgress, Snackbar } from '@mui/material';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError, NetworkError } from '../api/client';
import { useI18n } from '../i18n/I18n';

export type Fatal = 'forbidden' | 'notFound' | 'signIn';

type Toast = { message: string; retry?: () => void; severity: 'error' | 'success' };

type FeedbackValue = {
  fatal: Fatal | null;
  clearFatal: () => void;
  /** Routes an error: fatal ones replace the page, the rest (network down too) become a toast with Retry. */
  report: (error: unknown, what: string, retry: () => void) => void;
  notify: (message: string) => void;
  setBusy: (id: string, busy: boolean) => void;
};

const FeedbackContext = createContext<FeedbackValue | null>(null);

/** What an error means for the page: a fatal state, the network being unreachable, or anything else. */
export function classify(error: unknown): Fatal | 'network' | 'toast' {
  if (error instanceof NetworkError) return 'network';
  if (error instanceof ApiError) {
    if (error.status === 401 || error.status === 499) return 'signIn';
    if (error.status === 403) return 'forbidden';
    if (error.status === 404) return 'notFound';
  }
  return 'toast';
}

/** The words for an error: the service's detail, or that the server cannot be reached. */
export function errorDetail(error: unknown, t: (key: 'unreachable') => string): string {
  if (error instanceof NetworkError) return t('unreachable');
  return error instanceof Error ? error.message : String(error);
}

export function FeedbackProvider({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [fatal, setFatal] = useState<Fatal | null>(null);
  const [toast, setToast] = useState<Toast | null>(null);
  const [busy, setBusyIds] = useState<Set<string>>(new Set());

  const report = useCallback((error: unknown, what: string, retry: () => void) => {
    const kind = classify(error);
    if (kind === 'toast' || kind === 'network') {
      setToast({ message: t('loadFailed', { what, detail: errorDetail(error, t) }), retry, severity: 'error' });
    } else {
      setFatal(kind);
    }
  }, [t]);
  const notify = useCallback((message: string) => setToast({ message, severity: 'success' }), []);
  const setBusy = useCallback((id: string, on: boolean) => {
    setBusyIds((prev) => {
      if (prev.has(id) === on) return prev;
      const next = new Set(prev);
      if (on) next.add(id); else next.delete(id);
      return next;
    });
  }, []);
  const value = useMemo(() => ({ fatal, clearFatal: () => setFatal(null), report, notify, setBusy }), [fatal, report, notify, setBusy]);

  return (
    <FeedbackContext.Provider value={value}>
      {busy.size > 0 && (
        <LinearProgress data-testid="top-progress" sx={{ position: 'fixed', top: 0, left: 0, right: 0, height: 3, zIndex: 2000 }} />
      )}
      {children}
      <Snackbar open={toast !== null} autoHideDuration={toast?.retry ? null : 4000} onClose={() => setToast(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}>
        {toast ? (
          <Alert severity={toast.severity} variant="filled" onClose={() => setToast(null)}
            action={toast.retry ? (
              <Button color="inherit" size="small" onClick={() => { toast.retry?.(); setToast(null); }}>{t('retry')}</Button>
            ) : undefined}>
            {toast.message}
          </Alert>
        ) : <span />}
      </Snackbar>
    </FeedbackContext.Provider>
  );
}

export function useFeedback(): FeedbackValue {
  const v = useContext(FeedbackContext);
  if (!v) throw new Error('useFeedback outside FeedbackProvider');
  return v;
}

/** Shows the top progress bar while {@code busy} is true. */
export function useTopProgress(busy: boolean) {
  const { setBusy } = useFeedback();
  const id = useRef(Math.random().toString(36)).current;
  useEffect(() => {
    setBusy(id, busy);
    return () => setBusy(id, false);
  }, [busy, id, setBusy]);
}
