/**
 * The reporter against the running local stack (deploy/local-stack.sh start): `npm run test:stack`.
 * Each reporter runs in a child process (dist/test/support/child-reporter.js) so it can be killed.
 *
 * 1. ~2,000 generated calls of a fresh user across projects, models and the last day's hours (success
 *    and failed, processing → terminal pairs, duplicates, calls outside any project) → the query
 *    service's numbers equal the ones computed here from the generated rows.
 * 2. The ingest endpoint down for DOWN_SECONDS (default 60): the reporter talks to a TCP proxy that is
 *    not listening (connection refused); calls go to the spool; the child is killed (kill -9) while
 *    holding it and a new one takes over the directory; then the proxy forwards to the aggregator and
 *    every call arrives, exactly.
 *
 * Env: USAGE_INGEST_URL (http://127.0.0.1:8081), USAGE_QUERY_URL (http://127.0.0.1:8082), DOWN_SECONDS.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ChildReporter } from '../dist/test/support/child.js';

const INGEST = process.env.USAGE_INGEST_URL ?? 'http://127.0.0.1:8081';
const QUERY = process.env.USAGE_QUERY_URL ?? 'http://127.0.0.1:8082';
const DOWN_SECONDS = Number(process.env.DOWN_SECONDS ?? 60);
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SEED = Number(process.env.SEED ?? Date.now() % 1_000_000);

const token = (userDid, roles = '') => execFileSync('deploy/token.sh', roles ? [userDid, roles] : [userDid], { cwd: REPO, encoding: 'utf8' }).trim();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- generated AIGNE Hub rows and the numbers they must give

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UNIT = 100_000_000n; // DECIMAL(20,8)
/** credits in 1e-8 units as PostgreSQL hands them out: "0.00123400" */
const pgDecimal = (units) => `${units / UNIT}.${(units % UNIT).toString().padStart(8, '0')}`;

/**
 * `count` calls of `userDid`. Credits come as PostgreSQL strings, as SQLite doubles and as doubles
 * with binary noise (a + b), durations as "12.3" or 12.3: the reporter must read all of them exactly.
 */
function generate(userDid, tag, count, seed) {
  const rng = mulberry32(seed);
  const int = (n) => Math.floor(rng() * n);
  const now = Math.floor(Date.now() / 1000);
  const projects = [`did:app:${tag}-chat`, `did:app:${tag}-images`, `did:app:${tag}-search`];
  const models = [['openai', 'gpt-4o', 'chatCompletion'], ['anthropic', 'claude-3-5-sonnet', 'chatCompletion'],
    ['openai', 'text-embedding-3-small', 'embedding'], ['openai', 'dall-e-3', 'imageGeneration']];
  const records = [];
  const terminal = [];
  for (let i = 0; i < count; i++) {
    const [providerId, model, type] = models[int(models.length)];
    const appDid = rng() < 0.08 ? (rng() < 0.5 ? '' : null) : projects[int(projects.length)];
    const failed = rng() < 0.12;
    const units = failed && rng() < 0.7 ? 0n : BigInt(int(5_000_000)); // up to 0.05 credits
    const tenths = 1 + int(300); // 0.1 … 30.0 s
    let credits;
    const style = int(3);
    if (style === 0) credits = pgDecimal(units);
    else if (style === 1) credits = Number(pgDecimal(units));
    else credits = Number(pgDecimal(units / 3n)) + Number(pgDecimal(units - units / 3n)); // SQLite REAL sum
    const row = {
      id: `${tag}-${i}`, providerId, model, credentialId: 'cred-1', type,
      totalUsage: failed ? 0 : 1 + int(4000),
      usageMetrics: rng() < 0.5 ? { inputTokens: int(3000), outputTokens: int(1000) } : JSON.stringify({ inputTokens: int(10) }),
      credits,
      status: failed ? 'failed' : 'success',
      duration: rng() < 0.5 ? `${Math.floor(tenths / 10)}.${tenths % 10}` : tenths / 10,
      errorReason: failed ? 'upstream answered 502' : null,
      appDid, userDid, requestId: `req-${tag}-${i}`, traceId: null,
      metadata: rng() < 0.3 ? JSON.stringify({ route: '/api/v2/chat' }) : null,
      callTime: now - 120 - int(20 * 3600), // the last day's hours
      createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
    };
    if (rng() < 0.3) records.push({ ...row, status: 'processing', duration: null, totalUsage: 0, credits: '0.00000000', errorReason: null });
    records.push(row);
    terminal.push({ ...row, units, ms: tenths * 100 });
  }
  for (let k = 0; k < Math.max(3, count / 100); k++) records.push(records[int(records.length)]); // duplicates
  // calls still running: in the call list, not in the numbers
  const open = terminal.slice(0, 10).map(({ units, ms, ...row }, k) => ({ ...row, id: `${tag}-open-${k}`, status: 'processing', duration: null, totalUsage: 0, credits: 0, errorReason: null }));
  records.push(...open);
  return { records, terminal, open, projects };
}

