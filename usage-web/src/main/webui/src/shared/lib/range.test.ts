import { afterEach, describe, expect, it, vi } from 'vitest';
import { bucketEnd, isPartialBucket, lastDays } from './range';

const local = (...parts: [number, number, number, number?, number?, number?]) => new Date(...(parts as [number, number, number])).getTime() / 1000;
const s = (...parts: number[]) => new Date(parts[0], parts[1], parts[2], parts[3] ?? 0, parts[4] ?? 0, parts[5] ?? 0).getTime() / 1000;

afterEach(() => vi.unstubAllEnvs());

describe('ranges: N whole local days, from 00:00 of the day N − 1 days before today until now', () => {
  const now = new Date(2026, 10, 28, 15, 30, 12); // local time

  it('starts 7, 30 and 90 days at a local midnight and ends now', () => {
    expect(lastDays(7, now)).toEqual({ startTime: s(2026, 10, 22), endTime: s(2026, 10, 28, 15, 30, 12) });
    expect(lastDays(30, now)).toEqual({ startTime: s(2026, 9, 30), endTime: s(2026, 10, 28, 15, 30, 12) });
    expect(lastDays(90, now)).toEqual({ startTime: s(2026, 7, 31), endTime: s(2026, 10, 28, 15, 30, 12) });
  });

  it('counts calendar days across a daylight-saving change (a 23-hour day)', () => {
    vi.stubEnv('TZ', 'Europe/Berlin');
    // Berlin springs forward on 2026-03-29: the 7 days from 03-26 to 04-01 are 7·24 − 1 hours up to the last midnight
    const r = lastDays(7, new Date(Date.UTC(2026, 3, 1, 10))); // 12:00 in Berlin (CEST)
    expect(new Date(r.startTime * 1000).toISOString()).toBe('2026-03-25T23:00:00.000Z'); // 00:00 CET
    expect(bucketEnd(r.startTime, 'day') - r.startTime).toBe(86_400);
    expect(bucketEnd(Date.UTC(2026, 2, 28, 23) / 1000, 'day') - Date.UTC(2026, 2, 28, 23) / 1000).toBe(23 * 3600);
  });

});

describe('partial buckets', () => {
  const now = new Date(2026, 10, 28, 15, 30, 12);
  const range = lastDays(30, now);

  it('marks today (still running) partial and the first day whole', () => {
    expect(isPartialBucket(local(2026, 10, 28), 'day', range)).toBe(true);
    expect(isPartialBucket(local(2026, 10, 27), 'day', range)).toBe(false);
    expect(isPartialBucket(range.startTime, 'day', range)).toBe(false);
  });

  it('marks the running hour partial and the hour before whole', () => {
    const week = lastDays(7, now);
    expect(isPartialBucket(s(2026, 10, 28, 15), 'hour', week)).toBe(true);
    expect(isPartialBucket(s(2026, 10, 28, 14), 'hour', week)).toBe(false);
    expect(isPartialBucket(week.startTime, 'hour', week)).toBe(false);
  });

  it('marks a first bucket that starts before the range partial', () => {
    const rolling = { startTime: s(2026, 10, 28, 15, 30, 12) - 30 * 86_400, endTime: s(2026, 10, 28, 15, 30, 12) };
    expect(isPartialBucket(local(2026, 9, 29), 'day', rolling)).toBe(true);
  });
});
