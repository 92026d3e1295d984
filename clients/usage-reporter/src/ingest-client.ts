/**
 * The two ingest endpoints of the stats-aggregator, one request per call, no retries of its own:
 * it tells the caller whether a failure is worth retrying (IngestError.retryable) and how long the
 * server asked to wait. The reporter and the history importer build their retry loops on it.
 */
import type { ProjectProfile, UsageEvent } from './mapping.js';

/** A bearer token, or a function asked before every request (tokens get rotated). */
export type TokenSource = string | (() => string | Promise<string>);

export interface IngestClientOptions {
  /** e.g. http://127.0.0.1:8081 (the stats-aggregator) */
  baseUrl: string;
  /** a token with role `ingest` */
  token: TokenSource;
  /** per request: the token function, headers and body (default 30 s) */
  timeoutMs?: number;
}

export interface Rejection {
  index: number;
  reason: string;
}

export interface BatchResult {
  accepted: number;
  rejected: Rejection[];
}

/** A stored project profile, as PUT /api/ingest/projects/{appDid} answers it. */
export interface ProjectRecord extends ProjectProfile {
  appDid: string;
}

/** The server's limit of events per POST. */
export const MAX_BATCH = 1000;

export class IngestError extends Error {
  override name = 'IngestError';
  constructor(
    message: string,
    /** worth retrying later: everything but 413 and a 400 answered as problem+json (see isRetryableStatus) */
    readonly retryable: boolean,
    /** the HTTP status, absent for network errors and timeouts */
    readonly status?: number,
    /** the server's Retry-After in ms */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * Whether an HTTP failure may succeed when repeated. Only two answers are final for a request: 413 (too
 * large) and a 400 the ingest itself gave (`application/problem+json`: the body is not an array or
 * NDJSON). Anything else — 401/403 (a rotated token), 404/405/409/410 (a proxy during a deploy, a wrong
 * base path), a 400 from something that is not the ingest, 408, 425, 429, 5xx, 3xx — is retried, so
 * that a misrouted or half-deployed endpoint never makes the reporter throw calls away.
 */
export function isRetryableStatus(status: number, contentType?: string | null): boolean {
  if (status === 413) return false;
  if (status === 400) return !isProblemJson(contentType);
  return true;
}

function isProblemJson(contentType: string | null | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/problem+json';
}

export class IngestClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: IngestClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** POSTs up to 1000 events; resolves with the server's answer, throws {@link IngestError}. */
  sendBatch(events: readonly UsageEvent[], signal?: AbortSignal): Promise<BatchResult> {
    return this.sendJsonLines(events.map((e) => JSON.stringify(e)), signal);
  }

  /** As {@link sendBatch} for events already serialized (one JSON object per string, e.g. spool lines). */
  async sendJsonLines(lines: readonly string[], signal?: AbortSignal): Promise<BatchResult> {
    if (lines.length > MAX_BATCH) throw new IngestError(`at most ${MAX_BATCH} events per request`, false);
    const path = '/api/ingest/model-calls';
    const { status, text } = await this.request('POST', path, `[${lines.join(',')}]`, signal);
    return readBatchResult(`POST ${path}`, status, text, lines.length);
  }

  /** PUTs a project's profile; resolves with the stored profile, throws {@link IngestError}. */
  async putProject(project: ProjectRecord, signal?: AbortSignal): Promise<ProjectRecord> {
    const body = JSON.stringify({ name: project.name, logoUrl: project.logoUrl, appUrl: project.appUrl });
    const path = `/api/ingest/projects/${encodeURIComponent(project.appDid)}`;
    const { status, text } = await this.request('PUT', path, body, signal);
    // only the ingest's own answer counts: a proxy's 2xx page is no stored profile
    const stored = status === 200 ? parseJson(text) : undefined;
    if (!stored || typeof stored !== 'object' || Array.isArray(stored)) {
      throw new IngestError(`PUT ${path}: unexpected answer HTTP ${status}${snippet(text)}`, true, status);
    }
    return { ...project, ...(stored as Partial<ProjectRecord>) };
  }

  private async request(method: string, path: string, body: string, signal?: AbortSignal) {
    // the timeout covers the token function too: a token source that never answers must not hang a request
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const abort = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const why = (e: unknown) => (timeout.aborted ? `timed out after ${this.timeoutMs} ms` : signal?.aborted ? 'aborted' : message(e));
    let token: string;
    try {
      const source = this.options.token;
      token = typeof source === 'function' ? await untilAborted(Promise.resolve().then(source), abort) : source;
    } catch (e) {
      throw new IngestError(`${method} ${path}: token: ${why(e)}`, true);
    }
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
        body,
        signal: abort,
      });
      text = await response.text();
    } catch (e) {
      throw new IngestError(`${method} ${path}: ${why(e)}`, true);
    }
    if (response.ok) return { status: response.status, text };
    throw new IngestError(
      `${method} ${path}: HTTP ${response.status}${problemDetail(text)}`,
      isRetryableStatus(response.status, response.headers.get('content-type')),
      response.status,
      retryAfterMs(response.headers.get('retry-after')),
    );
  }
}

/**
 * Only the ingest's own answer counts as delivered: 202 {accepted: number, rejected: [{index, reason}]}
 * whose accepted + rejected.length is the number of events sent. Any other 2xx (a proxy's page, a
 * 200 from a wrong path, a body cut short) is a retryable IngestError: the events are kept.
 */
function readBatchResult(what: string, status: number, text: string, sent: number): BatchResult {
  const body = status === 202 ? (parseJson(text) as Partial<BatchResult> | undefined) : undefined;
  if (body && typeof body === 'object' && Number.isInteger(body.accepted) && Array.isArray(body.rejected)) {
    const rejected = body.rejected as unknown[];
    const valid = rejected.every((r) => {
      const index = (r as { index?: unknown } | null)?.index;
      return typeof index === 'number' && Number.isInteger(index) && index >= 0 && index < sent;
    });
    if (valid && body.accepted! >= 0 && body.accepted! + rejected.length === sent) {
      return {
        accepted: body.accepted!,
        rejected: (rejected as Rejection[]).map((r) => ({ index: r.index, reason: String(r.reason) })),
      };
    }
  }
  throw new IngestError(`${what}: unexpected answer HTTP ${status} for ${sent} events${snippet(text)}`, true, status);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function snippet(text: string): string {
  return text ? `: ${text.slice(0, 200)}` : '';
}

/** `promise`, or a rejection as soon as `signal` aborts (the promise itself cannot be cancelled). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function problemDetail(text: string): string {
  try {
    const problem = JSON.parse(text) as { detail?: unknown; title?: unknown };
    const detail = problem.detail ?? problem.title;
    if (typeof detail === 'string') return `: ${detail.slice(0, 500)}`;
  } catch {
    // not problem+json
  }
  return text ? `: ${text.slice(0, 200)}` : '';
}

/** Retry-After as delay-seconds or an HTTP date. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function message(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    return cause instanceof Error ? `${e.message} (${cause.message})` : e.message;
  }
  return String(e);
}
