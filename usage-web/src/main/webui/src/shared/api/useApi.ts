// useRequest with the page behaviours of docs/web.md: skeleton on the first load, a visible reload
// (top bar / overlay) when the parameters change, *silent* polling — a poll that fails keeps the
// last answer (and says so in `pollError`) — and a failure that is the section's own: `error` with
// `retry`, shown in place of the section, while the rest of the page stays. Only what no section
// can fix goes page-wide: an ended session (sign-in), 403 and 404 (their pages).
import { useRequest } from 'ahooks';
import { useState } from 'react';
import { peekAnswer } from './prefetch';
import { classify, useFeedback, useTopProgress } from '../ui/Feedback';

type Options = { pollingInterval?: number; ready?: boolean };

export type ApiState<T> = {
  /** the latest answer (for these parameters, or — while `reloading` — for the previous ones) */
  data?: T;
  /** when `data` arrived (ms since the epoch) */
  receivedAt?: number;
  /** nothing to show yet: draw a skeleton */
  initialLoading: boolean;
  /** new parameters are loading over an older answer: overlay / top bar */
  reloading: boolean;
  /** loading these parameters failed and nothing for them is shown: the section shows this with Retry */
  error?: unknown;
  /** the answer shown is for these parameters but the latest poll failed (with this): it may be out of date */
  pollError?: unknown;
  /** ask again (the section's Retry) */
  retry: () => void;
};

export function useApi<T>(service: () => Promise<T>, deps: unknown[], options: Options): ApiState<T> {
  const key = JSON.stringify(deps);
  const { report } = useFeedback();
  // a first-load answer that is already here (brought by the HTML, or arrived before the page rendered)
  // is shown by the first render (docs/web.md "First load"); the request below still runs and takes it
  const [firstKey] = useState(key);
  const [arrived] = useState(() => (options.ready === false ? undefined : peekAnswer(service)));
  const request = useRequest(async () => ({ key, data: await service(), at: Date.now() }), {
    refreshDeps: deps,
    ready: options.ready ?? true,
    pollingInterval: options.pollingInterval,
    pollingWhenHidden: false,
    onError: (error) => {
      const kind = classify(error);
      // a failed load is the section's to show; an ended session, 403 and 404 are the page's
      if (kind === 'toast' || kind === 'network') return;
      // an answer for these parameters is on screen: this was a poll, stay silent — unless the
      // session ended, which no later poll can fix
      if (request.data?.key === key && kind !== 'signIn') return;
      report(error, '', request.refresh);
    },
  });
  const loaded = request.data ?? (arrived && { key: firstKey, data: arrived.value, at: arrived.at });
  const current = loaded !== undefined && loaded.key === key;
  const failed = request.error !== undefined;
  const reloading = request.loading && loaded !== undefined && !current;
  useTopProgress(reloading);
  return {
    data: loaded?.data,
    receivedAt: loaded?.at,
    initialLoading: loaded === undefined && !(failed && !request.loading) && (request.loading || options.ready === false),
    reloading,
    error: failed && !request.loading && !current ? request.error : undefined,
    pollError: failed && current ? request.error : undefined,
    retry: request.refresh,
  };
}
