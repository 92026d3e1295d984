import { describe, expect, it } from 'vitest';
import {
  durationTicks, formatAsOf, formatBucketLong, formatCompact, formatCredits, formatCreditsExact, formatDuration, formatDurationTick,
  formatRate, formatSignedCredits,
} from './format';

describe('credits: two decimals from 1 credit up, two significant digits below (at most six decimals), never compacted', () => {
  it('gives amounts of a credit or more exactly two decimals, grouped', () => {
    expect(formatCredits(1234.5678, 'en')).toBe('1,234.57');
    expect(formatCredits(15_923.4, 'en')).toBe('15,923.40');
    expect(formatCredits(12.3, 'en')).toBe('12.30');
    expect(formatCredits(1, 'en')).toBe('1.00');
    // rounds up to a whole credit: shown like one
    expect(formatCredits(0.996, 'en')).toBe('1.00');
    expect(formatCredits(0, 'en')).toBe('0.00');
  });

  it('keeps a call-sized amount visible with two significant digits', () => {
    expect(formatCredits(0.42, 'en')).toBe('0.42');
    expect(formatCredits(0.5, 'en')).toBe('0.50');
    expect(formatCredits(0.0042, 'en')).toBe('0.0042');
    expect(formatCredits(0.000123, 'en')).toBe('0.00012');
    expect(formatCredits(0.000004, 'en')).toBe('0.000004');
    // nothing left after six decimals
    expect(formatCredits(0.0000004, 'en')).toBe('0.00');
    expect(formatCredits(null, 'en')).toBe('–');
  });

  it('gives every digit the API sent where asked for the exact amount', () => {
    expect(formatCreditsExact(0.004213, 'en')).toBe('0.004213');
    expect(formatCreditsExact(5318.421337, 'en')).toBe('5,318.421337');
  });

  it('signs history amounts', () => {
    expect(formatSignedCredits(50, 'en')).toBe('+50.00');
    expect(formatSignedCredits(-0.5, 'en')).toBe('−0.50');
    expect(formatSignedCredits(-0.0042, 'en')).toBe('−0.0042');
  });
});

describe('counts on cards: as they are below 1,000, compact with three significant digits from there', () => {
  it('compacts English from a thousand', () => {
    expect(formatCompact(999, 'en')).toBe('999');
    expect(formatCompact(1200, 'en')).toBe('1.2K');
    expect(formatCompact(5318, 'en')).toBe('5.32K');
    expect(formatCompact(15_923, 'en')).toBe('15.9K');
    expect(formatCompact(18_803_211, 'en')).toBe('18.8M');
  });

  it('compacts Chinese in 万 from ten thousand, grouping below', () => {
    expect(formatCompact(5318, 'zh')).toBe('5,318');
    expect(formatCompact(15_923, 'zh')).toBe('1.59万');
    expect(formatCompact(18_803_211, 'zh')).toBe('1880万');
  });
});

describe('rates', () => {
  it('shows rates as percent and no rate as a dash', () => {
    expect(formatRate(0.9671, 'en')).toBe('96.7%');
    expect(formatRate(null, 'en')).toBe('–');
  });
});

describe('durations: whole ms below a second, seconds with three significant digits from there', () => {
  it('formats one way for cards, tooltips and the call list', () => {
    expect(formatDuration(850.4, 'en')).toBe('850 ms');
    expect(formatDuration(999.6, 'en')).toBe('1 s');
    expect(formatDuration(1240, 'en')).toBe('1.24 s');
    expect(formatDuration(2613, 'en')).toBe('2.61 s');
    expect(formatDuration(12_345, 'en')).toBe('12.3 s');
    expect(formatDuration(125_400, 'en')).toBe('125 s');
    expect(formatDuration(null, 'en')).toBe('–');
  });

  it('labels axis ticks in the same units, zero bare', () => {
    expect([0, 500, 5000, 15_000].map((ms) => formatDurationTick(ms, 'en'))).toEqual(['0', '500 ms', '5 s', '15 s']);
  });

  it('puts ticks at 1, 2 or 5 × 10^k ms, at most five steps, the last at or above the largest value', () => {
    // 22 s / 5 = 4.4 s → steps of 5 s
    expect(durationTicks(22_000)).toEqual([0, 5000, 10_000, 15_000, 20_000, 25_000]);
    // 11 s / 5 = 2.2 s → 5 s
    expect(durationTicks(11_000)).toEqual([0, 5000, 10_000, 15_000]);
    // 2.6 s / 5 = 520 ms → 1 s
    expect(durationTicks(2600)).toEqual([0, 1000, 2000, 3000]);
    // 800 ms / 5 = 160 ms → 200 ms
    expect(durationTicks(800)).toEqual([0, 200, 400, 600, 800]);
    expect(durationTicks(null)).toBeUndefined();
    expect(durationTicks(0)).toBeUndefined();
  });
});

describe('dates', () => {
  it('says "as of" with the clock time, and the date when it is not today', () => {
    const now = new Date(2026, 10, 28, 15, 0);
    expect(formatAsOf(new Date(2026, 10, 28, 14, 5).getTime() / 1000, 'en', now)).toBe('14:05');
    expect(formatAsOf(new Date(2026, 10, 27, 9, 30).getTime() / 1000, 'en', now)).toBe('11/27, 09:30');
  });

  it('titles a day bucket with its own date (not the index of the point)', () => {
    const day = new Date(2026, 10, 28).getTime() / 1000;
    expect(formatBucketLong(day, 'day', 'en')).toBe('Sat, Nov 28, 2026');
    expect(formatBucketLong(new Date(2026, 10, 28, 14).getTime() / 1000, 'hour', 'en')).toBe('Sat, Nov 28, 14:00');
  });
});
