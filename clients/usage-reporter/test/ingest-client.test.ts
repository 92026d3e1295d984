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
      [{ status: 400 }, false, 400, undefined], // the ingest's own 400 (problem+json)
      [{ status: 400, contentType: 'text/html', body: '<h1>Bad Request</h1>' }, true, 400, undefined], // a proxy's
      [{ status: 413 }, false, 413, undefined],
      [{ status: 404 }, true, 404, undefined],
      [{ status: 404, contentType: 'text/html', body: 'Not Found' }, true, 404, undefined],
      [{ status: 405 }, true, 405, undefined],
      [{ status: 409 }, true, 409, undefined],
      [{ status: 410 }, true, 410, undefined],
      [{ status: 422 }, true, 422, undefined],
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

  it('counts only a 202 whose accepted + rejected is the batch as delivered; any other 2xx is retried', async () => {
    const client = new IngestClient({ baseUrl: server.url, token: 'tok' });
    const json = 'application/json';
    const answers = [
      { status: 200, contentType: json, body: '{"accepted":2,"rejected":[]}' }, // not 202
      { status: 204, contentType: json, body: '' },
      { status: 202, contentType: 'text/html', body: '<html>ok</html>' }, // a proxy's page
      { status: 202, contentType: json, body: '{}' },
      { status: 202, contentType: json, body: '{"accepted":1,"rejected":[]}' }, // 1 + 0 ≠ 2
      { status: 202, contentType: json, body: '{"accepted":"2","rejected":[]}' },
      { status: 202, contentType: json, body: '{"accepted":1,"rejected":[{"index":5,"reason":"x"}]}' }, // no such event
    ];
    for (const answer of answers) {
      server.next.push(answer);
      const error = await client.sendBatch([event, { ...event, id: 'c2' }]).then(() => null, (e: unknown) => e);
      assert.ok(error instanceof IngestError && error.retryable, JSON.stringify(answer));
    }
    server.next.push({ status: 202, contentType: json, body: '{"accepted":1,"rejected":[{"index":1,"reason":"model: is required"}]}' });
    assert.deepEqual(await client.sendBatch([event, { ...event, id: 'c2' }]), { accepted: 1, rejected: [{ index: 1, reason: 'model: is required' }] });
  });

  it('counts a project as stored only on a 200 with a JSON object', async () => {
    const client = new IngestClient({ baseUrl: server.url, token: 'tok' });
    const project = { appDid: 'did:app:p', name: 'P', logoUrl: null, appUrl: null };
    for (const answer of [
      { status: 204, contentType: 'application/json', body: '' },
      { status: 200, contentType: 'text/html', body: '<html>welcome</html>' },
      { status: 200, contentType: 'application/json', body: '[]' },
      { status: 201, contentType: 'application/json', body: '{"appDid":"did:app:p"}' },
    ]) {
      server.next.push(answer);
      const error = await client.putProject(project).then(() => null, (e: unknown) => e);
      assert.ok(error instanceof IngestError && error.retryable, JSON.stringify(answer));
    }
  });

  it('gives up on a token function that never answers once the request timeout passes, or when aborted', async () => {
    const hanging = new IngestClient({ baseUrl: server.url, token: () => new Promise<string>(() => {}), timeoutMs: 150 });
    const start = Date.now();
    const error = await hanging.sendBatch([event]).then(() => null, (e: unknown) => e);
    assert.ok(error instanceof IngestError && error.retryable, String(error));
    assert.match(error.message, /token: timed out after 150 ms/);
    assert.ok(Date.now() - start < 1000, `took ${Date.now() - start} ms`);
    const slow = new IngestClient({ baseUrl: server.url, token: () => new Promise<string>(() => {}), timeoutMs: 60_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const aborted = await slow.sendBatch([event], controller.signal).then(() => null, (e: unknown) => e);
    assert.ok(aborted instanceof IngestError && /token: aborted/.test(aborted.message), String(aborted));
  });

  it('knows which statuses are worth retrying and reads Retry-After dates', () => {
    const problem = 'application/problem+json; charset=utf-8';
    assert.deepEqual([400, 401, 403, 404, 405, 408, 409, 410, 413, 422, 425, 429, 500, 502, 503, 504].map((s) => isRetryableStatus(s, problem)),
      [false, true, true, true, true, true, true, true, false, true, true, true, true, true, true, true]);
    assert.equal(isRetryableStatus(400, 'text/html'), true);
    assert.equal(isRetryableStatus(400), true);
    assert.equal(isRetryableStatus(413, 'text/html'), false);
    assert.equal(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')), 10_000);
    assert.equal(retryAfterMs('soon'), undefined);
    assert.equal(retryAfterMs(null), undefined);
  });
});
