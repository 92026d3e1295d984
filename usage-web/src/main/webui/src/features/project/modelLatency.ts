// Each model's P95 for the slow-call icon: the p95Duration of /projects/{appDid}/models over the
// call list's range (the same rule as the project's P95 in /stats), one request for all models.
import { useMemo } from 'react';
import type { ModelDistribution } from '../../shared/api/types';
import { usageApi } from '../../shared/api/usage';
import { useApi } from '../../shared/api/useApi';
import { pageRangeKey, resolvePageRange, type PageRange } from '../../shared/lib/pageRange';
import type { ModelLatency } from '../../shared/lib/series';

/** The models of a /models answer that have a P95 (at least one successful call in its range). */
export function latencyByModel(answer: ModelDistribution | undefined): Map<string, ModelLatency> {
  const byModel = new Map<string, ModelLatency>();
  for (const m of answer?.modelDistribution ?? []) {
    if (m.model && m.p95Duration !== null && m.p95Duration !== undefined) {
      byModel.set(m.model, { model: m.model, calls: m.calls ?? 0, p95: m.p95Duration });
    }
  }
  return byModel;
}

/**
 * The latency figures of the project's models over the call list's range (the page's), asked
 * once the list itself has answered (so the page stays within the API's per-user concurrency),
 * again when the range changes, and with the list's polling. A model without figures (no
 * successful call, not fetched yet, or the request failed) gets no slow-call icon.
 */
export function useModelLatency(appDid: string, pageRange: PageRange, enabled: boolean, pollingInterval: number) {
  const models = useApi(() => usageApi.projectModels(appDid, resolvePageRange(pageRange)), [appDid, pageRangeKey(pageRange)],
    { ready: enabled, pollingInterval });
  // while another range loads, the figures shown would be the previous range's: none instead
  const current = models.reloading ? undefined : models.data;
  const byModel = useMemo(() => latencyByModel(current), [current]);
  return (model: string | undefined): ModelLatency | undefined => (model ? byModel.get(model) : undefined);
}
