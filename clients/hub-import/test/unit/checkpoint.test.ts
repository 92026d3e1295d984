import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  appendRefusals,
  callIdentity,
  clearRefusals,
  emptyCheckpoint,
  loadCheckpoint,
  loadRefusals,
  refusalsPath,
  saveCheckpoint,
} from '../../src/checkpoint.js';
import { tempDir } from '../support/tmp.js';

test('a checkpoint survives a save/load round trip and leaves no temp file', () => {
  const dir = tempDir('hub-import-cp-');
  const path = join(dir, 'x.checkpoint.json');
  assert.equal(loadCheckpoint(path), null);
  const cp = emptyCheckpoint('sqlite:/a.db callTime -..-');
  cp.last = { callTime: 1700000000, id: 'abc' };
  cp.counters.read = 2000;
  cp.counters.accepted = 1998;
  saveCheckpoint(path, cp);
  cp.counters.read = 3000; // a second save replaces the first
  saveCheckpoint(path, cp);
  const back = loadCheckpoint(path)!;
  assert.deepEqual(back.last, { callTime: 1700000000, id: 'abc' });
  assert.equal(back.counters.read, 3000);
  assert.equal(back.counters.accepted, 1998);
  assert.equal(back.source, 'sqlite:/a.db callTime -..-');
  assert.deepEqual(readdirSync(dir), ['x.checkpoint.json']);
  assert.ok(readFileSync(path, 'utf8').endsWith('}\n'));
});

test('refusals appended twice (a re-sent batch) are read once; clearing removes them', () => {
  const dir = tempDir('hub-import-cp-');
  const path = refusalsPath(join(dir, 'x.checkpoint.json'));
  assert.equal(path, join(dir, 'x.checkpoint.refused.ndjson'));
  const r = { userDid: 'did:abt:u', id: 'c1', callTime: 1500000000, reason: 'callTime: before 2020' };
  appendRefusals(path, [r]);
  appendRefusals(path, [r, { ...r, id: 'c2', reason: 'credits: negative' }]);
  const loaded = loadRefusals(path);
  assert.equal(loaded.size, 2);
  assert.equal(loaded.get(callIdentity('did:abt:u', 'c2'))!.reason, 'credits: negative');
  clearRefusals(path);
  assert.equal(loadRefusals(path).size, 0);
});
