// The retry loop around one ingest or query request: the reporter's IngestClient classifies a
// failure (retryable or not, Retry-After) but does not retry itself.
import { IngestError } from '@aigne-hub-usage/usage-reporter';

export interface RetryOptions {
  attempts?: number; // including the first
  baseMs?: number;
  maxMs?: number;
  log?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  /** no retry once aborted (another batch failed for good) */
  signal?: AbortSignal;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn`, retrying retryable failures with exponential backoff (or the server's Retry-After). */
export async function withRetries<T>(what: string, fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 10;
  const base = opts.baseMs ?? 500;
  const max = opts.maxMs ?? 30_000;
  const wait = opts.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isRetryable(e) || attempt >= attempts || opts.signal?.aborted) throw e;
      const backoff = Math.min(max, base * 2 ** (attempt - 1));
      const delay = Math.min(max, retryAfter(e) ?? backoff);
      opts.log?.(`${what}: ${(e as Error).message}; retry ${attempt}/${attempts - 1} in ${Math.round(delay)} ms`);
      await wait(delay);
    }
  }
}

function isRetryable(e: unknown): boolean {
  if (!(e instanceof IngestError || e instanceof QueryError) || !e.retryable) return false;
  // the import's token is fixed for the run: a 401/403 will not heal by waiting (the client retries them for rotated tokens)
  return e.status !== 401 && e.status !== 403;
}

function retryAfter(e: unknown): number | undefined {
  return e instanceof IngestError || e instanceof QueryError ? e.retryAfterMs : undefined;
}

/** A failed query-service request, classified like IngestError. */
export class QueryError extends Error {
  override name = 'QueryError';
  constructor(message: string, readonly retryable: boolean, readonly status?: number, readonly retryAfterMs?: number) {
    super(message);
  }
}
