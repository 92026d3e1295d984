// Our statistics as the query service answers them: the daily trend series of one user (admin
// token, userDid=), with totalCredits read from the JSON text exactly (a double could not hold
// every 6-decimal sum).
import { parseScaled, retryAfterMs } from '@aigne-hub-usage/usage-reporter';
import { API_SCALE } from './compare.js';
import { QueryError, withRetries, type RetryOptions } from './retry.js';

export interface OurDay {
  calls: number;
  /** totalCredits as answered (rounded to 6 decimals), scaled by 10^6 */
  credits: bigint;
}

/** The longest range the service answers (docs/contracts.md §3); windows are kept a day shorter. */
const WINDOW_DAYS = 365;

export class QueryClient {
  private readonly baseUrl: string;

  constructor(baseUrl: string, private readonly token: string, private readonly retry: RetryOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** The user's UTC-day buckets in [startTime, endTime], keyed by the bucket's start (Unix s). */
  async dailyTrends(userDid: string, startTime: number, endTime: number): Promise<Map<number, OurDay>> {
    const days = new Map<number, OurDay>();
    // windows start at UTC midnights, so no bucket is split between two requests
    for (let from = startTime; from <= endTime; ) {
      const windowEnd = Math.min(endTime, Math.floor(from / 86400) * 86400 + WINDOW_DAYS * 86400 - 1);
      const params = new URLSearchParams({
        startTime: String(from),
        endTime: String(windowEnd),
        granularity: 'day',
        tz: 'UTC',
        userDid,
      });
      const text = await this.get(`/api/usage/trends?${params}`);
      for (const point of parseTrends(text)) days.set(point.timestamp, { calls: point.calls, credits: point.credits });
      from = windowEnd + 1;
    }
    return days;
  }

  /** GET /api/usage/overview totals of a user over [startTime, endTime]. */
  async overview(userDid: string, startTime: number, endTime: number): Promise<{ totalCalls: number; totalCredits: string }> {
    const params = new URLSearchParams({ startTime: String(startTime), endTime: String(endTime), userDid });
    const body = JSON.parse(quoteNumbers(await this.get(`/api/usage/overview?${params}`), ['totalCredits']));
    return { totalCalls: Number(body.totalCalls), totalCredits: String(body.totalCredits) };
  }

  private get(path: string): Promise<string> {
    return withRetries(`GET ${path}`, async () => {
      let response: Response;
      let text: string;
      try {
        response = await fetch(this.baseUrl + path, {
          headers: { authorization: `Bearer ${this.token}`, accept: 'application/json' },
          signal: AbortSignal.timeout(30_000),
        });
        text = await response.text();
      } catch (e) {
        throw new QueryError(`GET ${path}: ${(e as Error).message}`, true);
      }
      if (response.ok) return text;
      throw new QueryError(
        `GET ${path}: HTTP ${response.status} ${text.slice(0, 300)}`,
        retryableQueryStatus(response.status, response.headers.get('content-type')),
        response.status,
        retryAfterMs(response.headers.get('retry-after')),
      );
    }, this.retry);
  }
}

/**
 * 429 and 5xx are retried; another 4xx only when it is not the service's own problem+json answer (a
 * proxy's 404 during a deploy): the service's 400/403/404 will not change by asking again.
 */
export function retryableQueryStatus(status: number, contentType: string | null): boolean {
  if (status === 429 || status >= 500) return true;
  return (contentType ?? '').split(';')[0].trim().toLowerCase() !== 'application/problem+json';
}

export interface TrendPoint {
  timestamp: number;
  calls: number;
  credits: bigint;
}

/** The points of a /trends answer; totalCredits taken from the text, not through a double. */
export function parseTrends(text: string): TrendPoint[] {
  const body = JSON.parse(quoteNumbers(text, ['totalCredits'])) as { trends: Array<{ timestamp: number; calls: number; totalCredits: string }> };
  return body.trends.map((p) => ({
    timestamp: Number(p.timestamp),
    calls: Number(p.calls),
    credits: parseScaled(p.totalCredits, API_SCALE),
  }));
}

/** Wraps the numbers of the given keys in quotes, so JSON.parse keeps their exact text. */
export function quoteNumbers(json: string, keys: string[]): string {
  const pattern = new RegExp(`("(?:${keys.join('|')})"\\s*:\\s*)(-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)`, 'g');
  return json.replace(pattern, '$1"$2"');
}
