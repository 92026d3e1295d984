// A deterministic sample of a project's terminal calls in a range, for the latency vs tokens
// scatter: GET /api/usage/projects/{appDid}/calls/sample (`total` = all kept terminal calls of the range).
import { apiFetch } from '../../shared/api/client';
import type { Coverage } from '../../shared/api/types';
import type { TimeRange } from '../../shared/lib/range';

export type SampledCall = {
  id: string;
  model: string;
  status: 'success' | 'failed';
  /** ms */
  duration: number;
  totalUsage: number;
  credits: number;
};

/** `coverage`: calls before its exactFrom expired (retention), as in the call list: total and list hold the kept calls only. */
export type CallSample = { total: number; list: SampledCall[]; coverage?: Coverage };

export const CALL_SAMPLE_LIMIT = 500;

/** The sample for a range, optionally of some models only (`model=` repeated). */
export function fetchCallSample(appDid: string, range: TimeRange, limit: number = CALL_SAMPLE_LIMIT, models: string[] = []): Promise<CallSample> {
  const query = new URLSearchParams({ startTime: String(range.startTime), endTime: String(range.endTime), limit: String(limit) });
  // apiFetch's query takes one value per name
  for (const m of models) query.append('model', m);
  return apiFetch<CallSample>(`/api/usage/projects/${encodeURIComponent(appDid)}/calls/sample?${query}`);
}

/** At most this many legend entries: the busiest models, the rest as one "Other". */
export const MAX_SCATTER_GROUPS = 8;

export type ScatterGroup = { model: string; other: boolean; calls: SampledCall[] };

/**
 * The sample by model, busiest first (ties by name, so colours stay put between polls); beyond
 * {@link MAX_SCATTER_GROUPS} models the least used share one "Other" group, last.
 */
export function groupByModel(list: SampledCall[], maxGroups: number = MAX_SCATTER_GROUPS): ScatterGroup[] {
  const byModel = new Map<string, SampledCall[]>();
  for (const c of list) {
    const calls = byModel.get(c.model);
    if (calls) calls.push(c);
    else byModel.set(c.model, [c]);
  }
  const groups = [...byModel].map(([model, calls]) => ({ model, other: false, calls }))
    .sort((a, b) => b.calls.length - a.calls.length || a.model.localeCompare(b.model));
  if (groups.length <= maxGroups) return groups;
  const kept = groups.slice(0, maxGroups - 1);
  return [...kept, { model: '', other: true, calls: groups.slice(maxGroups - 1).flatMap((g) => g.calls) }];
}
