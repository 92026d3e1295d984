// useRequest with the page behaviours of docs/product-spec.md §5: skeleton on the first load, a visible
// reload (top bar / overlay) when the parameters change, and *silent* polling — a poll that
// fails keeps the last answer and says nothing.
import { useRequest } from 'ahooks';
import { classify, useFeedback, useTopProgress } from '../ui/Feedback';

type Options = { pollingInterval?: number; what: string; ready?: boolean };

export function useApi<T>(service: () => Promise<T>, deps: unknown[], options: Options) {
  const key = JSON.stringify(deps);
  const { report } = useFeedback();
  const request = useRequest(async () => ({ key, data: await service() }), {
    refreshDeps: deps,
    ready: options.ready ?? true,
    pollingInterval: options.pollingInterval,
    pollingWhenHidden: false,
    onError: (error) => {
      // an answer for these parameters is on screen: this was a poll, stay silent — unless the
      // session ended, which no later poll can fix
      if (request.data?.key === key && classify(error) !== 'signIn') return;
      report(error, options.what, request.refresh);
    },
  });
  const loaded = request.data;
  const reloading = request.loading && loaded !== undefined && loaded.key !== key;
  useTopProgress(reloading);
  return {
    data: loaded?.data,
    /** nothing to show yet: draw a skeleton */
    initialLoading: loaded === undefined && (request.loading || options.ready === false),
    /** new parameters are loading over an older answer: overlay / top bar */
    reloading,
    refresh: request.refresh,
  };
}
