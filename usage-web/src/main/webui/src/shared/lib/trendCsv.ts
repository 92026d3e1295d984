// A trend series as CSV (the chart's "Export CSV"): one row per bucket, exactly as the API answered
// it, with the bucket's local start time and whether the range covers it only in part.
import type { Granularity, Trends } from '../api/types';
import { toCsv } from './csv';
import { isoDate } from './pageRange';
import { isPartialBucket, type TimeRange } from './range';

/** Local time with its UTC offset: 2026-11-28T14:00+01:00. */
export function localIso(seconds: number): string {
  const d = new Date(seconds * 1000);
  const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');
  const offset = -d.getTimezoneOffset();
  return `${isoDate(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}${offset >= 0 ? '+' : '-'}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}

export function trendCsv(trends: Trends | undefined, range: TimeRange, granularity: Granularity): { text: string; rows: number } {
  const points = trends?.trends ?? [];
  const rows = points.map((p) => [
    localIso(p.timestamp ?? 0), p.timestamp, p.calls ?? 0, p.successRate ?? null, p.avgDuration ?? null, p.totalCredits ?? 0, p.totalTokens ?? 0,
    isPartialBucket(p.timestamp ?? 0, granularity, range) ? 'true' : 'false',
  ]);
  return {
    text: toCsv(['bucketStart', 'timestamp', 'calls', 'successRate', 'avgDuration', 'totalCredits', 'totalTokens', 'partial'], rows),
    rows: rows.length,
  };
}
