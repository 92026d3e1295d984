// The retry loop around one ingest or query request: the reporter's IngestClient classifies a
// failure (retryable or not, Retry-After) but does not retry itself. Backoff and sleep are the
// reporter's: exponential with full jitter, sleeps that end when the signal aborts.
import { IngestError, backoffDelay, sleep as abortableSleep } from '@aigne-hub-usage/usage-reporter';

export interface RetryOptions {
  attempts?: number; // including the first
  baseMs?: number;
  maxMs?: number;
  log?: (line: string) => void;
  /** waits between attempts (default: the reporter's abortable sleep) */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** the jitter's random source, [0, 1) (default Math.random) */
  random?: () => number;
  /** no retry once aborted (another batch failed for good); a sleep in progress ends at once */
  signal?: AbortSignal;
}

// the command waits for a retry with nothing else to do: its timer must keep the process alive
export const sleep = (ms: number, signal?: AbortSignal) => abortableSleep(ms, signal, true);

/**
 * Runs `fn`, retrying retryable failures after a random delay in [0, min(max, base · 2^(attempt-1))]
 * (full jitter, so that concurrent batches do not retry in step), never sooner than the server's
 * Retry-After (capped at `max`).
 */
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
      const backoff = backoffDelay(attempt - 1, base, max, opts.random);
      const delay = Math.min(max, Math.max(retryAfter(e) ?? 0, backoff));
      opts.log?.(`${what}: ${(e as Error).message}; retry ${attempt}/${attempts - 1} in ${Math.round(delay)} ms`);
      await wait(delay, opts.signal);
      if (opts.signal?.aborted) throw e;
    }
  }
}

/** A failure worth retrying within this run (permanent answers and a fixed token's 401/403 are not). */
export function isRetryable(e: unknown): boolean {
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
