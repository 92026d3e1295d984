import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { IngestError, type BatchResult, type UsageEvent } from '@aigne-hub-usage/usage-reporter';
import {
  emptyCheckpoint,
  loadCheckpoint,
  loadProcessing,
  loadRefusals,
  processingPath,
  refusalsPath,
  saveCheckpoint,
  type Checkpoint,
} from '../../src/checkpoint.js';
import type { CallRow } from '../../src/generator/rows.js';
import { writeSqlite } from '../../src/generator/sqlite-writer.js';
import { importCalls, importProjects, recheckProcessing, type ImportContext, type Ingest } from '../../src/importer.js';
import { openSqlite } from '../../src/source/sqlite.js';
import type { HubSource } from '../../src/source/types.js';
import { ArraySource } from '../support/array-source.js';
import { tempDir } from '../support/tmp.js';

const T0 = 1748736000;
const rows = Array.from({ length: 25 }, (_, i) => ({
  id: `c${String(i).padStart(2, '0')}`,
  userDid: 'did:abt:u',
  callTime: T0 + Math.floor(i / 2), // pairs share a callTime: the key needs the id too
  credits: i === 7 ? -1 : '0.5',
  status: 'success',
  model: 'm',
  type: 'chatCompletion',
  duration: 2,
  totalUsage: 1,
}));

class RecordingIngest implements Ingest {
  sent: UsageEvent[][] = [];
  failAtBatch = -1; // throws a permanent error at this batch (0-based): the "crash"
  busyFor = 0; // answers 503 this many times first
  async sendBatch(events: readonly UsageEvent[]): Promise<BatchResult> {
    if (this.busyFor > 0) {
      this.busyFor--;
      throw new IngestError('HTTP 503', true, 503, 1);
    }
    if (this.sent.length === this.failAtBatch) throw new IngestError('HTTP 400: broken', false, 400);
    this.sent.push([...events]);
    const rejected = events.flatMap((e, index) => (String(e.credits).startsWith('-') ? [{ index, reason: 'credits: negative' }] : []));
    return { accepted: events.length - rejected.length, rejected };
  }
  projects: unknown[] = [];
  async putProject(p: unknown): Promise<unknown> {
    this.projects.push(p);
    return p;
  }
}

function context(dir: string, ingest: Ingest, cp = emptyCheckpoint('array:test'), source?: HubSource): ImportContext {
  const checkpointPath = join(dir, 'cp.json');
  return {
    source: source ?? new ArraySource(rows, [
      { appDid: 'did:app:1', appName: 'One', appLogo: 'https://x.example.com/l.png', appUrl: null },
      { appDid: 'did:app:2', appName: '', appLogo: null, appUrl: null },
      { appDid: 'did:app:3', appName: 'Three', appLogo: 'http://x.example.com/l.png', appUrl: null },
    ]),
    ingest,
    checkpoint: cp,
    checkpointPath,
    refusalsPath: refusalsPath(checkpointPath),
    processingPath: processingPath(checkpointPath),
    range: {},
    batch: 4,
    inFlight: 3,
    retry: { sleep: async () => {} },
    log: () => {},
    progressWrite: () => {},
  };
}

test('a crashed import resumes after the last acknowledged batch, not from zero', async () => {
  const dir = tempDir('hub-import-imp-');
  const first = new RecordingIngest();
  first.failAtBatch = 3;
  const ctx1 = context(dir, first);
  await assert.rejects(importCalls(ctx1), /broken/);
  const saved = loadCheckpoint(ctx1.checkpointPath)!;
  assert.deepEqual(saved.last, { callTime: T0 + 5, id: 'c11' }); // 3 batches of 4 acknowledged
  assert.equal(saved.counters.read, 12);
  assert.equal(saved.counters.accepted, 11);
  assert.equal(saved.counters.rejected, 1);

  const second = new RecordingIngest();
  await importCalls(context(dir, second, saved));
  assert.equal(second.sent[0][0].id, 'c12'); // continues with the row after the checkpoint
  const ids = [...first.sent, ...second.sent].flat().map((e) => e.id);
  assert.deepEqual(ids, rows.map((r) => r.id)); // every row once, in order
  const done = loadCheckpoint(ctx1.checkpointPath)!;
  assert.equal(done.counters.read, 25);
  assert.equal(done.counters.accepted, 24);
  assert.deepEqual([...loadRefusals(ctx1.refusalsPath).values()].map((r) => [r.id, r.reason]), [['c07', 'credits: negative']]);
});

