import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createUsageReporter, type HubModelCall, type UsageReporter, type UsageReporterOptions } from '../src/index.js';
import { Spool } from '../src/spool.js';
import { ChildReporter } from './support/child.js';
import { IngestServer, until } from './support/ingest-server.js';

const call = (i: number, extra: Partial<HubModelCall> = {}): HubModelCall => ({
  id: `c${i}`,
  providerId: 'openai',
  model: 'gpt-4o',
  type: 'chatCompletion',
  status: 'success',
  duration: '0.4',
  totalUsage: 10,
  credits: '0.00100000',
  userDid: 'did:abt:tester',
  appDid: 'did:app:test',
  callTime: 1764000000 + i,
  ...extra,
});
const spoolFiles = async (dir: string) => (await readdir(dir)).filter((n) => n.endsWith('.ndjson'));
const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => `c${from + k}`);

describe('UsageReporter', () => {
  let server: IngestServer;
  let dir: string;
  const open: UsageReporter[] = [];

  const reporter = (options: Partial<UsageReporterOptions> = {}) => {
    const r = createUsageReporter({
      baseUrl: server.url,
      token: 'tok',
      flushIntervalMs: 50,
      retryBaseMs: 10,
      retryCapMs: 100,
      spoolAfterMs: 300,
      logger: null,
      ...options,
    });
    open.push(r);
    return r;
  };

  beforeEach(async () => {
    server = await new IngestServer().start();
    dir = await mkdtemp(join(tmpdir(), 'reporter-'));
  });
  afterEach(async () => {
    for (const r of open.splice(0)) await r.close(0);
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends a batch as soon as maxBatch events are queued, the rest on flush', async () => {
    const r = reporter({ maxBatch: 100, flushIntervalMs: 60_000 });
    for (let i = 0; i < 250; i++) r.report(call(i));
    await until(() => server.requests.length === 2, 10_000, 'two full batches');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(server.requests.length, 2, 'the half batch waits for the interval');
    await r.flush();
    assert.deepEqual(server.requests.map((q) => (q.body as unknown[]).length), [100, 100, 50]);
    assert.deepEqual(server.ids(), ids(0, 250));
    assert.equal(r.stats().sent, 250);
  });

  it('sends a smaller batch after flushIntervalMs', async () => {
    const r = reporter({ flushIntervalMs: 150 });
    const start = Date.now();
    r.report(call(1));
    r.report(call(2));
    await until(() => server.events.length === 2, 10_000);
    const waited = server.requests[0]!.at - start;
    assert.ok(waited >= 140 && waited < 1000, `waited ${waited} ms`);
    assert.equal(server.requests.length, 1);
  });

  it('keeps the order, one request at a time, through 503 (Retry-After), 500 and 429', async () => {
    const r = reporter({ maxBatch: 10 });
    server.next.push({ status: 503, retryAfter: '1' }, { status: 500 }, { status: 429 });
    const expected: string[] = [];
    for (let i = 0; i < 40; i++) {
      r.report(call(i, { status: 'processing', duration: null }));
      r.report(call(i, { status: i % 5 === 0 ? 'failed' : 'success', errorReason: i % 5 === 0 ? 'boom' : null }));
      expected.push(`c${i}:processing`, `c${i}:${i % 5 === 0 ? 'failed' : 'success'}`);
    }
    const start = Date.now();
    await r.flush();
    assert.deepEqual(server.events.map((e) => `${e.id}:${e.status}`), expected);
    assert.equal(server.maxInFlight, 1);
    assert.equal(r.stats().retried, 3);
    assert.ok(server.requests[1]!.at - server.requests[0]!.at >= 1000, 'waited for Retry-After');
    assert.ok(Date.now() - start >= 1000);
  });

  it('does not retry events the server refused, nor a batch answered 400', async () => {
    server.refuse = (e) => (e.id === 'c2' ? 'model: is required' : null);
    const r = reporter();
    for (let i = 0; i < 4; i++) r.report(call(i));
    await r.flush();
    assert.deepEqual(server.ids(), ['c0', 'c1', 'c3']);
    server.next.push({ status: 400 });
    r.report(call(10));
    r.report(call(11));
    await r.flush();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const s = r.stats();
    assert.deepEqual([s.sent, s.rejected, s.retried, server.requests.length], [3, 3, 0, 2]);
    assert.equal(s.lastRejections[0]!.id, 'c2');
    assert.equal(s.lastRejections[0]!.reason, 'model: is required');
    assert.match(s.lastRejections[1]!.reason, /HTTP 400/);
  });

  it('retries 404/405/409/410 and a 400 that is not the ingest\'s (a proxy during a deploy), keeping the spooled backlog', async () => {
    const port = server.port;
    await server.stop();
    const r = reporter({ spoolDir: dir, spoolAfterMs: 100 });
    for (let i = 0; i < 30; i++) r.report(call(i));
    await until(() => r.stats().inMemory === 0 && r.stats().spooledToDisk === 30, 15_000, 'the backlog on disk');
    await server.start(port);
    server.next.push(
      { status: 404, contentType: 'text/html', body: '<h1>404 Not Found</h1>' },
      { status: 405 },
      { status: 409 },
      { status: 410 },
      { status: 400, contentType: 'text/html', body: '<h1>400 Bad Request</h1>' },
    );
    await r.flush();
    assert.deepEqual(server.ids(), ids(0, 30));
    assert.equal(r.stats().rejected, 0);
    assert.ok(r.stats().retried >= 5);
    assert.deepEqual(await spoolFiles(dir), []);
  });

  it('does not count a 2xx that is not the ingest\'s answer as delivered', async () => {
    server.next.push({ status: 200, contentType: 'text/html', body: '<html>maintenance</html>' }, { status: 202, contentType: 'application/json', body: '{"accepted":1,"rejected":[]}' });
    const r = reporter();
    r.report(call(1));
    r.report(call(2));
    await r.flush();
    assert.deepEqual(server.ids(), ['c1', 'c2']);
    assert.deepEqual([r.stats().sent, r.stats().retried, r.stats().rejected], [2, 2, 0]);
  });

  it('close() ends within its deadline while the token function never answers: spooled, or dropped without a spool', { timeout: 15_000 }, async () => {
    const hang = () => new Promise<string>(() => {});
    const spooling = reporter({ token: hang, spoolDir: dir });
    for (let i = 0; i < 5; i++) spooling.report(call(i));
    let start = Date.now();
    await spooling.close(200);
    assert.ok(Date.now() - start < 3000, `close took ${Date.now() - start} ms`);
    assert.equal(spooling.stats().spooledToDisk, 5);
    const memoryOnly = reporter({ token: hang });
    for (let i = 0; i < 5; i++) memoryOnly.report(call(i));
    start = Date.now();
    await memoryOnly.close(200);
    assert.ok(Date.now() - start < 3000, `close took ${Date.now() - start} ms`);
    assert.equal(memoryOnly.stats().droppedAtClose, 5);
    const next = reporter({ spoolDir: dir });
    await next.flush();
    assert.deepEqual(server.ids(), ids(0, 5));
  });

  it('a synchronous burst never holds more than 2 × maxInMemory events, spool or not', async () => {
    const port = server.port;
    await server.stop();
    const r = reporter({ spoolDir: dir, maxInMemory: 10, spoolAfterMs: 60_000 });
    for (let i = 0; i < 50; i++) r.report(call(i));
    assert.equal(r.stats().inMemory, 20);
    assert.equal(r.stats().droppedOverflow, 30);
    await server.start(port);
    await r.flush();
    assert.deepEqual(server.ids(), ids(0, 20));
  });

  it('keeps sending from memory while a spool write hangs, memory bounded at 2 × maxInMemory; close() still ends', { timeout: 20_000 }, async () => {
    const append = Spool.prototype.append;
    let stalled = 0;
    Spool.prototype.append = function () {
      stalled++;
      return new Promise<number>(() => {}); // a disk that never answers
    };
    try {
      const r = reporter({ spoolDir: dir, maxInMemory: 10, maxBatch: 1000, flushIntervalMs: 300, spoolAfterMs: 60_000 });
      await r.flush();
      for (let i = 0; i < 15; i++) r.report(call(i)); // over maxInMemory: all 15 go to the (hung) spool
      await until(() => stalled === 1 && r.stats().inMemory === 0, 10_000, 'the spool write pending');
      for (let i = 100; i < 110; i++) r.report(call(i));
      // 15 held by the pending write + 5 in memory = 20: the other 5 are dropped
      assert.equal(r.stats().inMemory, 5);
      assert.equal(r.stats().droppedOverflow, 5);
      await until(() => server.ids().length === 5, 6000, 'memory delivered despite the hung spool');
      assert.deepEqual(server.ids(), ids(100, 105));
      const start = Date.now();
      await r.close(100);
      assert.ok(Date.now() - start < 4000, `close took ${Date.now() - start} ms`);
      assert.equal(r.stats().droppedAtClose, 15);
    } finally {
      Spool.prototype.append = append;
    }
  });

  it('retries through connection refused until the endpoint is back', async () => {
    const port = server.port;
    await server.stop();
    const r = reporter({ spoolDir: dir, spoolAfterMs: 60_000 });
    for (let i = 0; i < 20; i++) r.report(call(i));
    await until(() => r.stats().retried >= 3, 15_000, 'retries');
    assert.equal(r.stats().inMemory, 20);
    await server.start(port);
    await r.flush();
    assert.deepEqual(server.ids(), ids(0, 20));
    assert.match(r.stats().lastError!, /fetch failed|ECONNREFUSED/);
  });

  it('retries a request that times out (slow answer)', async () => {
    server.next.push({ delayMs: 600 });
    const r = reporter({ requestTimeoutMs: 200 });
    r.report(call(1));
    await r.flush();
    assert.ok(r.stats().retried >= 1);
    await until(() => server.inFlight === 0, 10_000); // the slow answer may still count it: duplicates are harmless
    assert.deepEqual([...new Set(server.ids())], ['c1']);
  });

  it('moves events beyond maxInMemory to the spool and sends them in order when the endpoint answers', async () => {
    const port = server.port;
    await server.stop();
    const r = reporter({ spoolDir: dir, maxInMemory: 50, maxBatch: 100, spoolFileBytes: 16 * 1024, spoolAfterMs: 60_000 });
    for (let i = 0; i < 500; i++) {
      r.report(call(i));
      // a synchronous burst is held only up to 2 × maxInMemory: give the spool a turn every 60 events
      if (i % 60 === 59) await until(() => r.stats().inMemory <= 50, 15_000, 'spilled'); // generous: a busy 2-core CI machine
    }
    await until(() => r.stats().spooledToDisk >= 450, 15_000, 'spooled');
    assert.equal(r.stats().droppedOverflow, 0);
    assert.ok(r.stats().inMemory <= 50, `inMemory ${r.stats().inMemory}`);
    assert.ok(r.stats().spoolBytes > 0);
    assert.ok((await spoolFiles(dir)).length > 1, 'rotated spool files');
    await server.start(port);
    await r.flush();
    assert.deepEqual(server.ids(), ids(0, 500));
    assert.equal(r.stats().spoolBytes, 0);
    assert.deepEqual(await spoolFiles(dir), []);
  });

  it('spools everything, the in-flight batch too, once the endpoint has failed for spoolAfterMs', async () => {
    const port = server.port;
    await server.stop();
    const r = reporter({ spoolDir: dir, spoolAfterMs: 200 });
    for (let i = 0; i < 30; i++) r.report(call(i));
    await until(() => r.stats().inMemory === 0, 15_000, 'all on disk');
    assert.equal(r.stats().spooledToDisk, 30);
    for (let i = 30; i < 40; i++) r.report(call(i)); // still failing: straight to disk
    await until(() => r.stats().inMemory === 0 && r.stats().spooledToDisk === 40, 15_000, 'new events on disk');
    await server.start(port);
    await r.flush();
    assert.deepEqual(server.ids(), ids(0, 40));
  });

  it('loses nothing when the process is killed (kill -9) while holding a spool', async () => {
    const port = server.port;
    await server.stop();
    const child = new ChildReporter({ baseUrl: server.url, token: 'tok', spoolDir: dir, spoolAfterMs: 100, retryBaseMs: 10, retryCapMs: 50, logger: null });
    await child.send({ op: 'report', records: Array.from({ length: 300 }, (_, i) => call(i)) });
    const held = await child.send({ op: 'until', field: 'spooledToDisk', atLeast: 300, inMemory: 0 });
    assert.equal(held.spooledToDisk, 300);
    await child.kill();
    await server.start(port);
    const r = reporter({ spoolDir: dir });
    await r.flush();
    assert.deepEqual(server.ids(), ids(0, 300), 'every event exactly once, in order');
    assert.equal(r.stats().restoredFromSpool, 300);
    assert.deepEqual(await spoolFiles(dir), []);
  });

  it('resends a spool file that was half delivered when the process died: duplicates, nothing missing', async () => {
    const port = server.port;
    await server.stop();
    const child = new ChildReporter({ baseUrl: server.url, token: 'tok', spoolDir: dir, spoolAfterMs: 100, maxBatch: 50, retryBaseMs: 10, retryCapMs: 50, logger: null });
    await child.send({ op: 'report', records: Array.from({ length: 200 }, (_, i) => call(i)) });
    await child.send({ op: 'until', field: 'spooledToDisk', atLeast: 200, inMemory: 0 });
    await server.start(port);
    await child.send({ op: 'until', field: 'sent', atLeast: 50 });
    await child.kill();
    const r = reporter({ spoolDir: dir, maxBatch: 50 });
    await r.flush();
    const received = server.ids();
    assert.deepEqual([...new Set(received)].sort(), ids(0, 200).sort());
    assert.ok(received.length < 400, `resent at most one spool file again (${received.length})`);
  });

  it('close() delivers what is queued; close() with the endpoint down spools it for the next process', async () => {
    const r = reporter({ flushIntervalMs: 60_000 });
    for (let i = 0; i < 10; i++) r.report(call(i));
    await r.close();
    assert.deepEqual(server.ids(), ids(0, 10));
    r.report(call(99));
    assert.equal(r.stats().droppedAtClose, 1);

    const port = server.port;
    await server.stop();
    const down = reporter({ spoolDir: dir });
    for (let i = 10; i < 20; i++) down.report(call(i));
    const start = Date.now();
    await down.close(300);
    assert.ok(Date.now() - start < 2000);
    assert.equal(down.stats().spooledToDisk, 10);
    await server.start(port);
    const next = reporter({ spoolDir: dir });
    await next.flush();
    assert.deepEqual(server.ids(), ids(0, 20));
  });

  it('never throws from report(), whatever it gets, and counts the garbage', async () => {
    const r = reporter();
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    const hostile = new Proxy({}, { get() { throw new Error('hostile getter'); } });
    const garbage: unknown[] = [undefined, null, 42, 'text', [], {}, hostile, { ...call(1), totalUsage: 10n }, { ...call(2), id: undefined }];
    for (const g of garbage) assert.doesNotThrow(() => r.report(g as HubModelCall));
    assert.doesNotThrow(() => r.report(call(3, { metadata: circular })));
    assert.doesNotThrow(() => r.reportProject(undefined as never));
    assert.doesNotThrow(() => r.reportProject(hostile as never));
    await r.flush();
    const s = r.stats();
    assert.equal(s.reported, garbage.length + 1);
    assert.equal(s.invalid, garbage.length);
    assert.equal(s.metadataDropped, 1);
    assert.equal(s.projects.invalid, 2);
    assert.deepEqual(server.ids(), ['c3']);
    assert.equal(server.events[0]!.metadata, null);
  });

  it('keeps events in memory when the spool is full, drops only beyond both, and sends them in order', async () => {
    const port = server.port;
    await server.stop();
    const r = reporter({ spoolDir: dir, maxSpoolBytes: 2500, maxInMemory: 20 });
    for (let i = 0; i < 100; i++) r.report(call(i));
    assert.equal(r.stats().droppedOverflow, 60, 'a burst holds at most 2 × maxInMemory');
    await until(() => r.stats().spooledToDisk > 0, 15_000, 'spool written');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const full = r.stats();
    assert.ok(full.spoolBytes <= 2500 && full.spooledToDisk + full.inMemory === 40, JSON.stringify(full));
    for (let i = 100; i < 110; i++) r.report(call(i));
    assert.equal(r.stats().droppedOverflow, 70);
    await server.start(port);
    await r.flush();
    assert.deepEqual(server.ids(), ids(0, 40));
  });

  it('drops events only when memory is full and there is no spool to take them', async () => {
    await server.stop();
    const r = reporter({ maxInMemory: 10 });
    for (let i = 0; i < 15; i++) r.report(call(i));
    assert.equal(r.stats().droppedOverflow, 5);
    assert.equal(r.stats().inMemory, 10);
  });

  it('keeps retrying after 401/403 (the token may be rotated) with the token function asked again', async () => {
    let n = 0;
    server.next.push({ status: 401 }, { status: 403 });
    const r = reporter({ token: () => `t${++n}` });
    r.report(call(1));
    await r.flush();
    assert.deepEqual(server.requests.map((q) => q.authorization), ['Bearer t1', 'Bearer t2', 'Bearer t3']);
    assert.deepEqual(server.ids(), ['c1']);
  });

  it('reports projects: latest row wins, bad logos sent as null, blank names skipped, retried like events', async () => {
    server.next.push({ status: 503, retryAfter: '0' });
    const r = reporter();
    r.reportProject({ appDid: 'did:app:a', appName: 'Old name', appLogo: 'https://cdn.example/a.png', appUrl: '' });
    r.reportProject({ appDid: 'did:app:a', appName: 'Chat', appLogo: 'http://cdn.example/a.png', appUrl: 'https://chat.example' });
    r.reportProject({ appDid: 'did:app:b', appName: '   ' });
    r.reportProject({ appDid: 'did:app:c', appName: 'Images', appLogo: null, appUrl: null });
    await r.flush();
    const stored = server.projects.filter((p) => p.appDid !== 'did:app:a' || p.name === 'Chat');
    assert.deepEqual(stored.slice(-2), [
      { appDid: 'did:app:a', name: 'Chat', logoUrl: null, appUrl: 'https://chat.example' },
      { appDid: 'did:app:c', name: 'Images', logoUrl: null, appUrl: null },
    ]);
    const s = r.stats().projects;
    assert.deepEqual([s.reported, s.skipped, s.urlsDropped, s.pending], [4, 1, 1, 0]);
    assert.equal(r.stats().retried, 1);
  });

  it('keeps pending project profiles in the spool directory across a restart', async () => {
    const port = server.port;
    await server.stop();
    const first = reporter({ spoolDir: dir });
    first.reportProject({ appDid: 'did:app:z', appName: 'Zed', appLogo: null, appUrl: null });
    await first.close(100);
    await server.start(port);
    const second = reporter({ spoolDir: dir });
    await second.flush();
    assert.deepEqual(server.projects, [{ appDid: 'did:app:z', name: 'Zed', logoUrl: null, appUrl: null }]);
  });

  it('never keeps the process alive: a script that reports and forgets exits on its own', async () => {
    const index = fileURLToPath(new URL('../src/index.js', import.meta.url));
    const script = `
      const { createUsageReporter } = await import(${JSON.stringify(index)});
      const r = createUsageReporter({ baseUrl: 'http://127.0.0.1:1', token: 't', logger: null, retryBaseMs: 10 });
      r.report(${JSON.stringify(call(1))});`;
    const started = Date.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(code, 0);
    assert.ok(Date.now() - started < 5000);
  });
});
