import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay, sleep } from '../src/backoff.js';
import { rateLimited } from '../src/logger.js';

describe('backoffDelay', () => {
  it('draws from [0, min(cap, base · 2^attempt)): full jitter', () => {
    const top = () => 0.999999;
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 40].map((a) => backoffDelay(a, 500, 30_000, top)),
      [499, 999, 1999, 3999, 7999, 15999, 29999, 29999, 29999]);
    assert.equal(backoffDelay(5, 500, 30_000, () => 0), 0);
    assert.equal(backoffDelay(3, 500, 30_000, () => 0.5), 2000);
  });

  it('sleeps until aborted', async () => {
    const controller = new AbortController();
    const start = Date.now();
    setTimeout(() => controller.abort(), 20);
    await sleep(10_000, controller.signal);
    assert.ok(Date.now() - start < 1000);
  });
});

describe('rateLimited', () => {
  it('writes one line per kind per interval and says how many it held back', () => {
    const lines: string[] = [];
    let now = 0;
    const log = rateLimited({ warn: (m) => lines.push(m) }, 10_000, () => now);
    log('retry', 'a');
    log('retry', 'b');
    log('retry', 'c');
    log('spool', 'd');
    now = 10_000;
    log('retry', 'e');
    assert.deepEqual(lines, [
      '[usage-reporter] a',
      '[usage-reporter] d',
      '[usage-reporter] e (2 similar messages suppressed)',
    ]);
  });

  it('survives a logger that throws', () => {
    const log = rateLimited({ warn: () => { throw new Error('broken logger'); } });
    assert.doesNotThrow(() => log('retry', 'x'));
  });
});