test('retryable answers are retried; the checkpoint only moves on an acknowledgement', async () => {
  const dir = tempDir('hub-import-imp-');
  const ingest = new RecordingIngest();
  ingest.busyFor = 3;
  const ctx = context(dir, ingest);
  await importCalls(ctx);
  assert.equal(ingest.sent.flat().length, 25);
  assert.equal(loadCheckpoint(ctx.checkpointPath)!.counters.sent, 25);
});

test('a finished import run again sends nothing', async () => {
  const dir = tempDir('hub-import-imp-');
  const ctx = context(dir, new RecordingIngest());
  await importCalls(ctx);
  const again = new RecordingIngest();
  await importCalls(context(dir, again, loadCheckpoint(ctx.checkpointPath)!));
  assert.equal(again.sent.length, 0);
});

test('projects: profiles are put once per checkpoint, a blank name is not sent, an http logo goes as null', async () => {
  const dir = tempDir('hub-import-imp-');
  const ingest = new RecordingIngest();
  const ctx = context(dir, ingest);
  saveCheckpoint(ctx.checkpointPath, ctx.checkpoint);
  const outcomes = await importProjects(ctx);
  assert.deepEqual(outcomes.map((o) => [o.appDid, o.outcome]), [['did:app:1', 'put'], ['did:app:2', 'not sent'], ['did:app:3', 'put']]);
  assert.deepEqual(ingest.projects, [
    { appDid: 'did:app:1', name: 'One', logoUrl: 'https://x.example.com/l.png', appUrl: null },
    { appDid: 'did:app:3', name: 'Three', logoUrl: null, appUrl: null },
  ]);
  assert.deepEqual(loadCheckpoint(ctx.checkpointPath)!.projects, { put: 2, refused: 1 });
  assert.deepEqual(await importProjects(ctx), []); // done: not again
  assert.equal(ingest.projects.length, 2);
});

test('with several batches on the wire, the checkpoint moves in order: a later batch that failed or answered early does not count', async () => {
  const dir = tempDir('hub-import-imp-');
  let call = 0;
  const ingest: Ingest = {
    async sendBatch(events) {
      const n = call++;
      if (n === 1) await new Promise((r) => setTimeout(r, 100)); // batch 1 answers last
      if (n === 2) throw new IngestError('HTTP 400: broken', false, 400); // batch 2 fails at once
      return { accepted: events.length, rejected: [] };
    },
    async putProject(p) {
      return p;
    },
  };
  const ctx = context(dir, ingest);
  await assert.rejects(importCalls(ctx), /broken/);
  const saved = loadCheckpoint(ctx.checkpointPath)!;
  assert.equal(saved.counters.read, 8); // batches 0 and 1, not 3 (answered before 2 failed)
  assert.deepEqual(saved.last, { callTime: T0 + 3, id: 'c07' });
});

test('a profile that failed transiently leaves the projects not done: the next run puts them; a permanent refusal is final', async () => {
  const dir = tempDir('hub-import-imp-');
  const flaky: Ingest = {
    sendBatch: async (events) => ({ accepted: events.length, rejected: [] }),
    async putProject(p) {
      if ((p as { appDid: string }).appDid === 'did:app:3') throw new IngestError('PUT: HTTP 503', true, 503);
      return p;
    },
  };
  const ctx = context(dir, flaky);
  const outcomes = await importProjects(ctx);
  assert.deepEqual(outcomes.map((o) => [o.appDid, o.outcome]), [['did:app:1', 'put'], ['did:app:2', 'not sent'], ['did:app:3', 'failed']]);
  assert.equal(loadCheckpoint(ctx.checkpointPath)!.projectsDone, false);

  const healthy = new RecordingIngest();
  const again = await importProjects(context(dir, healthy, loadCheckpoint(ctx.checkpointPath)!));
  assert.deepEqual(again.map((o) => [o.appDid, o.outcome]), [['did:app:1', 'put'], ['did:app:2', 'not sent'], ['did:app:3', 'put']]);
  assert.equal(loadCheckpoint(ctx.checkpointPath)!.projectsDone, true);

  const dir2 = tempDir('hub-import-imp-');
  const refusing: Ingest = { ...flaky, putProject: async () => { throw new IngestError('PUT: HTTP 400: name: required', false, 400); } };
  const ctx2 = context(dir2, refusing);
  assert.deepEqual((await importProjects(ctx2)).map((o) => o.outcome), ['refused', 'not sent', 'refused']);
  assert.equal(loadCheckpoint(ctx2.checkpointPath)!.projectsDone, true);
});

test('an import that stops early closes the source reader (return())', async () => {
  const dir = tempDir('hub-import-imp-');
  const source = new ArraySource(rows);
  const ingest = new RecordingIngest();
  ingest.failAtBatch = 1;
  await assert.rejects(importCalls(context(dir, ingest, undefined, source)), /broken/);
  assert.equal(source.finished, 1);
});

