import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IngestClient, IngestError, isRetryableStatus, retryAfterMs, toUsageEvent } from '../src/index.js';
import { IngestServer } from './support/ingest-server.js';

const event = toUsageEvent({ id: 'c1', userDid: 'did:abt:u', model: 'm', type: 'chatCompletion', status: 'success', duration: '0.5', totalUsage: 1, credits: '0.1', callTime: 1764000000 });

describe('IngestClient', () => {
  const server = new IngestServer();
  before(() => server.start());
  after(() => server.stop());

  it('posts a JSON array with the bearer token and reads the answer', async () => {
    server.refuse = (e) => (e.id === 'bad' ? 'model: is required' : null);
    const client = new IngestClient({ baseUrl: server.url + '/', token: 'tok' });
    const result = await client.sendBatch([event, { ...event, id: 'bad' }]);
    assert.deepEqual(result, { accepted: 1, rejected: [{ index: 1, reason: 'model: is required' }] });
    const request = server.requests.at(-1)!;
    assert.equal(request.authorization, 'Bearer tok');
    assert.equal(request.path, '/api/ingest/model-calls');
    assert.deepEqual(request.body, [event, { ...event, id: 'bad' }]);
    server.refuse = () => null;
  });

  it('asks a token function before every request', async () => {
    let n = 0;
    const client = new IngestClient({ baseUrl: server.url, token: async () => `t${++n}` });
    await client.sendBatch([event]);
    await client.sendBatch([event]);
    assert.deepEqual(server.requests.slice(-2).map((r) => r.authorization), ['Bearer t1', 'Bearer t2']);
  });

  it('puts a project profile with the appDid as one path segment', async () => {
    const client = new IngestClient({ baseUrl: server.url, token: 'tok' });
    const stored = await client.putProject({ appDid: 'did:app:a/b c', name: 'A', logoUrl: null, appUrl: 'https://a.example' });
    assert.equal(server.requests.at(-1)!.path, '/api/ingest/projects/did%3Aapp%3Aa%2Fb%20c');
    assert.deepEqual(server.requests.at(-1)!.body, { name: 'A', logoUrl: null, appUrl: 'https://a.example' });
    assert.equal(stored.appDid, 'did:app:a/b c');
  });

  it('classifies failures: retryable with Retry-After, permanent, network, timeout', async () => {
    const client = new IngestClient({ baseUrl: server.url, token: 'tok', timeoutMs: 200 });
    const expectations: [object, boolean, number | undefined, number | undefined][] = [
      [{ status: 503, retryAfter: '3' }, true, 503, 3000],
      [{ status: 429, retryAfter: '1' }, true, 429, 1000],
      [{ status: 500 }, true, 500, undefined],
      [{ status: 401 }, true, 401, undefined],
      [{ status: 403 }, true, 403, undefined],
      [{ status: 400 }, false, 400, undefined],
      [{ status: 413 }, false, 413, undefined],
      [{ status: 404 }, false, 404, undefined],
      [{ delayMs: 1000 }, true, undefined, undefined],
    ];
    for (const [scripted, retryable, status, after] of expectations) {
      server.next.push(scripted);
      const error = await client.sendBatch([event]).then(() => null, (e: unknown) => e);
      assert.ok(error instanceof IngestError, JSON.stringify(scripted));
      assert.deepEqual([error.retryable, error.status, error.retryAfterMs], [retryable, status, after], JSON.stringify(scripted));
    }
    const refused = new IngestClient({ baseUrl: 'http://127.0.0.1:1', token: 'tok' });
    const error = await refused.sendBatch([event]).then(() => null, (e: unknown) => e);
    assert.ok(error instanceof IngestError && error.retryable && error.status === undefined);
    const broken = new IngestClient({ baseUrl: server.url, token: () => { throw new Error('vault down'); } });
    const tokenError = await broken.sendBatch([event]).then(() => null, (e: unknown) => e);
    assert.ok(tokenError instanceof IngestError && tokenError.retryable && /vault down/.test(tokenError.message));
  });

  it('knows which statuses are worth retrying and reads Retry-After dates', () => {
    assert.deepEqual([400, 401, 403, 404, 408, 409, 413, 422, 425, 429, 500, 502, 503, 504].map(isRetryableStatus),
      [false, true, true, false, true, false, false, false, true, true, true, true, true, true]);
    assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')), 10_000);
    assert.equal(retryAfterMs('soon'), undefined);
    assert.equal(retryAfterMs(null), undefined);
  });
});
