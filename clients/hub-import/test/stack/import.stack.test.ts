// Against the running local stack (deploy/local-stack.sh start; this test never starts it):
// a generated SQLite hub imported by the CLI as a child process, killed with SIGKILL partway and
// resumed from its checkpoint, 0 differences, then a second full import that changes nothing;
// and, when the stack's PostgreSQL is reachable, a generated PostgreSQL hub.
// Sizes: HUB_IMPORT_STACK_CALLS (default 200000), HUB_IMPORT_STACK_PG_CALLS (default 20000). Most of
// the time is the aggregator's consumer applying the new calls (~1,200 events/s on a 2-core machine;
// the second import's duplicates go much faster): ~4.5 minutes in all, ~2.5 with 60000.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { loadCheckpoint } from '../../src/checkpoint.js';
import { QueryClient } from '../../src/query-client.js';
import type { Report } from '../../src/report.js';

const PACKAGE = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const REPO = resolve(PACKAGE, '../..');
const CLI = join(PACKAGE, 'dist/cli.js');
const GENERATOR = join(PACKAGE, 'scripts/generate-hub-db.js');
const INGEST = process.env.HUB_IMPORT_INGEST_URL ?? 'http://127.0.0.1:8081';
const QUERY = process.env.HUB_IMPORT_QUERY_URL ?? 'http://127.0.0.1:8082';
const CALLS = Number(process.env.HUB_IMPORT_STACK_CALLS ?? 200_000);
const PG_CALLS = Number(process.env.HUB_IMPORT_STACK_PG_CALLS ?? 20_000);
// the local stack's embedded PostgreSQL (deploy/local-stack: user and password "postgres"); the
// generated hub goes to a database of its own, never near the usage tables
const PG_URI = process.env.HUB_IMPORT_PG_URI ?? 'postgres://postgres:postgres@127.0.0.1:55432/aigne_hub_fixture';
const SEED = `st${Date.now().toString(36)}`; // fresh users on every run

let dir: string;
let token: string;

before(async () => {
  for (const url of [INGEST, QUERY]) {
    const ready = await fetch(`${url}/q/health/ready`).then((r) => r.ok, () => false);
    assert.ok(ready, `${url} is not ready: start the local stack first (deploy/local-stack.sh start)`);
  }
  token = process.env.USAGE_IMPORT_TOKEN ?? mintToken();
  dir = mkdtempSync(join(tmpdir(), 'hub-import-stack-'));
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function mintToken(): string {
  // token.sh would build the jar with Maven when it is missing: not from a test
  assert.ok(existsSync(join(REPO, 'deploy/local-stack/target/local-stack-0.1.0-SNAPSHOT.jar')),
    'deploy/local-stack is not built: set USAGE_IMPORT_TOKEN or build the repo first');
  return execFileSync(join(REPO, 'deploy/token.sh'), ['did:abt:hub-importer', 'admin,ingest', '2'], { cwd: REPO, encoding: 'utf8' }).trim();
}

interface Child {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function node(args: string[], onStart?: (pid: number) => void): Promise<Child> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, USAGE_IMPORT_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
    onStart?.(child.pid!);
  });
}

function importArgs(source: string[], checkpoint: string, report: string): string[] {
  return [CLI, ...source, '--ingest-url', INGEST, '--query-url', QUERY, '--checkpoint', checkpoint, '--report', report, '--compare-timeout', '60'];
}

