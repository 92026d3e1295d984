import { afterEach, describe, expect, it, vi } from 'vitest';
import { averagePerHour, cellExpiry, hourSpan, weekdayHourGrid, weekdayNames, type HourBucket, type WeekdayHourGrid } from './heatmap';

afterEach(() => vi.unstubAllEnvs());

const sec = (d: Date | number) => Math.floor((typeof d === 'number' ? d : d.getTime()) / 1000);

/** What the API answers: hourly buckets from `start` (a local hour) to `end`, each counting the events in it. */
function hourlyBuckets(start: number, end: number, events: number[]): HourBucket[] {
  const buckets: HourBucket[] = [];
  for (let ts = start; ts < end; ts += 3600) {
    const calls = events.filter((e) => e >= ts && e < ts + 3600).length;
    // an empty bucket may come as 0 or null
    buckets.push({ timestamp: ts, calls: calls === 0 && buckets.length % 2 ? null : calls });
  }
  return buckets;
}

/** The grid as "weekday/hour" → calls, without the empty cells; and the buckets per cell that differ from `usual`. */
function nonEmpty(grid: WeekdayHourGrid) {
  return Object.fromEntries(grid.cells.flat().filter((c) => c.calls > 0).map((c) => [`${c.weekday}/${c.hour}`, c.calls]));
}
function bucketsOtherThan(grid: WeekdayHourGrid, usual: number) {
  return Object.fromEntries(grid.cells.flat().filter((c) => c.buckets !== usual).map((c) => [`${c.weekday}/${c.hour}`, c.buckets]));
}

