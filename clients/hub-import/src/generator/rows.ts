// The rows of an AIGNE Hub-shaped database, deterministic from a seed: users
// did:abt:hub-<seed>-<n> with several projects each over `days` UTC days before `endDay`, plus the
// odd values a real hub holds (null and empty appDid, processing rows, null durations, 8-decimal
// and binary-double credits, big JSON) and a few rows the ingest must refuse.
import { Rng } from './rng.js';

export interface GeneratorOptions {
  seed: string;
  calls: number;
  users: number;
  days: number;
  /** Unix seconds of the UTC midnight the data ends before (exclusive) */
  endDay: number;
}

/** A ModelCalls row as Sequelize writes it to SQLite: JSON and dates as text, credits/duration as numbers. */
export interface CallRow {
  id: string;
  providerId: string;
  model: string;
  credentialId: string;
  type: string;
  totalUsage: number;
  usageMetrics: string | null;
  credits: number;
  status: string;
  duration: number | null;
  errorReason: string | null;
  appDid: string | null;
  userDid: string | null;
  requestId: string | null;
  metadata: string | null;
  callTime: number;
  createdAt: string;
  updatedAt: string;
  traceId: string | null;
}

export interface ProjectRow {
  appDid: string;
  appName: string;
  appLogo: string | null;
  appUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export const CALL_COLUMNS = [
  'id', 'providerId', 'model', 'credentialId', 'type', 'totalUsage', 'usageMetrics', 'credits', 'status', 'duration',
  'errorReason', 'appDid', 'userDid', 'requestId', 'metadata', 'callTime', 'createdAt', 'updatedAt', 'traceId',
] as const;
export const PROJECT_COLUMNS = ['appDid', 'appName', 'appLogo', 'appUrl', 'createdAt', 'updatedAt'] as const;

const MODELS: ReadonlyArray<{ providerId: string; model: string; type: string }> = [
  { providerId: 'openai', model: 'gpt-4o-mini', type: 'chatCompletion' },
  { providerId: 'openai', model: 'openai/gpt-4o', type: 'chatCompletion' }, // provider-prefixed, as some hubs store it
  { providerId: 'anthropic', model: 'claude-3-5-sonnet', type: 'chatCompletion' },
  { providerId: 'google', model: 'gemini-1.5-flash', type: 'chatCompletion' },
  { providerId: 'openai', model: 'text-embedding-3-small', type: 'embedding' },
  { providerId: 'openai', model: 'dall-e-3', type: 'imageGeneration' },
  { providerId: 'openai', model: 'tts-1', type: 'audioGeneration' },
  { providerId: 'google', model: 'veo-2', type: 'video' },
  { providerId: 'custom', model: 'in-house-router', type: 'custom' },
];
const MODEL_WEIGHTS = [30, 12, 15, 10, 14, 5, 4, 2, 8];

/** Row positions with values the ingest must refuse (kept in range for any size ≥ 32). */
export const REFUSED_POSITIONS = { negativeCredits: [11, 12], before2020: [13, 14] } as const;
/** A call without a user (the column allows null): it cannot be imported for anybody. */
export const NO_USER_POSITION = 15;

export function userDid(seed: string, n: number): string {
  return `did:abt:hub-${seed}-${n}`;
}

export function appDid(seed: string, k: number): string {
  return `did:app:hub-${seed}-${k}`;
}

/** Apps are shared between users (a hub's Projects are per app); each user calls 2–5 of them. */
function appsOf(rng: Rng, apps: number): number[] {
  const count = Math.min(apps, rng.int(2, 5));
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(rng.int(0, apps - 1));
  return [...chosen];
}

export function appCount(users: number): number {
  return Math.max(4, Math.ceil(users * 1.5));
}

export function* generateCalls(opts: GeneratorOptions): Generator<CallRow> {
  const rng = new Rng(`calls:${opts.seed}`);
  const apps = appCount(opts.users);
  const userApps = Array.from({ length: opts.users }, () => appsOf(rng, apps));
  const userWeights = Array.from({ length: opts.users }, (_, n) => 1 / Math.pow(n + 1, 0.8));
  const userTotal = userWeights.reduce((s, w) => s + w, 0);
  const start = opts.endDay - opts.days * 86400;

  for (let i = 0; i < opts.calls; i++) {
    const u = rng.weighted(userWeights, userTotal);
    const m = MODELS[rng.weighted(MODEL_WEIGHTS)];
    const callTime = start + Math.floor(rng.next() * opts.days * 86400);
    const roll = rng.next();
    const status = roll < 0.01 ? 'processing' : roll < 0.07 ? 'failed' : 'success';
    const row: CallRow = {
      id: rng.uuid(),
      providerId: m.providerId,
      model: m.model,
      credentialId: `cred-${m.providerId}-${rng.int(1, 3)}`,
      type: m.type,
      totalUsage: status === 'processing' ? 0 : rng.int(0, 20000),
      usageMetrics: null,
      credits: 0,
      status,
      duration: status === 'processing' || rng.next() < 0.02 ? null : rng.int(1, 600) / 10,
      errorReason: status === 'failed' ? failure(rng) : null,
      appDid: appDid(opts.seed, rng.pick(userApps[u])),
      userDid: userDid(opts.seed, u),
      requestId: rng.next() < 0.9 ? `req-${rng.hex(16)}` : null,
      metadata: null,
      callTime,
      createdAt: sequelizeDate(callTime),
      updatedAt: sequelizeDate(callTime + (status === 'processing' ? 0 : 2)),
      traceId: rng.next() < 0.5 ? rng.hex(32) : null,
    };
    row.credits = status === 'success' ? credits(rng) : status === 'failed' && rng.next() < 0.2 ? credits(rng) : 0;
    row.usageMetrics = status === 'processing' ? null : JSON.stringify(usageMetrics(rng, row.totalUsage, i));
    row.metadata = rng.next() < 0.6 ? JSON.stringify(metadata(rng, i)) : null;
    oddities(row, i);
    yield row;
  }
}

/** Fixed positions get the rare shapes, so every database of ≥ 32 rows holds each of them. */
function oddities(row: CallRow, i: number): void {
  if (i % 97 === 5) row.appDid = null;
  if (i % 101 === 7) row.appDid = ''; // Sequelize writes '' for "no project" in some hub versions
  if (i % 1009 === 3 || i === 20) {
    row.status = 'success';
    row.credits = 0.1 + 0.2; // a REAL in SQLite: 0.30000000000000004
  }
  if (i % 211 === 9) row.credits = 12345.67890123; // 8 decimals, > 1e4
  if (i % 223 === 10) row.credits = 0.00000001; // the smallest DECIMAL(20,8) step
  if ((REFUSED_POSITIONS.negativeCredits as readonly number[]).includes(i)) {
    row.status = 'success';
    row.credits = -0.5;
  }
  if ((REFUSED_POSITIONS.before2020 as readonly number[]).includes(i)) {
    row.status = 'success';
    row.callTime = 1500000000; // 2017-07-14: before the ingest's earliest callTime
  }
  if (i === NO_USER_POSITION) row.userDid = null;
}

function credits(rng: Rng): number {
  // whole multiples of 1e-8, stored the way Sequelize stores DECIMAL(20,8) in SQLite: a double
  return rng.int(0, 250_000_000) / 1e8;
}

function failure(rng: Rng): string {
  const reasons = ['upstream timeout', 'rate limited by provider', 'invalid api key', 'context length exceeded'];
  // a long reason now and then: the ingest stores 1000 characters of it
  return rng.next() < 0.02 ? 'stack: ' + 'at handler (x.js:1:1) '.repeat(80) : rng.pick(reasons);
}

function usageMetrics(rng: Rng, total: number, i: number): Record<string, unknown> {
  const input = Math.floor(total * rng.next());
  const metrics: Record<string, unknown> = { inputTokens: input, outputTokens: total - input };
  if (i % 5003 === 17) {
    // a big one (~10 KB, under the 16 KiB limit): per-chunk details some providers return
    metrics.chunks = Array.from({ length: 250 }, (_, k) => ({ k, tokens: rng.int(1, 99), ms: rng.int(1, 999) }));
  }
  return metrics;
}

function metadata(rng: Rng, i: number): Record<string, unknown> {
  const meta: Record<string, unknown> = { source: rng.pick(['api', 'playground', 'sdk']), region: rng.pick(['us', 'eu', 'ap']) };
  if (i % 20011 === 19) meta.prompt = 'x'.repeat(20_000); // over 16 KiB: the mapping drops it
  return meta;
}

/** What a correct import of a generated hub must show: terminal calls and credits of one user on one UTC day. */
export interface ExpectedDay {
  calls: number;
  /** Σ credits in units of 10^-8 (DECIMAL(20,8)) */
  creditUnits: bigint;
}

/**
 * The expected statistics of a generated hub, per userDid and UTC day (Unix seconds of its start),
 * worked out here from the rows as written — independently of the importer's mapping and decimals:
 * terminal calls only, without the call that has no user and the rows the ingest refuses. Every
 * credit written is a whole number of 10^-8 below 2^53 · 10^-8 (or 0.1 + 0.2, which DECIMAL(20,8)
 * reads as 0.3), so Math.round(credits · 10^8) is exactly the number of units the column holds.
 */
export function expectedDays(opts: GeneratorOptions): Map<string, Map<number, ExpectedDay>> {
  const refused = new Set<number>([...REFUSED_POSITIONS.negativeCredits, ...REFUSED_POSITIONS.before2020]);
  const out = new Map<string, Map<number, ExpectedDay>>();
  let i = 0;
  for (const row of generateCalls(opts)) {
    const position = i++;
    if (position === NO_USER_POSITION || refused.has(position) || row.status === 'processing' || row.userDid === null) continue;
    const day = row.callTime - (row.callTime % 86400);
    let user = out.get(row.userDid);
    if (!user) out.set(row.userDid, (user = new Map()));
    const d = user.get(day) ?? { calls: 0, creditUnits: 0n };
    d.calls += 1;
    d.creditUnits += BigInt(Math.round(row.credits * 1e8));
    user.set(day, d);
  }
  return out;
}

export function* generateProjects(opts: GeneratorOptions): Generator<ProjectRow> {
  const apps = appCount(opts.users);
  const created = sequelizeDate(opts.endDay - opts.days * 86400);
  for (let k = 0; k < apps; k++) {
    if (k % 7 === 6) continue; // some apps have no Projects row
    yield {
      appDid: appDid(opts.seed, k),
      appName: k === 1 ? '' : `Hub app ${k}`, // k = 1: a project without a name
      appLogo: k === 0 ? `http://insecure.example.com/logo-${k}.png` : `https://cdn.example.com/apps/${k}/logo.png`,
      appUrl: k === 2 ? null : `https://app-${k}.example.com`,
      createdAt: created,
      updatedAt: created,
    };
  }
}

/** Sequelize's SQLite date text: "2025-01-02 03:04:05.000 +00:00". */
export function sequelizeDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace('T', ' ').replace('Z', ' +00:00');
}