function readReport(path: string): Report {
  return JSON.parse(readFileSync(path, 'utf8')) as Report;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

test('SQLite hub: killed import resumes from its checkpoint, 0 differences, a second full import changes nothing', async (t) => {
  const db = join(dir, 'hub.db');
  const gen = await node([GENERATOR, '--sqlite', db, '--calls', String(CALLS), '--seed', SEED]);
  assert.equal(gen.code, 0, gen.stderr);

  // 1. started, then killed with SIGKILL once about a third is acknowledged
  const checkpoint = join(dir, 'hub.checkpoint.json');
  let killedAt = 0;
  const first = await node(importArgs(['--sqlite', db], checkpoint, join(dir, 'r1.json')), (pid) => {
    void (async () => {
      for (;;) {
        await sleep(100);
        const cp = existsSync(checkpoint) ? safeLoad(checkpoint) : null;
        if (cp && cp.counters.read >= CALLS / 3) {
          process.kill(pid, 'SIGKILL');
          return;
        }
      }
    })();
  });
  assert.equal(first.signal, 'SIGKILL', `the import ended before it could be killed: ${first.stderr}`);
  killedAt = loadCheckpoint(checkpoint)!.counters.read;
  assert.ok(killedAt > 0 && killedAt < CALLS, `checkpoint after the kill: ${killedAt}`);

  // 2. the same command again: resumes after the checkpoint's rows, ends with 0 differences
  const second = await node(importArgs(['--sqlite', db], checkpoint, join(dir, 'r2.json')));
  assert.equal(second.code, 0, second.stdout + second.stderr);
  assert.match(second.stderr, new RegExp(`resuming after ${killedAt} rows`));
  const r2 = readReport(join(dir, 'r2.json'));
  assert.equal(r2.import.resumedFrom, killedAt);
  assert.equal(r2.import.read, CALLS);
  assert.match(second.stdout, /^0 differences/m);
  assert.equal(r2.comparison!.differences.length, 0);
  assert.ok(r2.summary!.refused.length > 0, 'the generated refusals are reported');
  assert.equal(r2.summary!.refused.reduce((s, c) => s + c.count, 0), 4);
  assert.ok(r2.summary!.processing > 0);
  t.diagnostic(`killed after ${killedAt} rows; resumed run: ${r2.import.rowsPerSecond} rows/s`);

  const users = r2.comparison!.users.map((u) => u.userDid);
  const days = r2.comparison!.days.map((d) => d.day);
  const range = { start: Math.min(...days), end: Math.max(...days) + 86399 };
  const query = new QueryClient(QUERY, token);
  const overviewBefore = await Promise.all(users.map((u) => query.overview(u, range.start, range.end)));

  // 3. a second full import with a fresh checkpoint: every event again, nothing changes
  const third = await node(importArgs(['--sqlite', db], join(dir, 'fresh.checkpoint.json'), join(dir, 'r3.json')));
  assert.equal(third.code, 0, third.stdout + third.stderr);
  const r3 = readReport(join(dir, 'r3.json'));
  assert.equal(r3.import.resumedFrom, 0);
  assert.equal(r3.import.sent, r2.import.sent);
  t.diagnostic(`full import: ${CALLS} rows in ${r3.import.seconds.toFixed(1)} s, ${r3.import.rowsPerSecond} rows/s`);
  await consumerCaughtUp();
  assert.deepEqual(r3.comparison!.days, r2.comparison!.days);
  assert.deepEqual(r3.summary, r2.summary);
  const overviewAfter = await Promise.all(users.map((u) => query.overview(u, range.start, range.end)));
  assert.deepEqual(overviewAfter, overviewBefore);
});

test('PostgreSQL hub: imported with 0 differences', async (t) => {
  if (!(await pgReachable())) {
    t.skip(`no PostgreSQL at ${PG_URI.replace(/:[^:@/]*@/, '@')}`);
    return;
  }
  const schema = `hub_${SEED}`;
  try {
    const gen = await node([GENERATOR, '--postgres', PG_URI, '--schema', schema, '--calls', String(PG_CALLS), '--users', '8', '--seed', `${SEED}pg`]);
    assert.equal(gen.code, 0, gen.stderr);
    const run = await node(importArgs(['--postgres', PG_URI, '--schema', schema], join(dir, 'pg.checkpoint.json'), join(dir, 'pg.json')));
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const report = readReport(join(dir, 'pg.json'));
    assert.equal(report.import.read, PG_CALLS);
    assert.equal(report.comparison!.differences.length, 0);
    assert.equal(report.summary!.refused.reduce((s, c) => s + c.count, 0), 4);
    t.diagnostic(`PostgreSQL: ${PG_CALLS} rows, ${report.import.rowsPerSecond} rows/s`);
  } finally {
    await dropSchema(schema);
  }
});

function safeLoad(path: string) {
  try {
    return loadCheckpoint(path);
  } catch {
    return null; // never half-written (rename), but be safe while it is being replaced
  }
}

/** Waits until the aggregator's consumer lag is 0 (its Prometheus metric), or it stopped shrinking for a minute. */
async function consumerCaughtUp(): Promise<void> {
  let best = Infinity;
  let lastProgress = Date.now();
  while (Date.now() - lastProgress < 60_000) {
    const text = await fetch(`${INGEST}/q/metrics`).then((r) => (r.ok ? r.text() : ''), () => '');
    const lags = [...text.matchAll(/^usage_consumer_lag\{[^}]*\}\s+([0-9.eE+-]+)$/gm)].map((m) => Number(m[1]));
    if (lags.length === 0) return sleep(5_000); // no metric: give the consumer a few seconds
    const lag = lags.reduce((a, b) => a + b, 0);
    if (lag === 0) return;
    if (lag < best) {
      best = lag;
      lastProgress = Date.now();
    }
    await sleep(1_000);
  }
  assert.fail(`the aggregator's consumer lag stays at ${best}`);
}

async function pgReachable(): Promise<boolean> {
  const url = new URL(PG_URI);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URI });
  try {
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } catch {
    // the database may not exist when the generator failed early
  } finally {
    await client.end().catch(() => undefined);
  }
}
