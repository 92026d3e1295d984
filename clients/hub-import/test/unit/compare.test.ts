import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callIdentity, type Refusal } from '../../src/checkpoint.js';
import { compareWithPolling, diffUser, summarizeSource, type SourceDay, type SourceSummary } from '../../src/compare.js';
import type { OurDay } from '../../src/query-client.js';
import { formatReport, buildComparison, type Report } from '../../src/report.js';
import { ArraySource } from '../support/array-source.js';

const DAY1 = 1748736000; // 2025-06-01T00:00:00Z
const DAY2 = DAY1 + 86400;

function call(id: string, userDid: string | null, callTime: number, credits: unknown, status = 'success') {
  return { id, userDid, callTime, credits, status, model: 'm', type: 'chatCompletion', providerId: 'p', duration: 1.5, totalUsage: 10 };
}

// The source: user A on two days, user B on one; values as SQLite (doubles) and PostgreSQL (strings) give them
const rows = [
  call('a1', 'did:abt:A', DAY1 + 10, 0.1 + 0.2), // a double read at 8 decimals: 0.3
  call('a2', 'did:abt:A', DAY1 + 20, '0.00000001'),
  call('a3', 'did:abt:A', DAY1 + 30, 12345.67890123),
  call('a4', 'did:abt:A', DAY1 + 40, 0, 'failed'), // failed calls count
  call('a5', 'did:abt:A', DAY1 + 50, null, 'processing'), // processing does not
  call('a6', 'did:abt:A', DAY2 + 5, '0.0000005'), // 0.0000005 → 0.000001 half-up
  call('a7', 'did:abt:A', DAY2 + 6, -1), // refused by the ingest below
  call('b1', 'did:abt:B', DAY2 + 7, '2.5'),
  call('b2', 'did:abt:B', DAY2 + 8, '0.00000049'),
  call('x1', null, DAY2 + 9, '1'), // no user: skipped by the mapping
];
const refusals = new Map<string, Refusal>([
  [callIdentity('did:abt:A', 'a7'), { userDid: 'did:abt:A', id: 'a7', callTime: DAY2 + 6, reason: 'credits: negative' }],
]);

test('source sums per user and UTC day are exact, without refused, skipped and processing rows', async () => {
  const s = await summarizeSource(new ArraySource(rows), {}, refusals, 3);
  assert.equal(s.rows, 10);
  assert.equal(s.terminal, 7);
  assert.equal(s.processing, 1);
  assert.deepEqual(s.refused.map((c) => [c.reason, c.count, c.examples]), [['credits: negative', 1, ['a7']]]);
  assert.equal(s.skipped.length, 1);
  assert.equal(s.skipped[0].count, 1);
  assert.match(s.skipped[0].reason, /userDid/);
  // values worked out by hand, at 10 decimals: 0.3 + 0.00000001 + 12345.67890123 + 0 = 12345.97890124
  assert.deepEqual(s.days.get('did:abt:A'), new Map<number, SourceDay>([
    [DAY1, { calls: 4, credits: 123_459_789_012_400n }],
    [DAY2, { calls: 1, credits: 5_000n }],
  ]));
  // 2.5 + 0.00000049 = 2.50000049
  assert.deepEqual(s.days.get('did:abt:B'), new Map<number, SourceDay>([[DAY2, { calls: 2, credits: 25_000_004_900n }]]));
});

test('the source side counts only the rows up to the import\'s snapshot key', async () => {
  // snapshot at a7 (DAY2 + 6): b1 and b2 (DAY2 + 7, + 8) and x1 came later
  const s = await summarizeSource(new ArraySource(rows), {}, refusals, 3, { callTime: DAY2 + 6, id: 'a7' });
  assert.equal(s.rows, 7);
  assert.equal(s.terminal, 5);
  assert.equal(s.days.get('did:abt:B'), undefined);
  assert.deepEqual(s.days.get('did:abt:A'), new Map<number, SourceDay>([
    [DAY1, { calls: 4, credits: 123_459_789_012_400n }],
    [DAY2, { calls: 1, credits: 5_000n }],
  ]));
  const none = await summarizeSource(new ArraySource(rows), {}, refusals, 3, null);
  assert.deepEqual([none.rows, none.days.size], [0, 0]);
});

test('a day matches when calls and credits rounded half-up to 6 decimals agree', () => {
  const source = new Map<number, SourceDay>([
    [DAY1, { calls: 4, credits: 123_459_789_012_400n }],
    [DAY2, { calls: 1, credits: 5_000n }],
  ]);
  const ours = new Map<number, OurDay>([
    [DAY1, { calls: 4, credits: 12_345_978_901n }], // 12345.978901 (…0124 rounds down)
    [DAY2, { calls: 1, credits: 1n }], // 0.000001
    [DAY2 + 86400, { calls: 0, credits: 0n }], // empty buckets are not rows
  ]);
  const rows = diffUser('did:abt:A', source, ours);
  assert.deepEqual(rows.map((r) => [r.date, r.sourceCalls, r.ourCalls, r.sourceCredits, r.ourCredits, r.match]), [
    ['2025-06-01', 4, 4, '12345.978901', '12345.978901', true],
    ['2025-06-02', 1, 1, '0.000001', '0.000001', true],
  ]);
});

