// Data preparation for the cards and charts: pure functions, so the components only draw.
import type { TrendPoint } from '../api/types';

/** Change of a card's value against the previous period of equal length. */
export type Change = { direction: 'up' | 'down' | 'flat'; percent: number; points?: boolean } | null;

/**
 * Relative change current vs previous, in percent (one decimal). null when there is nothing to
 * compare with (no previous value, or it was 0 — a change from nothing has no percentage).
 */
export function changeBetween(current: number | null | undefined, previous: number | null | undefined): Change {
  if (current === null || current === undefined || previous === null || previous === undefined || previous === 0) return null;
  const percent = Math.round(((current - previous) / Math.abs(previous)) * 1000) / 10;
  return { direction: percent > 0 ? 'up' : percent < 0 ? 'down' : 'flat', percent: Math.abs(percent) };
}

/** For a rate (success rate), the change is in percentage points, not relative. */
export function rateChange(current: number | null | undefined, previous: number | null | undefined): Change {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  const points = Math.round((current - previous) * 1000) / 10;
  return { direction: points > 0 ? 'up' : points < 0 ? 'down' : 'flat', percent: Math.abs(points), points: true };
}

export type ChartPoint = {
  timestamp: number;
  calls: number;
  /** percent 0–100, null for a bucket without calls (a gap, not a zero) */
  successRate: number | null;
  avgDuration: number | null;
  totalCredits: number;
};

/**
 * The API's series as chart points: rates in percent, nulls kept as gaps (no data is not zero),
 * ascending. The API's series are already dense (one point per bucket, DST-aware: docs/contracts.md §3),
 * so nothing is filled in here.
 */
export function toChartPoints(trends: TrendPoint[] | undefined): ChartPoint[] {
  if (!trends || trends.length === 0) return [];
  const sorted = [...trends].sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
  return sorted.map((t) => ({
    timestamp: t.timestamp ?? 0,
    calls: t.calls ?? 0,
    successRate: t.successRate === null || t.successRate === undefined ? null : Math.round(t.successRate * 10_000) / 100,
    avgDuration: t.avgDuration ?? null,
    totalCredits: t.totalCredits ?? 0,
  }));
}

/** Key figures of a series, for small screens where the chart gives way to numbers. */
export function keyFigures(points: ChartPoint[]) {
  const calls = points.reduce((s, p) => s + p.calls, 0);
  const peak = points.reduce<ChartPoint | null>((best, p) => (best === null || p.calls > best.calls ? p : best), null);
  const credits = points.reduce((s, p) => s + p.totalCredits, 0);
  const latencies = points.filter((p): p is ChartPoint & { avgDuration: number } => p.avgDuration !== null && p.calls > 0);
  // a call-weighted mean of the buckets' means (approximate only where buckets had failed calls)
  const weighted = latencies.reduce((s, p) => s + p.avgDuration * p.calls, 0);
  const weight = latencies.reduce((s, p) => s + p.calls, 0);
  return {
    calls,
    credits: Math.round(credits * 1e6) / 1e6,
    peak: peak && peak.calls > 0 ? { timestamp: peak.timestamp, calls: peak.calls } : null,
    avgDuration: weight > 0 ? weighted / weight : null,
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

/**
 * A call is "unusually slow" when it took longer than the project's P95 over the same range and
 * at least twice its average: the slowest few percent, and clearly apart from the usual.
 */
export function isSlowCall(durationMs: number | null | undefined, p95: number | null | undefined, avg: number | null | undefined): boolean {
  if (durationMs === null || durationMs === undefined || p95 === null || p95 === undefined) return false;
  return durationMs > p95 && (avg === null || avg === undefined || durationMs >= 2 * avg);
}
