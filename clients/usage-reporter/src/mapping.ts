/**
 * AIGNE Hub rows → our ingest payloads (docs/contracts.md §1, docs/api.md "Validation limits").
 * Pure functions: no I/O, no clock. The README's mapping table documents every rule below.
 */
import { Buffer } from 'node:buffer';
import { formatDecimal, parseDecimal, roundDecimal, shiftDecimal } from './decimal.js';

export type CallType = 'chatCompletion' | 'embedding' | 'imageGeneration' | 'audioGeneration' | 'video' | 'custom';
export type CallStatus = 'processing' | 'success' | 'failed';

/** A row of AIGNE Hub's `ModelCalls` table as Sequelize hands it out (`modelCall.toJSON()`), PostgreSQL or SQLite. */
export interface HubModelCall {
  id: string;
  providerId?: string | null;
  model: string;
  credentialId?: string | null;
  type: CallType | string;
  totalUsage?: number | string | null;
  usageMetrics?: Record<string, unknown> | string | null;
  /** DECIMAL(20,8): a string from PostgreSQL, a number (or string) from SQLite */
  credits?: string | number | null;
  status: CallStatus | string;
  /** DECIMAL(10,1) seconds; null while processing */
  duration?: string | number | null;
  errorReason?: string | null;
  appDid?: string | null;
  userDid?: string | null;
  requestId?: string | null;
  traceId?: string | null;
  /** a JSON object, or its JSON text (SQLite) */
  metadata?: Record<string, unknown> | string | null;
  /** Unix seconds */
  callTime: number | string;
  createdAt?: unknown;
  updatedAt?: unknown;
}

/** A row of AIGNE Hub's `Projects` table. */
export interface HubProject {
  appDid: string;
  appName?: string | null;
  appLogo?: string | null;
  appUrl?: string | null;
}

/** One ModelCall event as POST /api/ingest/model-calls takes it (docs/contracts.md §1). */
export interface UsageEvent {
  id: string;
  userDid: string;
  appDid?: string;
  model: string;
  providerId?: string;
  type: string;
  status: CallStatus;
  durationMs?: number;
  totalUsage?: number;
  /** exact decimal, plain notation ("0.00000001") */
  credits?: string;
  callTime: number;
  errorReason?: string;
  usageMetrics?: Record<string, unknown> | null;
  metadata?: Record<string, unknown> | null;
  requestId?: string;
  traceId?: string;
  schemaVersion: 1;
}

/** The body of PUT /api/ingest/projects/{appDid}. */
export interface ProjectProfile {
  name: string;
  logoUrl: string | null;
  appUrl: string | null;
}

/** A value the mapping left out or changed, so the caller can count it. */
export interface MappingNote {
  field: string;
  reason: string;
}

/** The record cannot become an event at all (no id, no user, unreadable number, …). */
export class MappingError extends Error {
  override name = 'MappingError';
}

/** Server limits the mapping enforces itself (docs/api.md "Validation limits"). */
export const LIMITS = {
  jsonObjectBytes: 16 * 1024,
  jsonObjectDepth: 10,
  errorReasonChars: 1000,
  creditsDecimals: 8,
  projectNameChars: 200,
  urlChars: 2048,
} as const;

const STATUSES: readonly string[] = ['processing', 'success', 'failed'];

/** The event for one ModelCalls row; throws {@link MappingError} when there is none. */
export function toUsageEvent(record: HubModelCall): UsageEvent {
  return mapModelCall(record).event;
}

