import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOptions, parseTime } from '../../src/options.js';
import { Progress } from '../../src/progress.js';
import { parseTrends, quoteNumbers } from '../../src/query-client.js';

test('progress prints at most once a second, with rate and ETA of this run', () => {
  let now = 0;
  const lines: string[] = [];
  const p = new Progress({ label: 'calls', total: 10_000, startAt: 2_000, write: (l) => lines.push(l), now: () => now });
  for (let t = 0; t <= 2500; t += 100) {
    now = t;
    p.update(2_000 + t); // 1000 rows/s
  }
  assert.equal(lines.length, 3); // at 0, 1000 and 2000 ms
  assert.equal(lines[2], 'calls: 4000/10000 (40.0%) 1000 rows/s ETA 6s');
  p.finish();
  assert.equal(lines.length, 4);
});

test('trend answers keep totalCredits exact (no double on the way)', () => {
  const text = '{"granularity":"day","timezone":"UTC","trends":[' +
    '{"timestamp":1748736000,"calls":3,"successRate":1.0,"avgDuration":12.5,"totalCredits":123456789012.123457,"totalTokens":9},' +
    '{"timestamp":1748822400,"calls":0,"successRate":null,"avgDuration":null,"totalCredits":0,"totalTokens":0}]}';
  assert.deepEqual(parseTrends(text), [
    { timestamp: 1748736000, calls: 3, credits: 123_456_789_012_123_457n },
    { timestamp: 1748822400, calls: 0, credits: 0n },
  ]);
  assert.equal(quoteNumbers('{"totalCredits": 1.5E-7}', ['totalCredits']), '{"totalCredits": "1.5E-7"}');
});

test('options: defaults, token from the environment, checkpoint next to the SQLite file', () => {
  const o = parseOptions(['--sqlite', 'hub.db'], { USAGE_IMPORT_TOKEN: 'tok' }, '/data');
  assert.ok(o !== 'help');
  assert.equal(o.token, 'tok');
  assert.equal(o.checkpoint, '/data/hub.db.hub-import.checkpoint.json');
  assert.equal(o.batch, 1000);
  assert.equal(o.ingestUrl, 'http://127.0.0.1:8081');
  assert.equal(o.queryUrl, 'http://127.0.0.1:8082');
  assert.equal(o.compare, true);
  const pg = parseOptions(['--postgres', 'postgres://u:secret@h/db', '--no-compare', '--token', 't'], {}, '/w');
  assert.ok(pg !== 'help');
  assert.match(pg.checkpoint, /^\/w\/hub-import-[0-9a-f]{12}\.checkpoint\.json$/);
  assert.equal(pg.compare, false);
  assert.throws(() => parseOptions(['--sqlite', 'a', '--postgres', 'b', '--token', 't']), /exactly one/);
  assert.throws(() => parseOptions(['--sqlite', 'a'], {}), /no token/);
  assert.throws(() => parseOptions(['--sqlite', 'a', '--token', 't', '--batch', '1001']), /--batch/);
});

test('--since/--until take Unix seconds, dates (whole UTC days) and date-times', () => {
  assert.equal(parseTime('1748736000', 'start'), 1748736000);
  assert.equal(parseTime('2025-06-01', 'start'), 1748736000);
  assert.equal(parseTime('2025-06-01', 'end'), 1748736000 + 86399);
  assert.equal(parseTime('2025-06-01T12:00:00', 'start'), 1748736000 + 43200);
  assert.equal(parseTime('2025-06-01T12:00:00+02:00', 'start'), 1748736000 + 36000);
  assert.throws(() => parseTime('June', 'start'), /not a time/);
});
