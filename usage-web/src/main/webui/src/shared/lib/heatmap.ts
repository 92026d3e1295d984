// Calls by weekday and hour: hourly trend buckets folded into a 7 × 24 grid in the viewer's zone.
// The buckets of `/trends?granularity=hour&tz=<browser zone>` start on local hours, so each one
// belongs to exactly one cell; on DST days a local hour is missing (spring) or occurs twice
// (autumn), which is why each cell also counts the buckets that fed it. Buckets retention removed
// calls of (the API leaves them out; `toChartPoints` puts them back marked `expired`) are counted
// apart: an expired hour is not an hour without calls.
import type { Lang } from './format';

export type HourBucket = { timestamp: number; calls?: number | null; expired?: boolean };

export type HeatCell = {
  /** ISO weekday: 1 = Monday … 7 = Sunday */
  weekday: number;
  /** local hour 0–23 */
  hour: number;
  calls: number;
  /** hourly buckets with their calls kept that fell into this cell (0: the range has no such kept hour) */
  buckets: number;
  /** expired hourly buckets that fell into this cell: their calls are not counted */
  expired: number;
};

export type WeekdayHourGrid = {
  /** rows Monday … Sunday (`cells[weekday - 1]`), each 24 hours */
  cells: HeatCell[][];
  total: number;
  /** the largest cell's calls (0 without calls) */
  max: number;
  /** the cell with the most calls, null without calls */
  peak: HeatCell | null;
  /** expired buckets in all (0: every hour of the range is counted) */
  expired: number;
};

type Parts = { weekday: number; hour: number };

const localParts = (unixSeconds: number): Parts => {
  const d = new Date(unixSeconds * 1000);
  // getDay(): 0 = Sunday
  return { weekday: d.getDay() === 0 ? 7 : d.getDay(), hour: d.getHours() };
};

const SHORT_WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function zonedParts(timeZone: string): (unixSeconds: number) => Parts {
  // h23: some engines print midnight as "24" with hour12: false
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: 'numeric', hourCycle: 'h23' });
  return (unixSeconds) => {
    const parts = fmt.formatToParts(new Date(unixSeconds * 1000));
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return { weekday: SHORT_WEEKDAYS.indexOf(get('weekday')) + 1, hour: Number(get('hour')) % 24 };
  };
}

/**
 * Folds hourly buckets into calls by local weekday (Monday first) and local hour of each bucket's
 * start: the browser's zone by default (Date getters), or {@code timeZone} when given.
 */
export function weekdayHourGrid(trendPoints: HourBucket[], timeZone?: string): WeekdayHourGrid {
  const cells = Array.from({ length: 7 }, (_, d) =>
    Array.from({ length: 24 }, (_, hour): HeatCell => ({ weekday: d + 1, hour, calls: 0, buckets: 0, expired: 0 })));
  const partsOf = timeZone ? zonedParts(timeZone) : localParts;
  let total = 0;
  let expired = 0;
  for (const p of trendPoints) {
    const { weekday, hour } = partsOf(p.timestamp);
    const cell = cells[weekday - 1]?.[hour];
    if (!cell) continue;
    if (p.expired) {
      cell.expired += 1;
      expired += 1;
      continue;
    }
    const calls = p.calls ?? 0;
    cell.calls += calls;
    cell.buckets += 1;
    total += calls;
  }
  let peak: HeatCell | null = null;
  for (const cell of cells.flat()) if (cell.calls > 0 && (peak === null || cell.calls > peak.calls)) peak = cell;
  return { cells, total, max: peak?.calls ?? 0, peak, expired };
}

/** Calls per hour of a cell (its calls over the kept hours that fed it), null when no kept hour did. */
export function averagePerHour(cell: HeatCell): number | null {
  return cell.buckets > 0 ? cell.calls / cell.buckets : null;
}

/**
 * Whether retention removed the calls of a cell's hours: `all` (every hour of the range in this cell
 * expired: drawn hatched, never as "no calls"), `some` (its figures count the kept hours only), or `none`.
 */
export function cellExpiry(cell: HeatCell): 'all' | 'some' | 'none' {
  if (cell.expired === 0) return 'none';
  return cell.buckets === 0 ? 'all' : 'some';
}

/** Localised short weekday names, Monday first: Mon … Sun, 周一 … 周日. */
export function weekdayNames(lang: Lang): string[] {
  const fmt = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-US', { weekday: 'short', timeZone: 'UTC' });
  // 2024-01-01 was a Monday
  return Array.from({ length: 7 }, (_, i) => fmt.format(new Date(Date.UTC(2024, 0, 1 + i))));
}

/** "14:00", and the hour a cell covers: "14:00–15:00" (the last one ends at 24:00). */
export const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`;
export const hourSpan = (hour: number) => `${hourLabel(hour)}–${hourLabel(hour + 1)}`;
