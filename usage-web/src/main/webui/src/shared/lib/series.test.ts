import { describe, expect, it } from 'vitest';
import { changeBetween, isSlowCall, keyFigures, quotaLevel, rateChange, toChartPoints, usedPercent } from './series';

describe('changeBetween', () => {
  it('is the relative change in percent with one decimal', () => {
    // (150 - 120) / 120 = 25 %
    expect(changeBetween(150, 120)).toEqual({ direction: 'up', percent: 25 });
    // (1 - 3) / 3 = -66.666… % → 66.7 down
    expect(changeBetween(1, 3)).toEqual({ direction: 'down', percent: 66.7 });
    expect(changeBetween(5, 5)).toEqual({ direction: 'flat', percent: 0 });
  });

  it('has no percentage without a previous value or from zero', () => {
    expect(changeBetween(10, 0)).toBeNull();
    expect(changeBetween(10, null)).toBeNull();
    expect(changeBetween(undefined, 4)).toBeNull();
  });
});

describe('rateChange', () => {
  it('is the difference in percentage points', () => {
    // 0.97 - 0.955 = 1.5 points
    expect(rateChange(0.97, 0.955)).toEqual({ direction: 'up', percent: 1.5, points: true });
    expect(rateChange(0.5, 0.75)).toEqual({ direction: 'down', percent: 25, points: true });
    expect(rateChange(null, 0.5)).toBeNull();
  });
});

describe('toChartPoints', () => {
  it('turns rates into percent and keeps empty buckets as gaps, not zeros', () => {
    const points = toChartPoints([
      { timestamp: 7200, calls: 0, successRate: undefined, avgDuration: undefined, totalCredits: 0, totalTokens: 0 },
      { timestamp: 3600, calls: 4, successRate: 0.75, avgDuration: 812.5, totalCredits: 0.25, totalTokens: 100 },
    ]);
    expect(points).toEqual([
      { timestamp: 3600, calls: 4, successRate: 75, avgDuration: 812.5, totalCredits: 0.25 },
      { timestamp: 7200, calls: 0, successRate: null, avgDuration: null, totalCredits: 0 },
    ]);
  });

  it('is empty without data', () => {
    expect(toChartPoints(undefined)).toEqual([]);
  });
});

describe('keyFigures', () => {
  it('sums calls and credits, finds the peak and weights latency by calls', () => {
    const f = keyFigures([
      { timestamp: 1, calls: 1, successRate: 100, avgDuration: 100, totalCredits: 0.1 },
      { timestamp: 2, calls: 3, successRate: 100, avgDuration: 200, totalCredits: 0.2 },
      { timestamp: 3, calls: 0, successRate: null, avgDuration: null, totalCredits: 0 },
    ]);
    // (1·100 + 3·200) / 4 = 175
    expect(f).toEqual({ calls: 4, credits: 0.3, peak: { timestamp: 2, calls: 3 }, avgDuration: 175 });
  });

  it('has no peak or latency without calls', () => {
    expect(keyFigures([])).toEqual({ calls: 0, credits: 0, peak: null, avgDuration: null });
  });
});

describe('quotaLevel', () => {
  it('is green from 30 % left, orange below 30 %, red below 10 %', () => {
    expect(quotaLevel(30, 100)).toBe('ok');
    expect(quotaLevel(29.99, 100)).toBe('low');
    expect(quotaLevel(10, 100)).toBe('low');
    expect(quotaLevel(9.99, 100)).toBe('critical');
    expect(quotaLevel(-5, 100)).toBe('critical');
  });

  it('is red when there is no quota and nothing left', () => {
    expect(quotaLevel(0, 0)).toBe('critical');
  });
});

describe('usedPercent', () => {
  it('is clamped to the bar', () => {
    expect(usedPercent(25, 200)).toBe(12.5);
    expect(usedPercent(300, 200)).toBe(100);
    expect(usedPercent(5, 0)).toBe(0);
  });
});

describe('isSlowCall', () => {
  it('flags calls above the P95 and at least twice the average', () => {
    expect(isSlowCall(2500, 2000, 1000)).toBe(true);
    expect(isSlowCall(1900, 2000, 500)).toBe(false); // under P95
    expect(isSlowCall(2100, 2000, 1200)).toBe(false); // above P95 but under 2× average
    expect(isSlowCall(2100, null, 100)).toBe(false); // no P95: nothing to compare with
  });
});
