import { describe, expect, it } from 'vitest';
import {
  changeBetween, changeVsPrevious, expiredRuns, isSlowCall, keyFigures, lineSegments, PREVIOUS_PARTIAL, quotaLevel, rateChange, toChartPoints, usedPercent,
} from './series';

describe('changeBetween', () => {
  it('is the relative change in percent with one decimal', () => {
    // (150 - 120) / 120 = 25 %
    expect(changeBetween(150, 120)).toEqual({ direction: 'up', kind: 'percent', value: 25 });
    // (1 - 3) / 3 = -66.666… % → 66.7 down
    expect(changeBetween(1, 3)).toEqual({ direction: 'down', kind: 'percent', value: 66.7 });
    expect(changeBetween(5, 5)).toEqual({ direction: 'flat', kind: 'percent', value: 0 });
    // 9.99 times is still a percentage: +899 %
    expect(changeBetween(999, 100)).toEqual({ direction: 'up', kind: 'percent', value: 899 });
  });

  it('reads huge growth as "×N" from ten times on, N whole', () => {
    // 71.251 times: "×71", not "↑7025.1%"
    expect(changeBetween(71.251, 1)).toEqual({ direction: 'up', kind: 'times', value: 71 });
    expect(changeBetween(1000, 100)).toEqual({ direction: 'up', kind: 'times', value: 10 });
  });

  it('is "new" from zero, and nothing without a previous value', () => {
    expect(changeBetween(10, 0)).toEqual({ direction: 'up', kind: 'new', value: 0 });
    expect(changeBetween(0, 0)).toEqual({ direction: 'flat', kind: 'percent', value: 0 });
    expect(changeBetween(10, null)).toBeNull();
    expect(changeBetween(undefined, 4)).toBeNull();
  });
});

describe('rateChange', () => {
  it('is the difference in percentage points', () => {
    // 0.97 - 0.955 = 1.5 points
    expect(rateChange(0.97, 0.955)).toEqual({ direction: 'up', kind: 'points', value: 1.5 });
    expect(rateChange(0.5, 0.75)).toEqual({ direction: 'down', kind: 'points', value: 25 });
    expect(rateChange(null, 0.5)).toBeNull();
  });
});

describe('changeVsPrevious (retention)', () => {
  const complete = { coverage: { complete: true, exactFrom: 100, dailyOnlyBefore: null } };
  const partlyExpired = { coverage: { complete: false, exactFrom: 150, dailyOnlyBefore: 120 } };

  it('keeps the change when the previous period is complete, or says nothing of its coverage', () => {
    const up = changeBetween(150, 120);
    expect(changeVsPrevious(up, complete)).toEqual({ direction: 'up', kind: 'percent', value: 25 });
    expect(changeVsPrevious(up, {})).toBe(up);
    expect(changeVsPrevious(null, complete)).toBeNull();
    expect(changeVsPrevious(up, undefined)).toBe(up);
  });

  it('claims no change over a partly expired previous period: no percentage, no "new", no points', () => {
    expect(PREVIOUS_PARTIAL).toEqual({ direction: 'flat', kind: 'partial', value: 0 });
    // 150 vs a partial 120: not +25 %
    expect(changeVsPrevious(changeBetween(150, 120), partlyExpired)).toBe(PREVIOUS_PARTIAL);
    // nothing counted before is not "new": the calls before may have expired
    expect(changeVsPrevious(changeBetween(10, 0), partlyExpired)).toBe(PREVIOUS_PARTIAL);
    expect(changeVsPrevious(changeBetween(500, 20), partlyExpired)).toBe(PREVIOUS_PARTIAL);
    expect(changeVsPrevious(rateChange(0.97, 0.955), partlyExpired)).toBe(PREVIOUS_PARTIAL);
    // no previous value at all: still not "no earlier data"
    expect(changeVsPrevious(changeBetween(10, null), partlyExpired)).toBe(PREVIOUS_PARTIAL);
  });
});

