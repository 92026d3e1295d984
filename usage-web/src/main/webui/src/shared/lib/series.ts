// Data preparation for the cards and charts: pure functions, so the components only draw.
import type { Coverage, Granularity, TrendPoint } from '../api/types';
import { bucketEnd, isPartialBucket, type TimeRange } from './range';

/**
 * Change of a card's value against the previous period of equal length, as the card words it:
 * `percent` (relative, one decimal: "25%"), `points` (a rate's difference in percentage points),
 * `times` (growth to ten times or more: "×71" instead of "↑7025.1%"), `new` (nothing before),
 * `partial` (retention removed calls of the previous period: no change is claimed).
 */
export type Change = { direction: 'up' | 'down' | 'flat'; kind: 'percent' | 'points' | 'times' | 'new' | 'partial'; value: number } | null;

/** From this many times the previous value on, a growth reads "×N" (N whole) instead of a percentage… */
export const TIMES_FROM = 10;
/** …and beyond this many times "×999+". */
export const TIMES_CAP = 999;

/**
 * Relative change current vs previous. null when there is nothing to compare with (no previous
 * value); `new` when the previous value was 0 and this one is not (a change from nothing has no
 * percentage); `times` from {@link TIMES_FROM}× up; else the percentage with one decimal.
 */
export function changeBetween(current: number | null | undefined, previous: number | null | undefined): Change {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  if (previous === 0) return current === 0 ? { direction: 'flat', kind: 'percent', value: 0 } : { direction: current > 0 ? 'up' : 'down', kind: 'new', value: 0 };
  const ratio = current / previous;
  if (previous > 0 && ratio >= TIMES_FROM) return { direction: 'up', kind: 'times', value: Math.floor(ratio) };
  const percent = Math.round(((current - previous) / Math.abs(previous)) * 1000) / 10;
  return { direction: percent > 0 ? 'up' : percent < 0 ? 'down' : 'flat', kind: 'percent', value: Math.abs(percent) };
}

/** For a rate (success rate), the change is in percentage points, not relative. */
export function rateChange(current: number | null | undefined, previous: number | null | undefined): Change {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  const points = Math.round((current - previous) * 1000) / 10;
  return { direction: points > 0 ? 'up' : points < 0 ? 'down' : 'flat', kind: 'points', value: Math.abs(points) };
}

/** The previous period is partly expired: its numbers count only the kept calls, so no change is claimed. */
export const PREVIOUS_PARTIAL: Change = { direction: 'flat', kind: 'partial', value: 0 };

/**
 * A card's change against the previous period (`compare=previous`), as shown: when retention removed
 * calls of the previous period (`previous.coverage.complete` false) its numbers are partial, so
 * neither a change nor "new: none before" is claimed ({@link PREVIOUS_PARTIAL}), whatever the
 * numbers say; otherwise the change as computed.
 */
export function changeVsPrevious(change: Change, previous: { coverage?: Coverage } | undefined): Change {
  return previous?.coverage?.complete === false ? PREVIOUS_PARTIAL : change;
}

export type ChartPoint = {
  timestamp: number;
  /** null only for an expired bucket */
  calls: number | null;
  /** percent 0–100, null for a bucket without calls (a gap, not a zero) */
  successRate: number | null;
  avgDuration: number | null;
  totalCredits: number;
  /** the range covers only part of this bucket (today, the running hour): drawn dashed / lighter */
  partial: boolean;
  /** retention removed calls of this bucket, so the API left it out: a gap, never a zero */
  expired: boolean;
};

/**
 * The API's series as chart points: rates in percent, nulls kept as gaps (no data is not zero),
 * ascending, each bucket marked partial when the range covers only part of it. The API's series
 * are dense (one point per bucket, DST-aware: docs/contracts.md §3) except where retention removed
 * calls: with an incomplete `coverage` the buckets it left out are put back as expired gaps.
 */
export function toChartPoints(trends: TrendPoint[] | undefined, range?: TimeRange, granularity?: Granularity, coverage?: Coverage): ChartPoint[] {
  const sorted = [...(trends ?? [])].sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
  const points: ChartPoint[] = sorted.map((t) => ({
    timestamp: t.timestamp ?? 0,
    calls: t.calls ?? 0,
    successRate: t.successRate === null || t.successRate === undefined ? null : Math.round(t.successRate * 10_000) / 100,
    avgDuration: t.avgDuration ?? null,
    totalCredits: t.totalCredits ?? 0,
    partial: range !== undefined && granularity !== undefined && isPartialBucket(t.timestamp ?? 0, granularity, range),
    expired: false,
  }));
  if (!coverage || coverage.complete !== false || !range || !granularity) return points;
  return withExpiredBuckets(points, range, granularity);
}

/** The first bucket of the range in the browser's zone: its local hour or midnight. */
function firstBucket(startTime: number, granularity: Granularity): number {
  const d = new Date(startTime * 1000);
  if (granularity === 'hour') d.setMinutes(0, 0, 0);
  else d.setHours(0, 0, 0, 0);
  return Math.floor(d.getTime() / 1000);
}

