// Time ranges of the pages (docs/web.md "Ranges and buckets"). One rule: "the last N days" are N
// whole calendar days in the viewer's time zone — from 00:00 local of the day N − 1 days before
// today until now — so every day bucket of a chart is a whole day except today, which is still
// running (drawn as partial). Hourly buckets up to 7 days, daily beyond (pageRange.ts: the page's
// range, custom dates too). The API's `startTime`/`endTime` are inclusive (docs/contracts.md §3).
import type { Granularity } from '../api/types';

export const RANGE_PRESETS = [7, 30, 90] as const;

export type TimeRange = { startTime: number; endTime: number };

/** N whole local days: from midnight N − 1 days before today (DST-aware: local calendar days) until now. */
export function lastDays(days: number, now: Date = new Date()): TimeRange {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (days - 1));
  return { startTime: Math.floor(start.getTime() / 1000), endTime: Math.floor(now.getTime() / 1000) };
}


/** Where the bucket starting at {@code start} ends (exclusive): an hour later, or the next local midnight (23/25 h on DST days). */
export function bucketEnd(start: number, granularity: Granularity): number {
  if (granularity === 'hour') return start + 3600;
  const d = new Date(start * 1000);
  return Math.floor(new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime() / 1000);
}

/**
 * A bucket the range covers only in part: it starts before the range, or it ends after the
 * range's (inclusive) end — the running hour or today.
 */
export function isPartialBucket(start: number, granularity: Granularity, range: TimeRange): boolean {
  return start < range.startTime || bucketEnd(start, granularity) - 1 > range.endTime;
}

/** The browser's IANA zone, so daily buckets start at the user's midnight. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
