import { afterEach, describe, expect, it, vi } from 'vitest';
import { toCsv } from './csv';
import { localIso, trendCsv } from './trendCsv';

afterEach(() => vi.unstubAllEnvs());

describe('CSV', () => {
  it('quotes per RFC 4180, ends lines with CRLF and defuses formula-looking text', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['line\nbreak', null], ['=SUM(A1)', -3], ['@cmd', '+1']]))
      .toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\r\n\'=SUM(A1),-3\r\n\'@cmd,\'+1\r\n');
  });

  it('writes one row per bucket as the API answered it, with local start time and partial flag', () => {
    vi.stubEnv('TZ', 'Asia/Kolkata'); // +05:30
    const day = Date.UTC(2026, 10, 27, 18, 30) / 1000; // 2026-11-28 00:00 in Kolkata
    expect(localIso(day)).toBe('2026-11-28T00:00+05:30');
    const { text, rows } = trendCsv({ trends: [
      { timestamp: day, calls: 10, successRate: 0.9, avgDuration: 1234.5, totalCredits: 1.25, totalTokens: 900 },
      { timestamp: day + 86_400, calls: 0, successRate: null, avgDuration: null, totalCredits: 0 },
    ] }, { startTime: day, endTime: day + 86_400 + 3600 }, 'day');
    expect(rows).toBe(2);
    expect(text.split('\r\n')).toEqual([
      'bucketStart,timestamp,calls,successRate,avgDuration,totalCredits,totalTokens,partial',
      `2026-11-28T00:00+05:30,${day},10,0.9,1234.5,1.25,900,false`,
      `2026-11-29T00:00+05:30,${day + 86_400},0,,,0,0,true`,
      '',
    ]);
  });
});
