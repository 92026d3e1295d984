// Time ranges of the pages. docs/contracts.md §3: `timeRange=N` days means [now − N·86400, now], both
// ends inclusive; hourly buckets up to 7 days, daily beyond.
import type { Granularity } from '../api/types';

export const RANGE_PRESETS = [7, 30, 90] as const;
export type RangeDays = (typeof RANGE_PRESETS)[number] | 1;

export function rangeEndingAt(days: number, nowSeconds: number) {
  return { startTime: nowSeconds - days * 86_400, endTime: nowSeconds };
}

export function granularityFor(days: number): Granularity {
  return days <= 7 ? 'hour' : 'day';
}

/** Whole local calendar days: from the midnight {@code days − 1} days before today until now. */
export function lastDays(days: number, now: Date) {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (days - 1));
  return { startTime: Math.floor(start.getTime() / 1000), endTime: Math.floor(now.getTime() / 1000) };
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** The browser's IANA zone, so daily buckets start at the user's midnight. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