/** Expected answers for calls of `rows` (terminal, in range), as docs/contracts.md §2 defines them. */
function expected(rows) {
  let tokens = 0;
  let units = 0n;
  let success = 0;
  let successMs = 0;
  for (const r of rows) {
    tokens += r.totalUsage;
    units += r.units;
    if (r.status === 'success') {
      success++;
      successMs += r.ms;
    }
  }
  const micro = (units + 50n) / 100n; // credits rounded half up to 6 decimals
  return {
    totalCalls: rows.length,
    totalTokens: tokens,
    totalCredits: Number(`${micro / 1_000_000n}.${(micro % 1_000_000n).toString().padStart(6, '0')}`),
    successRate: rows.length ? success / rows.length : null,
    avgDuration: success ? successMs / success : null,
  };
}

// ---- the query service

async function get(path, userToken) {
  const response = await fetch(QUERY + path, { headers: { authorization: `Bearer ${userToken}` } });
  return { status: response.status, body: response.status === 200 ? await response.json() : await response.text() };
}

function pick(answer) {
  const { totalCalls, totalTokens, totalCredits, successRate, avgDuration } = answer;
  return { totalCalls, totalTokens, totalCredits, successRate, avgDuration };
}

/** The numbers compared: avgDuration within 1e-9 (the service divides in DECIMAL64), the rest exactly. */
function same(actual, wanted) {
  if (!actual) return false;
  const { avgDuration: a, ...restA } = actual;
  const { avgDuration: w, ...restW } = wanted;
  const avgOk = a === undefined || (a === null ? w === null : w !== null && Math.abs(a - w) <= 1e-9 * Math.max(1, w));
  return avgOk && JSON.stringify(restA) === JSON.stringify(restW);
}

/** Polls the overview and every project's stats until they equal the generated numbers (or fails with the difference). */
async function expectNumbers(userDid, generated, timeoutMs = 60_000) {
  const userToken = token(userDid);
  const range = `startTime=${Math.floor(Date.now() / 1000) - 2 * 86400}&endTime=${Math.floor(Date.now() / 1000) + 60}`;
  const checks = [{ path: `/api/usage/overview?${range}`, rows: generated.terminal }];
  for (const appDid of generated.projects) {
    checks.push({ path: `/api/usage/projects/${encodeURIComponent(appDid)}/stats?${range}`, rows: generated.terminal.filter((r) => r.appDid === appDid), appDid });
  }
  const end = Date.now() + timeoutMs;
  const answers = [];
  for (;;) {
    answers.length = 0;
    for (const c of checks) answers.push((await get(c.path, userToken)).body);
    if (checks.every((c, i) => same(pick(answers[i]), expected(c.rows)))) break;
    if (Date.now() > end) {
      checks.forEach((c, i) => assert.deepEqual(pick(answers[i]), expected(c.rows), c.path));
    }
    await sleep(1000);
  }
  // every call arrived, unfinished ones too: the call list counts them per project
  for (const appDid of generated.projects) {
    const ids = new Set([...generated.terminal, ...generated.open].filter((r) => r.appDid === appDid).map((r) => r.id));
    const list = await get(`/api/usage/projects/${encodeURIComponent(appDid)}/calls?${range}&pageSize=1`, userToken);
    assert.equal(list.body.count, ids.size, `calls of ${appDid}`);
  }
  return answers;
}

// ---- a TCP proxy to the aggregator that can be "down" (not listening)

