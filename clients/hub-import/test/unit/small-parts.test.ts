import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOptions, parseTime } from '../../src/options.js';
import { Progress } from '../../src/progress.js';
import { IngestError } from '@aigne-hub-usage/usage-reporter';
import { parseTrends, quoteNumbers, retryableQueryStatus } from '../../src/query-client.js';
import { withRetries } from '../../src/retry.js';

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

test('retries wait a jittered backoff, never less than Retry-After, and end at once when aborted', async () => {
  const delays: number[] = [];
  let n = 0;
  const result = await withRetries('x', async () => {
    if (n++ < 3) throw new IngestError('HTTP 503', true, 503);
    return 'ok';
  }, { baseMs: 500, maxMs: 30_000, random: () => 0.5, sleep: async (ms) => { delays.push(ms); } });
  assert.equal(result, 'ok');
  assert.deepEqual(delays, [250, 500, 1000]); // half of 500, 1000, 2000: full jitter
  delays.length = 0;
  n = 0;
  await withRetries('x', async () => {
    if (n++ < 1) throw new IngestError('HTTP 429', true, 429, 2000);
    return 'ok';
  }, { random: () => 0, sleep: async (ms) => { delays.push(ms); } });
  assert.deepEqual(delays, [2000]);

  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  const start = Date.now();
  await assert.rejects(
    withRetries('x', async () => { throw new IngestError('HTTP 503', true, 503, 60_000); }, { maxMs: 60_000, signal: controller.signal }),
    /HTTP 503/,
  );
  assert.ok(Date.now() - start < 1000, `took ${Date.now() - start} ms`);
});

test('query answers: the service\'s own 4xx are final, a proxy\'s 404 page and 429/5xx are retried', () => {
  assert.equal(retryableQueryStatus(404, 'application/problem+json'), false);
  assert.equal(retryableQueryStatus(400, 'application/problem+json; charset=UTF-8'), false);
  assert.equal(retryableQueryStatus(404, 'text/html'), true);
  assert.equal(retryableQueryStatus(429, 'application/problem+json'), true);
  assert.equal(retryableQueryStatus(503, 'application/problem+json'), true);
});