describe('weekdayHourGrid', () => {
  it('counts calls by local weekday (Monday first) and local hour, in any zone', () => {
    // a January week (no DST change anywhere) built with the local Date constructor
    const events = [
      new Date(2026, 0, 12, 9, 15), new Date(2026, 0, 12, 9, 15), new Date(2026, 0, 12, 9, 40), new Date(2026, 0, 12, 9, 59, 59), // Mon 9
      new Date(2026, 0, 12, 10, 0), // Mon 10
      new Date(2026, 0, 13, 14, 30), new Date(2026, 0, 13, 14, 31), // Tue 14
      new Date(2026, 0, 18, 0, 0), // Sun 0
      new Date(2026, 0, 18, 23, 59), // Sun 23
      new Date(2026, 0, 20, 14, 5), // the next Tuesday, 14
    ].map(sec);
    // Mon 12 00:00 until Wed 21 00:00: nine days, so Monday's and Tuesday's hours come twice
    const grid = weekdayHourGrid(hourlyBuckets(sec(new Date(2026, 0, 12)), sec(new Date(2026, 0, 21)), events));
    expect(nonEmpty(grid)).toEqual({ '1/9': 4, '1/10': 1, '2/14': 3, '7/0': 1, '7/23': 1 });
    expect(grid.total).toBe(10);
    expect(grid.max).toBe(4);
    expect(grid.peak).toMatchObject({ weekday: 1, hour: 9, calls: 4 });
    expect(grid.cells).toHaveLength(7);
    expect(grid.cells.every((row) => row.length === 24)).toBe(true);
    expect(grid.cells[1][14]).toEqual({ weekday: 2, hour: 14, calls: 3, buckets: 2, expired: 0 });
    expect(averagePerHour(grid.cells[1][14])).toBe(1.5);
    // every hour of Wednesday … Sunday once, of Monday and Tuesday twice
    const twice = Object.fromEntries([1, 2].flatMap((d) => Array.from({ length: 24 }, (_, h) => [`${d}/${h}`, 2])));
    expect(bucketsOtherThan(grid, 1)).toEqual(twice);
  });

  it('counts expired hours apart from hours without calls (retention)', () => {
    // Mon 12 … Wed 21 January again: the first two days expired (the API left them out, toChartPoints put them back)
    const start = sec(new Date(2026, 0, 12));
    const cut = sec(new Date(2026, 0, 14));
    const buckets = hourlyBuckets(start, sec(new Date(2026, 0, 21)), [sec(new Date(2026, 0, 19, 9, 30)), sec(new Date(2026, 0, 20, 14, 5))])
      .map((b) => (b.timestamp < cut ? { timestamp: b.timestamp, calls: null, expired: true } : b));
    const grid = weekdayHourGrid(buckets);
    expect(grid.expired).toBe(48);
    expect(grid.total).toBe(2);
    // Monday 09: the 12th expired, the 19th kept with one call
    expect(grid.cells[0][9]).toEqual({ weekday: 1, hour: 9, calls: 1, buckets: 1, expired: 1 });
    expect(cellExpiry(grid.cells[0][9])).toBe('some');
    expect(averagePerHour(grid.cells[0][9])).toBe(1);
    // Tuesday 14: kept on the 20th; Wednesday's hours were never expired
    expect(cellExpiry(grid.cells[1][14])).toBe('some');
    expect(cellExpiry(grid.cells[2][3])).toBe('none');
  });

  it('marks a cell whose every hour expired, with no average: not an empty hour', () => {
    const monday9 = sec(new Date(2026, 0, 12, 9));
    const grid = weekdayHourGrid([{ timestamp: monday9, calls: null, expired: true }, { timestamp: monday9 + 3600, calls: 0 }]);
    expect(grid.cells[0][9]).toEqual({ weekday: 1, hour: 9, calls: 0, buckets: 0, expired: 1 });
    expect(cellExpiry(grid.cells[0][9])).toBe('all');
    expect(averagePerHour(grid.cells[0][9])).toBeNull();
    // an hour with its calls kept and none of them: zero, not expired
    expect(cellExpiry(grid.cells[0][10])).toBe('none');
    expect(averagePerHour(grid.cells[0][10])).toBe(0);
    expect(grid.peak).toBeNull();
  });

  it('gives an empty grid for no buckets', () => {
    const grid = weekdayHourGrid([]);
    expect(grid.total).toBe(0);
    expect(grid.max).toBe(0);
    expect(grid.peak).toBeNull();
    expect(averagePerHour(grid.cells[0][0])).toBeNull();
  });

  it('misses the hour that spring skips and counts the one autumn repeats twice (Berlin)', () => {
    vi.stubEnv('TZ', 'Europe/Berlin');
    // 2026-03-29 (Sunday): 02:00 CET jumps to 03:00 CEST. The week Mon 23 00:00 CET … Mon 30 00:00 CEST has 167 hours.
    const springStart = Date.UTC(2026, 2, 22, 23) / 1000;
    const springEnd = Date.UTC(2026, 2, 29, 22) / 1000;
    const spring = weekdayHourGrid(hourlyBuckets(springStart, springEnd, [
      Date.UTC(2026, 2, 29, 0, 30) / 1000, // 01:30 CET
      Date.UTC(2026, 2, 29, 1, 30) / 1000, // 03:30 CEST, the hour after 01:00
      Date.UTC(2026, 2, 23, 13, 0) / 1000, // Mon 14:00 CET
    ]));
    expect(nonEmpty(spring)).toEqual({ '7/1': 1, '7/3': 1, '1/14': 1 });
    expect(bucketsOtherThan(spring, 1)).toEqual({ '7/2': 0 });

    // 2026-10-25 (Sunday): 03:00 CEST falls back to 02:00 CET. Mon 19 00:00 CEST … Mon 26 00:00 CET: 169 hours.
    const autumnStart = Date.UTC(2026, 9, 18, 22) / 1000;
    const autumnEnd = Date.UTC(2026, 9, 25, 23) / 1000;
    const autumnEvents = [
      Date.UTC(2026, 9, 25, 0, 30) / 1000, // 02:30 CEST
      Date.UTC(2026, 9, 25, 1, 30) / 1000, // 02:30 CET
      Date.UTC(2026, 9, 25, 1, 45) / 1000, // 02:45 CET
      Date.UTC(2026, 9, 25, 22, 59) / 1000, // Sun 23:59 CET
    ];
    const autumn = weekdayHourGrid(hourlyBuckets(autumnStart, autumnEnd, autumnEvents));
    expect(nonEmpty(autumn)).toEqual({ '7/2': 3, '7/23': 1 });
    expect(bucketsOtherThan(autumn, 1)).toEqual({ '7/2': 2 });
    expect(averagePerHour(autumn.cells[6][2])).toBe(1.5);
  });

  it('takes an explicit zone instead of the browser\'s', () => {
    vi.stubEnv('TZ', 'UTC');
    const start = Date.UTC(2026, 9, 18, 22) / 1000;
    const end = Date.UTC(2026, 9, 25, 23) / 1000;
    const events = [Date.UTC(2026, 9, 25, 0, 30) / 1000, Date.UTC(2026, 9, 25, 1, 30) / 1000, Date.UTC(2026, 9, 19, 7) / 1000];
    const berlin = weekdayHourGrid(hourlyBuckets(start, end, events), 'Europe/Berlin');
    // Sun 02:30 CEST and CET; Mon 09:00 CEST
    expect(nonEmpty(berlin)).toEqual({ '7/2': 2, '1/9': 1 });
    expect(bucketsOtherThan(berlin, 1)).toEqual({ '7/2': 2 });
    // the same answer the browser's own Berlin clock gives
    vi.stubEnv('TZ', 'Europe/Berlin');
    expect(weekdayHourGrid(hourlyBuckets(start, end, events))).toEqual(berlin);
    // half-hour zones: India's hours start at :30 UTC; Sunday 2026-01-18 23:30 UTC is Monday 05:00 IST
    const india = weekdayHourGrid([{ timestamp: Date.UTC(2026, 0, 18, 23, 30) / 1000, calls: 7 }], 'Asia/Kolkata');
    expect(nonEmpty(india)).toEqual({ '1/5': 7 });
  });
});

describe('labels', () => {
  it('names the weekdays Monday first in both languages and spells out an hour', () => {
    expect(weekdayNames('en')).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(weekdayNames('zh')).toEqual(['周一', '周二', '周三', '周四', '周五', '周六', '周日']);
    expect(hourSpan(14)).toBe('14:00–15:00');
    expect(hourSpan(23)).toBe('23:00–24:00');
  });
});