test('the import reads only up to the snapshot key recorded in the checkpoint', async () => {
  const dir = tempDir('hub-import-imp-');
  const ingest = new RecordingIngest();
  const cp: Checkpoint = { ...emptyCheckpoint('array:test'), snapshot: { callTime: T0 + 4, id: 'c08' } };
  await importCalls(context(dir, ingest, cp));
  // rows c00..c08 (callTime T0 + floor(i/2) ≤ T0 + 4, and c09 shares T0 + 4 but its id is after c08)
  assert.deepEqual(ingest.sent.flat().map((e) => e.id), ['c00', 'c01', 'c02', 'c03', 'c04', 'c05', 'c06', 'c07', 'c08']);
  const none = new RecordingIngest();
  await importCalls(context(tempDir('hub-import-imp-'), none, { ...emptyCheckpoint('array:test'), snapshot: null }));
  assert.equal(none.sent.length, 0);
});

function hubRow(id: string, callTime: number, status: string, credits: number, duration: number | null): CallRow {
  return {
    id, providerId: 'openai', model: 'gpt-4o-mini', credentialId: 'cred-1', type: 'chatCompletion',
    totalUsage: status === 'processing' ? 0 : 7, usageMetrics: null, credits, status, duration,
    errorReason: status === 'failed' ? 'upstream timeout' : null, appDid: null, userDid: 'did:abt:proc',
    requestId: null, metadata: null, callTime, createdAt: '2025-06-01 00:00:00.000 +00:00',
    updatedAt: '2025-06-01 00:00:00.000 +00:00', traceId: null,
  };
}

test('calls imported as processing are re-read by id on the next run and sent once terminal (SQLite)', async () => {
  const dir = tempDir('hub-import-proc-');
  const file = join(dir, 'hub.db');
  await writeSqlite(file, [
    hubRow('p1', T0, 'success', 0.5, 1.5),
    hubRow('p2', T0 + 1, 'processing', 0, null),
    hubRow('p3', T0 + 2, 'processing', 0, null),
  ], []);
  const first = new RecordingIngest();
  let source = await openSqlite(file);
  const ctx = context(dir, first, undefined, source);
  await recheckProcessing(ctx);
  await importCalls(ctx);
  await recheckProcessing(ctx);
  await source.close();
  assert.deepEqual(first.sent.flat().map((e) => `${e.id}:${e.status}`), ['p1:success', 'p2:processing', 'p3:processing']);
  assert.deepEqual([...loadProcessing(ctx.processingPath).keys()], ['p2', 'p3']);

  // later the hub finished p2 and recorded a new call p4; p3 still runs
  await writeSqlite(file, [
    hubRow('p1', T0, 'success', 0.5, 1.5),
    hubRow('p2', T0 + 1, 'success', 1.25, 3),
    hubRow('p3', T0 + 2, 'processing', 0, null),
    hubRow('p4', T0 + 3, 'success', 0.75, 2),
  ], []);
  const second = new RecordingIngest();
  source = await openSqlite(file);
  const ctx2 = context(dir, second, loadCheckpoint(ctx.checkpointPath)!, source);
  assert.deepEqual(await recheckProcessing(ctx2), { resent: 1, refused: 0, stillProcessing: 1, gone: 0 });
  await importCalls(ctx2);
  await source.close();
  assert.deepEqual(second.sent.flat().map((e) => `${e.id}:${e.status}:${e.credits}:${e.durationMs}`), ['p2:success:1.25:3000', 'p4:success:0.75:2000']);
  assert.deepEqual([...loadProcessing(ctx.processingPath).keys()], ['p3']);

  // then p3 failed: the third run sends it and the sidecar is gone
  await writeSqlite(file, [
    hubRow('p1', T0, 'success', 0.5, 1.5),
    hubRow('p2', T0 + 1, 'success', 1.25, 3),
    hubRow('p3', T0 + 2, 'failed', 0, 0.5),
    hubRow('p4', T0 + 3, 'success', 0.75, 2),
  ], []);
  const third = new RecordingIngest();
  source = await openSqlite(file);
  const ctx3 = context(dir, third, loadCheckpoint(ctx.checkpointPath)!, source);
  await recheckProcessing(ctx3);
  await importCalls(ctx3);
  await source.close();
  assert.deepEqual(third.sent.flat().map((e) => `${e.id}:${e.status}`), ['p3:failed']);
  assert.equal(existsSync(ctx.processingPath), false);
});
