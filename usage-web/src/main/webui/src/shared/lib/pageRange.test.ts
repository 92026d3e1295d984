import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  customRangeProblem, DEFAULT_RANGE, hourlyReaches, pageGranularity, pageRangeDays, pageRangeParams, parsePageRange, resolvePageRange,
} from './pageRange';

const now = new Date(2026, 10, 28, 15, 30, 12); // local time
const secs = (d: Date) => Math.floor(d.getTime() / 1000);
const q = (s: string) => new URLSearchParams(s);

afterEach(() => vi.unstubAllEnvs());

describe('the page range in the address', () => {
  it('reads presets and custom dates, and anything unusable as the default 30 days', () => {
    expect(parsePageRange(q('range=7d'), now)).toEqual({ kind: 'preset', days: 7 });
    expect(parsePageRange(q('from=2026-11-01&to=2026-11-15'), now)).toEqual({ kind: 'custom', from: '2026-11-01', to: '2026-11-15' });
    for (const bad of ['', 'range=8d', 'range=7', 'from=2026-11-15&to=2026-11-01', 'from=2026-02-30&to=2026-03-01',
      'from=2026-11-01', 'from=2026-11-01&to=2026-11-29', 'from=2025-11-27&to=2026-11-01']) {
      expect(parsePageRange(q(bad), now)).toEqual(DEFAULT_RANGE);
    }
  });

  it('writes the default as no parameter, a preset as range=, custom as from/to', () => {
    expect(pageRangeParams(DEFAULT_RANGE)).toEqual({ range: null, from: null, to: null });
    expect(pageRangeParams({ kind: 'preset', days: 90 })).toEqual({ range: '90d', from: null, to: null });
    expect(pageRangeParams({ kind: 'custom', from: '2026-11-01', to: '2026-11-02' })).toEqual({ range: null, from: '2026-11-01', to: '2026-11-02' });
  });

  it('says why a custom range cannot be used', () => {
    expect(customRangeProblem('2026-11-01', '', now)).toBe('invalid');
    expect(customRangeProblem('2026-11-10', '2026-11-09', now)).toBe('order');
    expect(customRangeProblem('2026-11-10', '2026-11-29', now)).toBe('future');
    // today and the 365 days before it: 366 days, the API's longest range
    expect(customRangeProblem('2025-11-28', '2026-11-28', now)).toBeNull();
    expect(customRangeProblem('2025-11-27', '2026-11-28', now)).toBe('tooOld');
  });
});

describe('resolving to API seconds', () => {
  it('covers whole local days: to 23:59:59 of the last one, or to now when it is today', () => {
    expect(resolvePageRange({ kind: 'custom', from: '2026-11-01', to: '2026-11-15' }, now))
      .toEqual({ startTime: secs(new Date(2026, 10, 1)), endTime: secs(new Date(2026, 10, 16)) - 1 });
    expect(resolvePageRange({ kind: 'custom', from: '2026-11-28', to: '2026-11-28' }, now))
      .toEqual({ startTime: secs(new Date(2026, 10, 28)), endTime: secs(now) });
    expect(resolvePageRange({ kind: 'preset', days: 7 }, now)).toEqual({ startTime: secs(new Date(2026, 10, 22)), endTime: secs(now) });
  });

  it('counts calendar days (also across a DST change) and is hourly up to 7 of them', () => {
    vi.stubEnv('TZ', 'Europe/Berlin');
    // 2026-03-29 has 23 hours in Berlin
    const r = { kind: 'custom', from: '2026-03-23', to: '2026-03-29' } as const;
    expect(pageRangeDays(r)).toBe(7);
    expect(pageGranularity(r)).toBe('hour');
    const resolved = resolvePageRange(r, new Date(Date.UTC(2026, 5, 1)));
    expect(resolved.endTime - resolved.startTime + 1).toBe(7 * 86_400 - 3600);
    expect(pageGranularity({ kind: 'custom', from: '2026-03-23', to: '2026-03-30' })).toBe('day');
    expect(pageRangeDays({ kind: 'preset', days: 90 })).toBe(90);
  });

  it('answers hourly up to 92 × 86,400 s, so 92 calendar days with an autumn DST change are too long', () => {
    vi.stubEnv('TZ', 'Europe/Berlin');
    // Berlin falls back on 2026-10-25 (a 25-hour day); both ranges are 92 whole days, the first without a change
    const summer = resolvePageRange({ kind: 'custom', from: '2026-05-01', to: '2026-07-31' }, new Date(Date.UTC(2026, 10, 28)));
    const autumn = resolvePageRange({ kind: 'custom', from: '2026-09-01', to: '2026-12-01' }, new Date(Date.UTC(2026, 11, 5)));
    expect(hourlyReaches(summer)).toBe(true);
    expect(hourlyReaches(autumn)).toBe(false);
    expect(hourlyReaches(resolvePageRange({ kind: 'preset', days: 90 }, new Date(Date.UTC(2026, 10, 28))))).toBe(true);
  });
});