test('differences: a missing call, other credits, and a day only we have', () => {
  const source = new Map<number, SourceDay>([
    [DAY1, { calls: 2, credits: 30_000_000_000n }], // 3
    [DAY2, { calls: 1, credits: 10_000_000_000n }], // 1
  ]);
  const ours = new Map<number, OurDay>([
    [DAY1, { calls: 1, credits: 3_000_000n }],
    [DAY2, { calls: 1, credits: 1_000_001n }],
    [DAY2 + 86400, { calls: 1, credits: 0n }],
  ]);
  const rows = diffUser('did:abt:A', source, ours);
  assert.deepEqual(rows.map((r) => [r.date, r.sourceCalls, r.ourCalls, r.sourceCredits, r.ourCredits, r.match]), [
    ['2025-06-01', 2, 1, '3', '3', false],
    ['2025-06-02', 1, 1, '1', '1.000001', false],
    ['2025-06-03', 0, 1, '0', '0', false],
  ]);
});

test('polling waits for the aggregator, then reports 0 differences', async () => {
  const s = await summarizeSource(new ArraySource(rows), {}, refusals);
  let round = 0;
  const asked: Array<[string, number, number]> = [];
  const result = await compareWithPolling(s, {
    range: {},
    timeoutMs: 60_000,
    sleep: async () => {},
    fetch: async (user, start, end) => {
      asked.push([user, start, end]);
      round++;
      if (user === 'did:abt:B') return new Map([[DAY2, { calls: 2, credits: 2_500_000n }]]);
      // user A: the second day arrives late
      return round <= 2
        ? new Map([[DAY1, { calls: 4, credits: 12_345_978_901n }]])
        : new Map([[DAY1, { calls: 4, credits: 12_345_978_901n }], [DAY2, { calls: 1, credits: 1n }]]);
    },
  });
  assert.ok(result.rows.every((r) => r.match));
  assert.equal(result.rows.length, 3);
  // A asked over its whole days, B over its one day; B not asked again once it matched
  assert.deepEqual(asked.filter(([u]) => u === 'did:abt:A')[0], ['did:abt:A', DAY1, DAY2 + 86399]);
  assert.equal(asked.filter(([u]) => u === 'did:abt:B').length, 1);
  const report: Report = {
    source: 'array:test',
    range: {},
    import: { read: 10, sent: 9, accepted: 8, rejected: 1, skipped: 1, projectsPut: 0, projectsNotPut: 0, rowsPerSecond: 1, seconds: 1, resumedFrom: 0 },
    projects: [],
    comparison: buildComparison(result.rows, result.waitedMs),
  };
  const text = formatReport(report);
  assert.match(text, /^0 differences \(3 user-days compared/m);
  assert.match(text, /did:abt:A\s+2\s+5\s+5\s+12345\.978902\s+12345\.978902\s+0/);
});

test('polling gives up at the timeout and keeps the differing rows', async () => {
  const s = await summarizeSource(new ArraySource(rows), {}, refusals);
  const result = await compareWithPolling(s, {
    range: {},
    timeoutMs: 0,
    sleep: async () => assert.fail('no second round after the timeout'),
    fetch: async () => new Map(),
  });
  assert.equal(result.rows.filter((r) => !r.match).length, 3);
});

test('--since/--until narrow both the sums and the question', async () => {
  const range = { since: DAY1 + 15, until: DAY2 + 6 };
  const s = await summarizeSource(new ArraySource(rows), range, refusals);
  assert.deepEqual(s.days.get('did:abt:A'), new Map<number, SourceDay>([
    [DAY1, { calls: 3, credits: 123_456_789_012_400n }], // a1 is before `since`
    [DAY2, { calls: 1, credits: 5_000n }],
  ]));
  const asked: number[][] = [];
  await compareWithPolling(s, { range, timeoutMs: 0, fetch: async (_u, a, b) => (asked.push([a, b]), new Map()) });
  assert.deepEqual(asked[0], [DAY1 + 15, DAY2 + 6]);
});

test('polling waits as long as the numbers move, and gives up once they stand still for the timeout', async () => {
  const summary: SourceSummary = {
    rows: 20, terminal: 20, processing: 0, refused: [], skipped: [], dropped: [],
    days: new Map([['did:abt:B', new Map([[DAY2, { calls: 20, credits: 0n }]])]]),
  };
  let clock = 0;
  let rounds = 0;
  const result = await compareWithPolling(summary, {
    range: {},
    timeoutMs: 10_000,
    pollMs: 2_000,
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
    // the consumer counts one more call per round for 15 rounds (30 s, far beyond the timeout), then stalls at 15
    fetch: async () => new Map([[DAY2, { calls: Math.min(++rounds, 15), credits: 0n }]]),
  });
  assert.equal(result.rows[0].ourCalls, 15);
  assert.equal(result.rows[0].match, false);
  // last movement in round 15 (at 28 s); then 10 s standing still: rounds at 30, 32, 34, 36, 38 s
  assert.equal(rounds, 20);
  assert.equal(result.waitedMs, 38_000);
});
