// A stand-in for the ingest and query services, enough for the unit tests: the ingest validates the
// few rules the generated data breaks, keeps calls by (userDid, id) with terminal calls final, and
// /trends answers dense UTC-day buckets of terminal calls with credits rounded half-up to 6 decimals.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// Its own arithmetic, plain BigInt (not the code under test): credits as units of 10^-10, each day's
// sum rounded half-up to 6 decimals like the service.
const UNITS = 10n ** 10n;

/** "12.5" → 125000000000n; the validation below lets only plain non-negative decimals of ≤ 10 places through. */
export function creditUnits(text: string): bigint {
  const [int, frac = ''] = text.split('.');
  return BigInt(int) * UNITS + BigInt(frac.padEnd(10, '0'));
}

/** A sum of units as the API writes it: rounded half-up to 6 decimals, plain, without trailing zeros. */
export function apiCredits(units: bigint): string {
  const micro = (units + 5_000n) / 10_000n; // 10 → 6 decimals, half-up (units are never negative here)
  const frac = (micro % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return (micro / 1_000_000n).toString() + (frac ? '.' + frac : '');
}

interface StoredCall {
  userDid: string;
  status: string;
  callTime: number;
  credits: string;
  visibleAt: number;
}

export interface FakeStack {
  url: string;
  calls: Map<string, StoredCall>;
  projects: Map<string, unknown>;
  posts: number;
  /** answer the next n ingest POSTs with 503 + Retry-After: 0 */
  failNext: number;
  /** accepted calls show in /trends only this many ms later (the asynchronous consumer) */
  lagMs: number;
  trendRequests: number;
  close(): Promise<void>;
}

export async function startFakeStack(): Promise<FakeStack> {
  const state = {
    calls: new Map<string, StoredCall>(),
    projects: new Map<string, unknown>(),
    posts: 0,
    failNext: 0,
    lagMs: 0,
    trendRequests: 0,
  };
  const server: Server = createServer((req, res) => {
    handle(state, req, res).catch((e) => send(res, 500, { detail: String(e) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

type State = Omit<FakeStack, 'url' | 'close'>;

async function handle(state: State, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.url === '/q/health/ready') return send(res, 200, { status: 'UP' });
  if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) return send(res, 401, { detail: 'no token' });
  const url = new URL(req.url!, 'http://x');
  const body = await read(req);
  if (req.method === 'POST' && url.pathname === '/api/ingest/model-calls') {
    state.posts++;
    if (state.failNext > 0) {
      state.failNext--;
      res.setHeader('retry-after', '0');
      return send(res, 503, { detail: 'Kafka did not acknowledge' });
    }
    const events = JSON.parse(body) as Array<Record<string, unknown>>;
    const rejected: Array<{ index: number; reason: string }> = [];
    events.forEach((e, index) => {
      const reasons = validate(e);
      if (reasons.length) return rejected.push({ index, reason: reasons.join('; ') });
      const key = `${e.userDid}\u0000${e.id}`;
      const old = state.calls.get(key);
      if (old && old.status !== 'processing') return; // terminal calls are final
      state.calls.set(key, {
        userDid: String(e.userDid),
        status: String(e.status),
        callTime: Number(e.callTime),
        credits: String(e.credits ?? '0'),
        visibleAt: Date.now() + state.lagMs,
      });
    });
    return send(res, 202, { accepted: events.length - rejected.length, rejected });
  }
  const project = /^\/api\/ingest\/projects\/(.+)$/.exec(url.pathname);
  if (req.method === 'PUT' && project) {
    const appDid = decodeURIComponent(project[1]);
    state.projects.set(appDid, JSON.parse(body));
    return send(res, 200, { appDid, ...JSON.parse(body) });
  }
  if (req.method === 'GET' && url.pathname === '/api/usage/trends') {
    state.trendRequests++;
    const q = url.searchParams;
    const start = Number(q.get('startTime'));
    const end = Number(q.get('endTime'));
    if (end - start > 366 * 86400) return send(res, 400, { detail: 'range over 366 days' });
    const user = q.get('userDid');
    const buckets = new Map<number, { calls: number; credits: bigint }>();
    for (let day = Math.floor(start / 86400) * 86400; day <= end; day += 86400) buckets.set(day, { calls: 0, credits: 0n });
    const now = Date.now();
    for (const c of state.calls.values()) {
      if (c.userDid !== user || c.status === 'processing' || c.visibleAt > now || c.callTime < start || c.callTime > end) continue;
      const b = buckets.get(Math.floor(c.callTime / 86400) * 86400)!;
      b.calls++;
      b.credits += creditUnits(c.credits);
    }
    // credits written as JSON numbers, exactly as the service's plain BigDecimal
    const points = [...buckets].map(([timestamp, b]) =>
      `{"timestamp":${timestamp},"calls":${b.calls},"successRate":null,"avgDuration":null,"totalCredits":${apiCredits(b.credits)},"totalTokens":0}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`{"granularity":"day","timezone":"UTC","trends":[${points.join(',')}]}`);
    return;
  }
  if (req.method === 'GET' && url.pathname === '/api/usage/overview') {
    const q = url.searchParams;
    const start = Number(q.get('startTime'));
    const end = Number(q.get('endTime'));
    let calls = 0;
    let credits = 0n;
    for (const c of state.calls.values()) {
      if (c.userDid !== q.get('userDid') || c.status === 'processing' || c.callTime < start || c.callTime > end) continue;
      calls++;
      credits += creditUnits(c.credits);
    }
    const total = apiCredits(credits);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`{"startTime":${start},"endTime":${end},"totalCalls":${calls},"totalTokens":0,"totalCredits":${total},"successRate":null}`);
    return;
  }
  send(res, 404, { detail: 'unknown path' });
}

function validate(e: Record<string, unknown>): string[] {
  const reasons: string[] = [];
  if (typeof e.userDid !== 'string' || e.userDid === '') reasons.push('userDid: required');
  if (e.credits !== undefined && !/^\d+(\.\d{1,10})?$/.test(String(e.credits))) reasons.push('credits: must be a decimal 0 … 1e9');
  if (typeof e.callTime !== 'number' || e.callTime < 1577836800) reasons.push('callTime: before 2020-01-01T00:00:00Z');
  if (e.appDid === '') reasons.push('appDid: must not be empty');
  return reasons;
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