describe('toChartPoints', () => {
  it('turns rates into percent and keeps empty buckets as gaps, not zeros', () => {
    const points = toChartPoints([
      { timestamp: 7200, calls: 0, successRate: undefined, avgDuration: undefined, totalCredits: 0, totalTokens: 0 },
      { timestamp: 3600, calls: 4, successRate: 0.75, avgDuration: 812.5, totalCredits: 0.25, totalTokens: 100 },
    ]);
    expect(points).toEqual([
      { timestamp: 3600, calls: 4, successRate: 75, avgDuration: 812.5, totalCredits: 0.25, partial: false, expired: false },
      { timestamp: 7200, calls: 0, successRate: null, avgDuration: null, totalCredits: 0, partial: false, expired: false },
    ]);
  });

  it('marks the buckets the range covers only in part: the running hour', () => {
    // the range ends at 02:30 (inclusive): the bucket 02:00–03:00 is cut, 01:00–02:00 is whole
    const range = { startTime: 3600, endTime: 9000 };
    const points = toChartPoints([
      { timestamp: 3600, calls: 1, totalCredits: 0 }, { timestamp: 7200, calls: 2, totalCredits: 0 },
    ], range, 'hour');
    expect(points.map((p) => p.partial)).toEqual([false, true]);
  });

  it('is empty without data', () => {
    expect(toChartPoints(undefined)).toEqual([]);
  });
});

describe('expired buckets (retention)', () => {
  const incomplete = { complete: false, exactFrom: 13 * 3600, dailyOnlyBefore: 12 * 3600 };
  const point = (hour: number, calls: number) => ({ timestamp: hour * 3600, calls, successRate: 1, avgDuration: 100, totalCredits: 0.5, totalTokens: 1 });

  it('puts the hours the API left out back as gaps: no calls, no zero', () => {
    // 10:01:40 to 15:00:05; the API answered only 13:00, 14:00 and 15:00
    const range = { startTime: 10 * 3600 + 100, endTime: 15 * 3600 + 5 };
    const points = toChartPoints([point(13, 4), point(14, 0), point(15, 2)], range, 'hour', incomplete);
    expect(points.map((p) => p.timestamp / 3600)).toEqual([10, 11, 12, 13, 14, 15]);
    expect(points.map((p) => p.expired)).toEqual([true, true, true, false, false, false]);
    expect(points.map((p) => p.calls)).toEqual([null, null, null, 4, 0, 2]);
    expect(points[0]).toMatchObject({ successRate: null, avgDuration: null, partial: true });
    // the line has no value in an expired bucket, not even a dashed one
    const segments = lineSegments(points, ['calls']);
    expect(segments.map((p) => p.callsSolid ?? null)).toEqual([null, null, null, 4, 0, null]);
    expect(segments.slice(0, 3).map((p) => p.callsDashed ?? null)).toEqual([null, null, null]);
    expect(expiredRuns(points)).toEqual([{ from: 10 * 3600, to: 12 * 3600 }]);
  });

  it('fills gaps between answered days and after them, walking local midnights', () => {
    const midnight = (day: number) => new Date(2026, 9, day).getTime() / 1000;
    const range = { startTime: new Date(2026, 9, 1, 15, 0).getTime() / 1000, endTime: new Date(2026, 9, 5, 9, 30).getTime() / 1000 };
    const days = (ts: number[]) => ts.map((t) => ({ timestamp: t, calls: 1, totalCredits: 0 }));
    const points = toChartPoints(days([midnight(2), midnight(4)]), range, 'day', incomplete);
    expect(points.map((p) => p.timestamp)).toEqual([1, 2, 3, 4, 5].map(midnight));
    expect(points.map((p) => p.expired)).toEqual([true, false, true, false, true]);
    expect(expiredRuns(points)).toEqual([{ from: midnight(1), to: midnight(1) }, { from: midnight(3), to: midnight(3) },
      { from: midnight(5), to: midnight(5) }]);
  });

  it('leaves a complete answer as it is', () => {
    const range = { startTime: 10 * 3600, endTime: 15 * 3600 };
    const points = toChartPoints([point(13, 4)], range, 'hour', { complete: true, exactFrom: 10 * 3600, dailyOnlyBefore: null });
    expect(points.map((p) => p.timestamp / 3600)).toEqual([13]);
    expect(toChartPoints([point(13, 4)], range, 'hour')).toHaveLength(1);
  });

  it('counts no expired bucket in the key figures', () => {
    const range = { startTime: 10 * 3600, endTime: 13 * 3600 + 59 };
    const f = keyFigures(toChartPoints([point(12, 3), point(13, 1)], range, 'hour', incomplete));
    expect(f.calls).toBe(4);
    expect(f.peak).toEqual({ timestamp: 12 * 3600, calls: 3 });
    expect(f.credits).toBe(1);
  });
});

