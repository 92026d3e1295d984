import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { run as runCli } from '../../src/cli.js';
import { NO_USER_POSITION, REFUSED_POSITIONS, expectedDays, generateCalls, generateProjects, type GeneratorOptions } from '../../src/generator/rows.js';
import { loadCheckpoint } from '../../src/checkpoint.js';
import { writeSqlite } from '../../src/generator/sqlite-writer.js';
import type { Report } from '../../src/report.js';
import { startFakeStack, type FakeStack } from '../support/fake-stack.js';
import { tempDir } from '../support/tmp.js';

const opts: GeneratorOptions = { seed: 'cli', calls: 3000, users: 4, days: 6, endDay: Date.UTC(2025, 5, 1) / 1000 };
let dir: string;
let db: string;
let stack: FakeStack;
const output: string[] = [];
const run = (argv: string[]) => runCli(argv, { out: (t) => output.push(t), err: (l) => output.push(l) });

before(async () => {
  dir = tempDir('hub-import-cli-');
  db = join(dir, 'hub.db');
  await writeSqlite(db, generateCalls(opts), generateProjects(opts));
  stack = await startFakeStack();
  stack.lagMs = 300; // the first comparison round sees too little: the report must wait
});
after(() => stack.close());

function args(...extra: string[]): string[] {
  return ['--sqlite', db, '--ingest-url', stack.url, '--query-url', stack.url, '--token', 't', '--batch', '500', '--compare-timeout', '20', ...extra];
}

test('imports a generated hub, then reports 0 differences; a second run sends nothing', async () => {
  const reportFile = join(dir, 'report.json');
  assert.equal(await run(args('--report', reportFile)), 0);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;

  // expectations from the generated rows themselves
  const generated = [...generateCalls(opts)];
  const refusedAt = new Set<number>([...REFUSED_POSITIONS.negativeCredits, ...REFUSED_POSITIONS.before2020]);
  const importable = generated.filter((_, i) => i !== NO_USER_POSITION);
  const processing = importable.filter((r) => r.status === 'processing').length;
  const terminal = generated.filter((r, i) => i !== NO_USER_POSITION && !refusedAt.has(i) && r.status !== 'processing').length;
  assert.equal(report.import.read, 3000);
  assert.equal(report.import.sent, 2999);
  assert.equal(report.import.rejected, 4);
  assert.equal(report.import.skipped, 1);
  assert.equal(report.summary!.processing, processing);
  assert.equal(report.summary!.terminal, terminal);
  assert.deepEqual(report.summary!.refused.map((c) => [c.reason, c.count]).sort(), [
    ['callTime: before 2020-01-01T00:00:00Z', 2],
    ['credits: must be a decimal 0 … 1e9', 2],
  ]);
  assert.deepEqual(report.summary!.skipped.map((c) => c.count), [1]);
  assert.equal(report.comparison!.differences.length, 0);
  assert.equal(report.comparison!.users.reduce((s, u) => s + u.ourCalls, 0), terminal);
  assert.ok(report.comparison!.waitedSeconds > 0);
  // projects: every Projects row except the nameless one
  assert.equal(stack.projects.size, [...generateProjects(opts)].length - 1);

  const posts = stack.posts;
  assert.equal(await run(args()), 0);
  assert.equal(stack.posts, posts);
});

test('a call missing on our side is a difference: exit code 2, CSV report', async () => {
  const [key] = [...stack.calls].find(([, c]) => c.status === 'success')!;
  stack.calls.delete(key);
  const csv = join(dir, 'report.csv');
  assert.equal(await run(args('--compare-timeout', '0', '--report', csv)), 2);
  const lines = readFileSync(csv, 'utf8').trimEnd().split('\r\n');
  assert.equal(lines[0], 'userDid,date,dayStart,sourceCalls,ourCalls,sourceCredits,ourCredits,match');
  const differing = lines.filter((l) => l.endsWith(',false'));
  assert.equal(differing.length, 1);
  const [, , , sourceCalls, ourCalls] = differing[0].split(',');
  assert.equal(Number(sourceCalls) - Number(ourCalls), 1);
});

test('a checkpoint of another source is refused; --restart starts over', async () => {
  const other = join(dir, 'other.db');
  await writeSqlite(other, generateCalls({ ...opts, calls: 40 }), []);
  const checkpoint = `${db}.hub-import.checkpoint.json`;
  assert.equal(await run(['--sqlite', other, '--checkpoint', checkpoint, '--token', 't', '--no-compare', '--ingest-url', stack.url]), 1);
  assert.match(output[output.length - 1], /belongs to another import .*pass --restart/);
  assert.equal(await run(['--sqlite', other, '--checkpoint', checkpoint, '--token', 't', '--no-compare', '--ingest-url', stack.url, '--restart']), 0);
});

/** "12.345678" → 12345678n (units of 10^-6), by hand: no code under test */
function micro(text: string): bigint {
  const [int, frac = ''] = text.split('.');
  return BigInt(int) * 1_000_000n + BigInt(frac.padEnd(6, '0'));
}

test('the report\'s source side equals the generator\'s own per-user, per-day terminal calls and credits', async () => {
  const small: GeneratorOptions = { seed: 'expect', calls: 400, users: 3, days: 4, endDay: Date.UTC(2025, 4, 1) / 1000 };
  const file = join(dir, 'expect.db');
  await writeSqlite(file, generateCalls(small), generateProjects(small));
  const reportFile = join(dir, 'expect.json');
  assert.equal(await run(['--sqlite', file, '--ingest-url', stack.url, '--query-url', stack.url, '--token', 't', '--compare-timeout', '20', '--report', reportFile]), 0);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  const expected = expectedDays(small);
  const want: string[] = [];
  let terminal = 0;
  for (const [user, days] of expected) {
    for (const [day, d] of days) {
      terminal += d.calls;
      // 8 → 6 decimals, half-up (credits are never negative here)
      want.push(`${user} ${new Date(day * 1000).toISOString().slice(0, 10)} ${d.calls} ${(d.creditUnits + 50n) / 100n}`);
    }
  }
  const got = report.comparison!.days.map((r) => `${r.userDid} ${r.date} ${r.sourceCalls} ${micro(r.sourceCredits)}`);
  assert.deepEqual(got.sort(), want.sort());
  assert.equal(report.summary!.terminal, terminal);
  assert.equal(report.comparison!.differences.length, 0);
  // the snapshot: the largest (callTime, id) of the generated rows, recorded in the checkpoint and the report
  const last = [...generateCalls(small)].sort((a, b) => b.callTime - a.callTime || (a.id < b.id ? 1 : -1))[0];
  assert.deepEqual(loadCheckpoint(`${file}.hub-import.checkpoint.json`)!.snapshot, { callTime: last.callTime, id: last.id });
  assert.deepEqual(report.snapshot, { callTime: last.callTime, id: last.id });
});

test('a checkpoint written for another ingest target is refused with a clear message', async () => {
  const other = join(dir, 'target.db');
  await writeSqlite(other, generateCalls({ ...opts, calls: 40 }), []);
  const base = ['--sqlite', other, '--token', 't', '--no-compare'];
  assert.equal(await run([...base, '--ingest-url', stack.url]), 0);
  assert.equal(await run([...base, '--ingest-url', 'http://127.0.0.1:1']), 1);
  assert.match(output[output.length - 1], /was written for the ingest at http:\/\/127\.0\.0\.1:\d+, not http:\/\/127\.0\.0\.1:1: pass another --checkpoint/);
  assert.equal(await run([...base, '--ingest-url', stack.url + '/']), 0); // the same target
});