/** {@link toUsageEvent} plus what it dropped (usageMetrics/metadata that the server would refuse). */
export function mapModelCall(record: HubModelCall): { event: UsageEvent; dropped: MappingNote[] } {
  if (record === null || typeof record !== 'object') throw new MappingError('record: not an object');
  const r = record as unknown as Record<string, unknown>;
  const status = r.status;
  if (typeof status !== 'string' || !STATUSES.includes(status)) {
    throw new MappingError(`status: must be one of ${STATUSES.join(', ')}`);
  }
  const terminal = status !== 'processing';
  const dropped: MappingNote[] = [];

  const event: UsageEvent = {
    id: requiredText(r, 'id'),
    userDid: requiredText(r, 'userDid'),
    model: r.model as string,
    type: r.type as string,
    status: status as CallStatus,
    callTime: integer(r.callTime, 'callTime') ?? fail('callTime: is required'),
    schemaVersion: 1,
  };
  if (typeof r.appDid === 'string' && r.appDid.trim() !== '') event.appDid = r.appDid;
  if (typeof r.providerId === 'string') event.providerId = r.providerId;

  // processing: unknown yet, so absent; terminal: the server requires them, null means none (0)
  const durationMs = milliseconds(r.duration);
  if (durationMs !== undefined || terminal) event.durationMs = durationMs ?? 0;
  const totalUsage = integer(r.totalUsage, 'totalUsage');
  if (totalUsage !== undefined || terminal) event.totalUsage = totalUsage ?? 0;
  const credits = creditsText(r.credits);
  if (credits !== undefined || terminal) event.credits = credits ?? '0';

  if (typeof r.errorReason === 'string') event.errorReason = truncate(wellFormed(r.errorReason), LIMITS.errorReasonChars);
  for (const field of ['usageMetrics', 'metadata'] as const) {
    const result = jsonObject(r[field]);
    if (result.reason) dropped.push({ field, reason: result.reason });
    if (result.value !== undefined) event[field] = result.value;
  }
  if (typeof r.requestId === 'string') event.requestId = r.requestId;
  if (typeof r.traceId === 'string') event.traceId = r.traceId;
  return { event, dropped };
}

/**
 * The profile PUT for a Projects row. `profile` is null when there is nothing to send (blank name);
 * a logo that is not https, or an app URL that is not http(s), is sent as null and noted.
 */
export function toProjectProfile(row: HubProject): { appDid: string; profile: ProjectProfile | null; notes: MappingNote[] } {
  if (row === null || typeof row !== 'object') throw new MappingError('project: not an object');
  if (typeof row.appDid !== 'string' || row.appDid.trim() === '') throw new MappingError('appDid: is required');
  const notes: MappingNote[] = [];
  const name = typeof row.appName === 'string' ? truncate(wellFormed(row.appName.trim()), LIMITS.projectNameChars) : '';
  if (name === '') {
    notes.push({ field: 'appName', reason: 'blank: profile not sent' });
    return { appDid: row.appDid, profile: null, notes };
  }
  const logoUrl = url(row.appLogo, ['https:'], 'appLogo', notes);
  const appUrl = url(row.appUrl, ['http:', 'https:'], 'appUrl', notes);
  return { appDid: row.appDid, profile: { name, logoUrl, appUrl }, notes };
}

function fail(message: string): never {
  throw new MappingError(message);
}

function requiredText(r: Record<string, unknown>, field: string): string {
  const v = r[field];
  if (typeof v !== 'string' || v === '') fail(`${field}: must be a non-empty string`);
  return v;
}

function blank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/** An integer from a number or a digit string (BIGINT columns come as strings); undefined when absent. */
function integer(v: unknown, field: string): number | undefined {
  if (blank(v)) return undefined;
  const n = typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) fail(`${field}: must be an integer`);
  return n;
}

/** DECIMAL(10,1) seconds → ms, in decimal arithmetic ("1.1" → 1100, 0.30000000000000004 → 300), rounded to whole ms. */
function milliseconds(v: unknown): number | undefined {
  if (blank(v)) return undefined;
  const seconds = parseDecimal(v) ?? fail('duration: must be a decimal number of seconds');
  return Number(formatDecimal(shiftDecimal(roundDecimal(seconds, 3), 3)));
}