describe('keyFigures', () => {
  it('sums calls and credits, finds the peak and weights latency by calls', () => {
    const f = keyFigures([
      { timestamp: 1, calls: 1, successRate: 100, avgDuration: 100, totalCredits: 0.1, partial: false, expired: false },
      { timestamp: 2, calls: 3, successRate: 80, avgDuration: 200, totalCredits: 0.2, partial: false, expired: false },
      { timestamp: 3, calls: 0, successRate: null, avgDuration: null, totalCredits: 0, partial: true, expired: false },
    ]);
    // (1·100 + 3·200) / 4 = 175 ms; (1·100 + 3·80) / 4 = 85 %
    expect(f).toEqual({ calls: 4, credits: 0.3, peak: { timestamp: 2, calls: 3 }, avgDuration: 175, successRate: 85 });
  });

  it('has no peak or latency without calls', () => {
    expect(keyFigures([])).toEqual({ calls: 0, credits: 0, peak: null, avgDuration: null, successRate: null });
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

describe('lineSegments', () => {
  const point = (timestamp: number, calls: number, partial = false) =>
    ({ timestamp, calls, successRate: null, avgDuration: null, totalCredits: 0, partial, expired: false });

  it('draws whole buckets solid and the segment into the partial one dashed', () => {
    const lines = lineSegments([point(1, 5), point(2, 6), point(3, 7), point(4, 2, true)], ['calls']);
    expect(lines.map((p) => p.callsSolid)).toEqual([5, 6, 7, null]);
    // the dashed series joins the last whole bucket to the partial one
    expect(lines.map((p) => p.callsDashed)).toEqual([null, null, 7, 2]);
  });

  it('dashes a partial first bucket into the next one', () => {
    const lines = lineSegments([point(1, 1, true), point(2, 6), point(3, 7)], ['calls']);
    expect(lines.map((p) => p.callsSolid)).toEqual([null, 6, 7]);
    expect(lines.map((p) => p.callsDashed)).toEqual([1, 6, null]);
  });
});

describe('isSlowCall', () => {
  const image = { model: 'gpt-image-1', calls: 400, p95: 24_000 };
  const chat = { model: 'gpt-4o', calls: 400, p95: 2000 };

  it('flags a call above its own model\'s P95', () => {
    expect(isSlowCall(2500, chat)).toBe(true);
    expect(isSlowCall(2000, chat)).toBe(false); // at the P95
    expect(isSlowCall(1900, chat)).toBe(false); // under the P95
  });

  it('leaves a slow model\'s usual calls alone (the project\'s figures would flag them all)', () => {
    expect(isSlowCall(22_000, image)).toBe(false); // 22 s is usual for this image model
    expect(isSlowCall(31_000, image)).toBe(true);
  });

  it('flags nothing without the model\'s figures or with too few calls', () => {
    expect(isSlowCall(99_000, undefined)).toBe(false);
    expect(isSlowCall(99_000, { ...chat, calls: 19 })).toBe(false);
    expect(isSlowCall(null, chat)).toBe(false);
  });
});