/** Every bucket of the range the series lacks, as an expired point (walking the buckets like the API). */
function withExpiredBuckets(points: ChartPoint[], range: TimeRange, granularity: Granularity): ChartPoint[] {
  const out: ChartPoint[] = [];
  const expired = (timestamp: number): ChartPoint => ({
    timestamp, calls: null, successRate: null, avgDuration: null, totalCredits: 0,
    partial: isPartialBucket(timestamp, granularity, range), expired: true,
  });
  let cursor = firstBucket(range.startTime, granularity);
  for (const p of points) {
    for (; cursor < p.timestamp; cursor = bucketEnd(cursor, granularity)) out.push(expired(cursor));
    out.push(p);
    cursor = bucketEnd(p.timestamp, granularity);
  }
  for (; cursor <= range.endTime; cursor = bucketEnd(cursor, granularity)) out.push(expired(cursor));
  return out;
}

/** The runs of expired buckets (first and last timestamp of each), for shading them on a chart. */
export function expiredRuns(points: ChartPoint[]): { from: number; to: number }[] {
  const runs: { from: number; to: number }[] = [];
  points.forEach((p, i) => {
    if (!p.expired) return;
    if (i > 0 && points[i - 1].expired) runs[runs.length - 1].to = p.timestamp;
    else runs.push({ from: p.timestamp, to: p.timestamp });
  });
  return runs;
}

export type LineKey = 'calls' | 'avgDuration' | 'totalCredits';
export type SegmentedPoint = ChartPoint & { [K in `${LineKey}Solid` | `${LineKey}Dashed`]?: number | null };

/**
 * A line in two series, so a partial bucket is drawn visibly partial: `<key>Solid` holds the
 * values of whole buckets, `<key>Dashed` the values of the segments that touch a partial bucket
 * (the partial bucket and its neighbours), drawn dashed.
 */
export function lineSegments(points: ChartPoint[], keys: LineKey[]): SegmentedPoint[] {
  return points.map((p, i) => {
    const touchesPartial = p.partial || points[i - 1]?.partial === true || points[i + 1]?.partial === true;
    const out: SegmentedPoint = { ...p };
    for (const key of keys) {
      out[`${key}Solid`] = p.partial || p.expired ? null : p[key];
      out[`${key}Dashed`] = touchesPartial && !p.expired ? p[key] : null;
    }
    return out;
  });
}

/** The largest non-null value of a series, for an axis's ticks. */
export function maxOf(points: ChartPoint[], key: LineKey): number | null {
  const values = points.map((p) => p[key]).filter((v): v is number => v !== null);
  return values.length ? Math.max(...values) : null;
}

/** Key figures of a series, for small screens where the chart gives way to numbers. */
export function keyFigures(all: ChartPoint[]) {
  const points = all.filter((p): p is ChartPoint & { calls: number } => p.calls !== null);
  const calls = points.reduce((s, p) => s + p.calls, 0);
  const peak = points.reduce<(typeof points)[number] | null>((best, p) => (best === null || p.calls > best.calls ? p : best), null);
  const credits = points.reduce((s, p) => s + p.totalCredits, 0);
  const latencies = points.filter((p): p is (typeof points)[number] & { avgDuration: number } => p.avgDuration !== null && p.calls > 0);
  // a call-weighted mean of the buckets' means (approximate only where buckets had failed calls)
  const weighted = latencies.reduce((s, p) => s + p.avgDuration * p.calls, 0);
  const weight = latencies.reduce((s, p) => s + p.calls, 0);
  const rated = points.reduce((acc, p) => (p.successRate === null ? acc : { sum: acc.sum + p.successRate * p.calls, calls: acc.calls + p.calls }), { sum: 0, calls: 0 });
  return {
    calls,
    credits: Math.round(credits * 1e6) / 1e6,
    peak: peak && peak.calls > 0 ? { timestamp: peak.timestamp, calls: peak.calls } : null,
    avgDuration: weight > 0 ? weighted / weight : null,
    // percent, weighted by each bucket's (terminal) calls
    successRate: rated.calls > 0 ? rated.sum / rated.calls : null,
  };
}

/** Usage bar colour by the share of credits left: green, orange below 30 %, red below 10 %. */
export function quotaLevel(remaining: number | null | undefined, total: number | null | undefined): 'ok' | 'low' | 'critical' {
  if (!total || total <= 0) return (remaining ?? 0) <= 0 ? 'critical' : 'ok';
  const left = (remaining ?? 0) / total;
  if (left < 0.1) return 'critical';
  if (left < 0.3) return 'low';
  return 'ok';
}

/** Percent of the quota used, clamped to 0–100 for the bar. */
export function usedPercent(used: number | null | undefined, total: number | null | undefined): number {
  if (!total || total <= 0 || used === null || used === undefined) return 0;
  return Math.min(100, Math.max(0, (used / total) * 100));
}

/** A model's latency in a range, as /projects/{appDid}/models answers it: its calls and the P95 of its successful ones. */
export type ModelLatency = { model: string; calls: number; p95: number };

/** Fewer calls than this in the range and a model has no slow-call threshold. */
export const MIN_CALLS_FOR_SLOW = 20;

/**
 * A successful call is "unusually slow" when it took longer than its own model's P95 in the same
 * range: among the slowest 5 % of that model's calls. Without a threshold for the model (no
 * successful calls, fewer than {@link MIN_CALLS_FOR_SLOW} calls, or not known yet) no call is
 * flagged. (Below 20 successful calls the nearest-rank P95 is the model's slowest call, which no
 * call of the range exceeds, so counting all the model's calls here loses nothing.)
 */
export function isSlowCall(durationMs: number | null | undefined, latency: ModelLatency | undefined): boolean {
  if (durationMs === null || durationMs === undefined || !latency || latency.calls < MIN_CALLS_FOR_SLOW) return false;
  return durationMs > latency.p95;
}
