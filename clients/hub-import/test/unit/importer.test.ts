import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { IngestError, type BatchResult, type UsageEvent } from '@aigne-hub-usage/usage-reporter';
import { emptyCheckpoint, loadCheckpoint, loadRefusals, refusalsPath, saveCheckpoint } from '../../src/checkpoint.js';
import { importCalls, importProjects, type ImportContext, type Ingest } from '../../src/importer.js';
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

function context(dir: string, ingest: Ingest, cp = emptyCheckpoint('array:test')): ImportContext {
  const checkpointPath = join(dir, 'cp.json');
  return {
    source: new ArraySource(rows, [
      { appDid: 'did:app:1', appName: 'One', appLogo: 'https://x.example.com/l.png', appUrl: null },
      { appDid: 'did:app:2', appName: '', appLogo: null, appUrl: null },
      { appDid: 'did:app:3', appName: 'Three', appLogo: 'http://x.example.com/l.png', appUrl: null },
    ]),
    ingest,
    checkpoint: cp,
    checkpointPath,
    refusalsPath: refusalsPath(checkpointPath),
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
