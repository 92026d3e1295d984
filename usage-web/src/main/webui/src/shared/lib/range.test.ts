import { describe, expect, it } from 'vitest';
import { granularityFor, lastDays, rangeEndingAt } from './range';

describe('ranges', () => {
  it('timeRange N is [now − N·86400, now]', () => {
    expect(rangeEndingAt(30, 1_764_547_200)).toEqual({ startTime: 1_764_547_200 - 30 * 86_400, endTime: 1_764_547_200 });
  });

  it('is hourly up to 7 days and daily beyond', () => {
    expect(granularityFor(7)).toBe('hour');
    expect(granularityFor(30)).toBe('day');
  });

  it('seven whole local days start at midnight six days before today', () => {
    const now = new Date(2026, 10, 28, 15, 30, 12); // local time
    const r = lastDays(7, now);
    const start = new Date(r.startTime * 1000);
    expect([start.getFullYear(), start.getMonth(), start.getDate(), start.getHours(), start.getMinutes()]).toEqual([2026, 10, 22, 0, 0]);
    expect(r.endTime).toBe(Math.floor(now.getTime() / 1000));
  });
});
