// Each model's own latency figures for the slow-call icon. The API has no per-model latency
// (/projects/{appDid}/models answers {model, calls, percentage}; /stats is the whole project), so
// they are read from the call list itself: the model's successful calls in the list's range sorted
// slowest first — their count, then the one call at the P95's and the one at the median's position
// (nearest rank, series.rankPositions). Exact figures from the API, nothing estimated.
import { useEffect, useState } from 'react';
import { usageApi } from '../../shared/api/usage';
import { callListRange, type TimeRange } from '../../shared/lib/range';
import { MIN_CALLS_FOR_SLOW, rankPositions, type ModelLatency } from '../../shared/lib/series';

/** The model's P95 and median over its successful calls in the range; null when it has too few calls for a P95 that means anything. */
export async function fetchModelLatency(appDid: string, model: string, range: TimeRange): Promise<ModelLatency | null> {
  const at = async (page: number) => {
    const answer = await usageApi.projectCalls(appDid, { ...range, model, status: 'success', sort: 'duration', page, pageSize: 1 });
    return { count: answer.count ?? 0, duration: answer.list?.[0]?.duration ?? null };
  };
  const { count } = await at(1);
  if (count < MIN_CALLS_FOR_SLOW) return null;
  const positions = rankPositions(count);
  const p95 = (await at(positions.p95)).duration;
  const median = (await at(positions.median)).duration;
  return p95 === null || median === null ? null : { model, calls: count, p95, median };
}

/**
 * The latency figures of the given models over the call list's range ({@code days}), fetched once
 * per project, range and model, one request at a time and only while {@code enabled} (after the
 * list itself has answered, so the page stays within the API's per-user concurrency). A model
 * without figures (too few calls, not fetched yet, or the request failed) gets no slow-call icon.
 */
export function useModelLatency(appDid: string, days: number, models: string[], enabled: boolean) {
  const [known, setKnown] = useState<Record<string, ModelLatency | null>>({});
  const keyOf = (model: string) => `${appDid}\n${days}\n${model}`;
  const wanted = [...new Set(models)].filter((m) => m && !(keyOf(m) in known)).sort();
  const wantedKey = wanted.join('\n');
  useEffect(() => {
    if (!enabled || wanted.length === 0) return undefined;
    let cancelled = false;
    (async () => {
      const found: Record<string, ModelLatency | null> = {};
      for (const model of wanted) {
        try {
          found[keyOf(model)] = await fetchModelLatency(appDid, model, callListRange(days));
        } catch {
          // no figures, no icon; a later change of the list asks again
        }
        if (cancelled) return;
      }
      setKnown((k) => ({ ...k, ...found }));
    })();
    return () => { cancelled = true; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [appDid, days, wantedKey, enabled]);
  return (model: string | undefined): ModelLatency | undefined => (model ? known[keyOf(model)] ?? undefined : undefined);
}
