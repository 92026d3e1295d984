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
  /** per request, headers and body (default 30 s) */
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
    /** worth retrying later: network, timeout, 401/403 (token rotation), 408, 425, 429, 5xx */
    readonly retryable: boolean,
    /** the HTTP status, absent for network errors and timeouts */
    readonly status?: number,
    /** the server's Retry-After in ms */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Whether an HTTP failure status may succeed when repeated. Other 4xx are final for that request. */
export function isRetryableStatus(status: number): boolean {
  if (status >= 400 && status < 500) return [401, 403, 408, 425, 429].includes(status);
  return true;
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
    const { text } = await this.request('POST', '/api/ingest/model-calls', `[${lines.join(',')}]`, signal);
    return readBatchResult(text, lines.length);
  }

  /** PUTs a project's profile; resolves with the stored profile, throws {@link IngestError}. */
  async putProject(project: ProjectRecord, signal?: AbortSignal): Promise<ProjectRecord> {
    const body = JSON.stringify({ name: project.name, logoUrl: project.logoUrl, appUrl: project.appUrl });
    const path = `/api/ingest/projects/${encodeURIComponent(project.appDid)}`;
    const { text } = await this.request('PUT', path, body, signal);
    try {
      return JSON.parse(text) as ProjectRecord;
    } catch {
      return project;
    }
  }

  private async request(method: string, path: string, body: string, signal?: AbortSignal) {
    let token: string;
    try {
      const source = this.options.token;
      token = typeof source === 'function' ? await source() : source;
    } catch (e) {
      throw new IngestError(`token: ${message(e)}`, true);
    }
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
        body,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      text = await response.text();
    } catch (e) {
      const why = timeout.aborted ? `timed out after ${this.timeoutMs} ms` : signal?.aborted ? 'aborted' : message(e);
      throw new IngestError(`${method} ${path}: ${why}`, true);
    }
    if (response.ok) return { text };
    throw new IngestError(
      `${method} ${path}: HTTP ${response.status}${problemDetail(text)}`,
      isRetryableStatus(response.status),
      response.status,
      retryAfterMs(response.headers.get('retry-after')),
    );
  }
}

/** 202 {accepted, rejected:[{index, reason}]}; an unreadable 2xx body counts every event as accepted. */
function readBatchResult(text: string, sent: number): BatchResult {
  try {
    const body = JSON.parse(text) as Partial<BatchResult>;
    if (typeof body.accepted === 'number' && Array.isArray(body.rejected)) {
      return {
        accepted: body.accepted,
        rejected: body.rejected.map((r) => ({ index: Number(r.index), reason: String(r.reason) })),
      };
    }
  } catch {
    // fall through
  }
  return { accepted: sent, rejected: [] };
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