/** DECIMAL(20,8) → exact text; a double from SQLite is read at the column's 8 decimals (0.1 + 0.2 → "0.3"). */
function creditsText(v: unknown): string | undefined {
  if (blank(v)) return undefined;
  const credits = parseDecimal(v) ?? fail('credits: must be a decimal number');
  return formatDecimal(roundDecimal(credits, LIMITS.creditsDecimals));
}

/** U+0000 and unpaired surrogates become U+FFFD: the server refuses both, and a message is not an identity. */
function wellFormed(s: string): string {
  return s.replace(/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** The first `max` UTF-16 units, never half a surrogate pair (the server's TextRules.truncate). */
function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * usageMetrics/metadata as the server stores them: a JSON object (JSON text is parsed), ≤ 16 KiB as
 * compact JSON, ≤ 10 levels, text the database can hold. Otherwise null plus the reason. Absent stays absent.
 */
function jsonObject(v: unknown): { value?: Record<string, unknown> | null; reason?: string } {
  if (blank(v)) return {};
  let source = v;
  if (typeof v === 'string') {
    try {
      source = JSON.parse(v);
    } catch {
      return { value: null, reason: 'not valid JSON text' };
    }
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(source);
  } catch {
    return { value: null, reason: 'not serializable as JSON (circular or BigInt)' };
  }
  if (text === undefined) return { value: null, reason: 'not a JSON object' };
  if (Buffer.byteLength(text, 'utf8') > LIMITS.jsonObjectBytes) {
    return { value: null, reason: `larger than ${LIMITS.jsonObjectBytes} bytes as JSON` };
  }
  const parsed: unknown = JSON.parse(text);
  if (parsed === null) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) return { value: null, reason: 'not a JSON object' };
  const problem = jsonProblem(parsed, 1);
  return problem ? { value: null, reason: problem } : { value: parsed as Record<string, unknown> };
}

/** Depth as the server counts it: the object is level 1, its values level 2, … */
function jsonProblem(node: unknown, depth: number): string | null {
  if (depth > LIMITS.jsonObjectDepth) return `nested deeper than ${LIMITS.jsonObjectDepth} levels`;
  if (typeof node === 'string') return BAD_TEXT.test(node) ? 'contains U+0000 or an unpaired surrogate' : null;
  if (node === null || typeof node !== 'object') return null;
  for (const [key, value] of Array.isArray(node) ? node.entries() : Object.entries(node)) {
    if (typeof key === 'string' && BAD_TEXT.test(key)) return 'a key contains U+0000 or an unpaired surrogate';
    const problem = jsonProblem(value, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/**
 * A URL the server takes (java.net.URI with a host, no user info): printable ASCII without the
 * characters a URI may not hold, an allowed scheme, a host name, at most 2048 characters.
 */
function url(v: unknown, schemes: string[], field: string, notes: MappingNote[]): string | null {
  if (blank(v)) return null;
  const text = typeof v === 'string' ? v.trim() : '';
  let ok = text.length <= LIMITS.urlChars && /^[\x21-\x7e]+$/.test(text) && !/["<>\\^`{|}]|%(?![0-9A-Fa-f]{2})/.test(text);
  if (ok) {
    try {
      const u = new URL(text);
      const authority = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)/.exec(text)?.[1] ?? '';
      ok = schemes.includes(u.protocol) && !authority.includes('@') && javaHost(u.hostname);
    } catch {
      ok = false;
    }
  }
  if (!ok) {
    notes.push({ field, reason: `not an absolute ${schemes.map((s) => s.slice(0, -1)).join(' or ')} URL: sent as null` });
    return null;
  }
  return text;
}

/** java.net.URI gives no host for e.g. "under_score.example" or a last label starting with a digit. */
function javaHost(host: string): boolean {
  if (/^\[[0-9a-fA-F:.]+\]$/.test(host) || /^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return true;
  const labels = host.split('.');
  if (labels[labels.length - 1] === '') labels.pop();
  return labels.length > 0
    && labels.every((l) => /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(l))
    && /^[a-zA-Z]/.test(labels[labels.length - 1]!);
}
