// The one range of a page, kept in its address (docs/web.md "Ranges and buckets"): `range=7d|30d|90d`
// (30d by default, then absent), or a custom `from=YYYY-MM-DD&to=YYYY-MM-DD` of whole local days
// (both inclusive). A custom range ending today ends "now"; one ending earlier ends at 23:59:59 local
// of its last day. Days further back than the API's longest range (366 days) are not offered.
import type { Granularity } from '../api/types';
import { lastDays, RANGE_PRESETS, type TimeRange } from './range';

export type PageRange = { kind: 'preset'; days: number } | { kind: 'custom'; from: string; to: string };

const DEFAULT_DAYS = 30;
export const DEFAULT_RANGE: PageRange = { kind: 'preset', days: DEFAULT_DAYS };
/** The oldest day a custom range may start: today and the 365 days before it (366 days, the API's longest range). */
export const MAX_DAYS_BACK = 365;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A local calendar date as `YYYY-MM-DD`. */
export function isoDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local midnight of a `YYYY-MM-DD`, or null when it is not a real date. */
export function parseDate(text: string | null): Date | null {
  const m = text ? DATE.exec(text) : null;
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return isoDate(d) === text ? d : null;
}

/** Why a custom range cannot be used, or null when it can. */
export function customRangeProblem(from: string, to: string, now: Date = new Date()): 'invalid' | 'order' | 'future' | 'tooOld' | null {
  const start = parseDate(from);
  const end = parseDate(to);
  if (!start || !end) return 'invalid';
  if (start > end) return 'order';
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  if (end > today) return 'future';
  const oldest = new Date(now.getFullYear(), now.getMonth(), now.getDate() - MAX_DAYS_BACK);
  if (start < oldest) return 'tooOld';
  return null;
}

/** The page's range from its query string; anything unusable is the default. */
export function parsePageRange(params: URLSearchParams, now: Date = new Date()): PageRange {
  const from = params.get('from');
  const to = params.get('to');
  if (from !== null && to !== null && customRangeProblem(from, to, now) === null) return { kind: 'custom', from, to };
  const preset = /^(\d+)d$/.exec(params.get('range') ?? '');
  const days = preset ? Number(preset[1]) : NaN;
  return (RANGE_PRESETS as readonly number[]).includes(days) ? { kind: 'preset', days } : DEFAULT_RANGE;
}

/** The query-string entries of a range (null = remove the key). */
export function pageRangeParams(r: PageRange): Record<string, string | null> {
  if (r.kind === 'custom') return { range: null, from: r.from, to: r.to };
  return { range: r.days === DEFAULT_DAYS ? null : `${r.days}d`, from: null, to: null };
}

/** A stable key for effects and caches. */
export function pageRangeKey(r: PageRange): string {
  return r.kind === 'custom' ? `${r.from}..${r.to}` : `${r.days}d`;
}

let firstLoadAt: number | null = null;

/**
 * The first load's requests start now (App, before the page's code arrives): see pageNow. `at` (ms since
 * the epoch): the instant usage-web resolved the range at for the answers it put into the page
 * (firstAnswers.ts), so the page asks for exactly that range.
 */
export function startFirstLoad(at: number = Date.now()) {
  firstLoadAt = at;
}

/**
 * "Now" for a page's range: during the first moments of a load the instant App started it, so the
 * page asks for exactly the range App prefetched (prefetch.ts); afterwards the clock.
 */
export function pageNow(): Date {
  return firstLoadAt !== null && Date.now() - firstLoadAt < 5_000 ? new Date(firstLoadAt) : new Date();
}

/** The API range: whole local days, ending now when the range reaches today. */
export function resolvePageRange(r: PageRange, now: Date = pageNow()): TimeRange {
  if (r.kind === 'preset') return lastDays(r.days, now);
  const start = parseDate(r.from)!;
  const last = parseDate(r.to)!;
  const after = new Date(last.getFullYear(), last.getMonth(), last.getDate() + 1);
  const endTime = Math.min(Math.floor(now.getTime() / 1000), Math.floor(after.getTime() / 1000) - 1);
  return { startTime: Math.floor(start.getTime() / 1000), endTime };
}

/** How many calendar days the range covers ("vs previous N days"). */
export function pageRangeDays(r: PageRange): number {
  if (r.kind === 'preset') return r.days;
  const start = parseDate(r.from)!;
  const last = parseDate(r.to)!;
  // calendar days, not 86,400-second steps: DST days are 23 / 25 hours
  return Math.round((Date.UTC(last.getFullYear(), last.getMonth(), last.getDate())
    - Date.UTC(start.getFullYear(), start.getMonth(), start.getDate())) / 86_400_000) + 1;
}

/** Hours up to 7 days, days beyond (a custom single day is hourly). */
export function pageGranularity(r: PageRange): Granularity {
  return pageRangeDays(r) <= 7 ? 'hour' : 'day';
}

/** Hourly series (the weekday × hour heatmap) reach 92 days at most (the API's limit). */
export const MAX_HOURLY_DAYS = 92;

/**
 * Whether the API answers this range hourly: its length in seconds, as the API measures it (92
 * calendar days across a DST change in autumn are an hour longer than 92 × 86,400 s).
 */
export function hourlyReaches(range: TimeRange): boolean {
  return range.endTime - range.startTime <= MAX_HOURLY_DAYS * 86_400;
}