function proxy(target) {
  const { hostname, port } = new URL(target);
  const sockets = new Set();
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => { client.destroy(); upstream.destroy(); });
    }
    client.pipe(upstream).pipe(client);
  });
  return {
    server,
    listen: (p) => new Promise((resolve) => server.listen(p, '127.0.0.1', () => resolve(server.address().port))),
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

async function freePort() {
  const p = proxy(INGEST);
  const port = await p.listen(0);
  await p.close();
  return port;
}

// ---- the tests

describe('usage-reporter against the local stack', { timeout: 240_000 }, () => {
  let ingestToken;
  let dir;
  const children = [];

  before(async () => {
    for (const url of [INGEST, QUERY]) {
      const ready = await fetch(`${url}/q/health/ready`).then((r) => r.ok, () => false);
      assert.ok(ready, `${url} is not ready: start the local stack first (deploy/local-stack.sh start)`);
    }
    ingestToken = token('did:abt:usage-reporter', 'ingest');
    dir = await mkdtemp(join(tmpdir(), 'reporter-stack-'));
    console.log(`seed ${SEED} (SEED=${SEED} repeats the generated calls), spool ${dir}`);
  });
  after(async () => {
    for (const c of children) await c.kill().catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const child = (options) => {
    const c = new ChildReporter({ token: ingestToken, logger: null, ...options });
    children.push(c);
    return c;
  };

  it('reports ~2,000 calls and their projects; the query service shows exactly their numbers', async (t) => {
    const tag = `reporter-${randomBytes(4).toString('hex')}`;
    const userDid = `did:abt:${tag}`;
    const generated = generate(userDid, tag, 2000, SEED);
    t.diagnostic(`user ${userDid}: ${generated.records.length} events, ${generated.terminal.length} calls`);
    const reporter = child({ baseUrl: INGEST, spoolDir: join(dir, 'one') });
    await reporter.send({ op: 'project', rows: generated.projects.map((appDid, k) => ({ appDid, appName: `Reporter test ${k}`, appLogo: 'https://cdn.example/logo.png', appUrl: 'https://app.example' })) });
    await reporter.send({ op: 'report', records: generated.records });
    const stats = await reporter.send({ op: 'flush', timeoutMs: 60_000 });
    assert.deepEqual([stats.sent, stats.rejected, stats.invalid, stats.droppedOverflow], [generated.records.length, 0, 0, 0], JSON.stringify(stats.lastRejections));
    assert.deepEqual([stats.projects.sent, stats.projects.rejected], [3, 0], JSON.stringify(stats.lastRejections));
    await reporter.send({ op: 'close' });
    const answers = await expectNumbers(userDid, generated);
    const project = answers[1];
    if ('name' in project) assert.equal(project.name, 'Reporter test 0');
  });

  it(`survives the ingest endpoint down for ${DOWN_SECONDS} s and a kill -9 while holding the spool`, async (t) => {
    const tag = `reporter-${randomBytes(4).toString('hex')}`;
    const userDid = `did:abt:${tag}`;
    const generated = generate(userDid, tag, 1400, SEED + 1);
    t.diagnostic(`user ${userDid}: ${generated.records.length} events, ${generated.terminal.length} calls`);
    const half = Math.floor(generated.records.length / 2);
    const port = await freePort(); // nothing listens there now: connection refused
    const spoolDir = join(dir, 'down');
    const options = { baseUrl: `http://127.0.0.1:${port}`, spoolDir, spoolAfterMs: 2000, retryCapMs: 2000, flushIntervalMs: 200 };
    const downSince = Date.now();

    const first = child(options);
    await first.send({ op: 'report', records: generated.records.slice(0, half) });
    const held = await first.send({ op: 'until', field: 'spooledToDisk', atLeast: half, inMemory: 0 });
    assert.ok(held.retried > 0 && held.sent === 0, JSON.stringify(held));
    assert.ok((await readdir(spoolDir)).some((n) => n.endsWith('.ndjson')));
    await first.kill();

    const second = child(options);
    await second.send({ op: 'report', records: generated.records.slice(half) });
    const spooled = await second.send({ op: 'until', field: 'spooledToDisk', atLeast: generated.records.length - half, inMemory: 0 });
    assert.equal(spooled.sent, 0);

    const forward = proxy(INGEST);
    await sleep(Math.max(0, downSince + DOWN_SECONDS * 1000 - Date.now()));
    await forward.listen(port);
    try {
      const stats = await second.send({ op: 'flush', timeoutMs: 60_000 });
      assert.equal(stats.restoredFromSpool, half, 'the killed process spooled every call it got');
      assert.deepEqual([stats.sent, stats.rejected, stats.invalid, stats.droppedOverflow], [generated.records.length, 0, 0, 0], JSON.stringify(stats));
      assert.ok(stats.retried > 0 && stats.spooledToDisk === generated.records.length - half, JSON.stringify(stats));
      assert.equal(stats.spoolBytes, 0);
      await second.send({ op: 'close' });
      await expectNumbers(userDid, generated);
    } finally {
      await forward.close();
    }
  });
});
