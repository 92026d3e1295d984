import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MappingError, mapModelCall, toProjectProfile, toUsageEvent, type HubModelCall } from '../src/index.js';

/** A terminal PostgreSQL row: DECIMALs as strings, JSON as objects. */
const pgRow: HubModelCall = {
  id: 'call-1',
  providerId: 'openai',
  model: 'gpt-4o',
  credentialId: 'cred-secret',
  type: 'chatCompletion',
  totalUsage: 1234,
  usageMetrics: { inputTokens: 1000, outputTokens: 234 },
  credits: '0.01234500',
  status: 'success',
  duration: '1.1',
  errorReason: null,
  appDid: 'did:app:chat',
  userDid: 'did:abt:alice',
  requestId: 'req-1',
  traceId: 'trace-1',
  metadata: { route: '/v1/chat' },
  callTime: 1764000000,
  createdAt: new Date('2025-11-24T16:00:00Z'),
  updatedAt: new Date('2025-11-24T16:00:01Z'),
};

describe('toUsageEvent', () => {
  it('maps a PostgreSQL row field by field, leaving out credentialId/createdAt/updatedAt', () => {
    assert.deepEqual(toUsageEvent(pgRow), {
      id: 'call-1',
      userDid: 'did:abt:alice',
      appDid: 'did:app:chat',
      model: 'gpt-4o',
      providerId: 'openai',
      type: 'chatCompletion',
      status: 'success',
      durationMs: 1100,
      totalUsage: 1234,
      credits: '0.012345',
      callTime: 1764000000,
      usageMetrics: { inputTokens: 1000, outputTokens: 234 },
      metadata: { route: '/v1/chat' },
      requestId: 'req-1',
      traceId: 'trace-1',
      schemaVersion: 1,
    });
  });

  it('turns decimal seconds into milliseconds without binary rounding', () => {
    const cases: [string | number, number][] = [
      ['1.1', 1100],
      [1.1, 1100], // 1.1 * 1000 would be 1100.0000000000002
      [0.3, 300],
      [0.30000000000000004, 300], // SQLite REAL of 0.1 + 0.2
      ['0.0', 0],
      ['12', 12000],
      [4.35, 4350], // 4.35 * 1000 = 4349.999999999999
      ['999999999.9', 999999999900],
      ['0.0005', 1], // half up to whole ms
      ['0.0004', 0],
    ];
    for (const [duration, durationMs] of cases) {
      assert.equal(toUsageEvent({ ...pgRow, duration }).durationMs, durationMs, `duration ${duration}`);
    }
  });

  it('reads credits as DECIMAL(20,8): exact strings, doubles at 8 decimals, trailing zeros trimmed', () => {
    const cases: [string | number, string][] = [
      ['0.01234500', '0.012345'],
      ['12.00000000', '12'],
      ['0.00000000', '0'],
      [0, '0'],
      [0.00000001, '0.00000001'], // String(0.00000001) is "1e-8"
      [1e-7, '0.0000001'],
      [0.1 + 0.2, '0.3'], // 0.30000000000000004 from SQLite REAL
      [0.07, '0.07'],
      [123456789.12345678, '123456789.12345678'],
      ['0.000000015', '0.00000002'], // more decimals than the column holds: half up
      [1.5e-9, '0'],
      ['  3.25 ', '3.25'],
      ['1e-7', '0.0000001'],
      [1e21, '1000000000000000000000'],
    ];
    for (const [credits, text] of cases) {
      assert.equal(toUsageEvent({ ...pgRow, credits }).credits, text, `credits ${credits}`);
    }
  });

  it('leaves out an empty or blank appDid (calls outside any project)', () => {
    for (const appDid of ['', '   ', null, undefined]) {
      const event = toUsageEvent({ ...pgRow, appDid });
      assert.equal('appDid' in event, false, JSON.stringify(appDid));
    }
  });

  it('sends a processing call without duration, and a terminal one with duration 0', () => {
    const processing = toUsageEvent({ ...pgRow, status: 'processing', duration: null, totalUsage: 0, credits: '0.00000000' });
    assert.equal('durationMs' in processing, false);
    assert.equal(processing.totalUsage, 0);
    assert.equal(processing.credits, '0');
    const bare = toUsageEvent({ ...pgRow, status: 'processing', duration: null, totalUsage: null, credits: null });
    assert.deepEqual([bare.durationMs, bare.totalUsage, bare.credits], [undefined, undefined, undefined]);
    const failed = toUsageEvent({ ...pgRow, status: 'failed', duration: null, totalUsage: null, credits: null, errorReason: 'timeout' });
    assert.deepEqual([failed.durationMs, failed.totalUsage, failed.credits, failed.errorReason], [0, 0, '0', 'timeout']);
  });

  it('parses JSON text from SQLite and keeps objects as they are', () => {
    const event = toUsageEvent({ ...pgRow, metadata: '{"a": [1, {"b": "c"}]}', usageMetrics: '{}' });
    assert.deepEqual(event.metadata, { a: [1, { b: 'c' }] });
    assert.deepEqual(event.usageMetrics, {});
    const none = toUsageEvent({ ...pgRow, metadata: null, usageMetrics: 'null' });
    assert.equal('metadata' in none, false);
    assert.equal('usageMetrics' in none, false);
  });

  it('drops (null) metadata the server would refuse and says why', () => {
    const big = { text: 'x'.repeat(16 * 1024) }; // 16,395 bytes as JSON
    const fits = { text: 'x'.repeat(16 * 1024 - 11) }; // {"text":"…"} is exactly 16,384 bytes
    let deep: Record<string, unknown> = { leaf: 1 }; // the leaf value is level 11 after 9 wrappers
    for (let i = 0; i < 9; i++) deep = { d: deep };
    let deepOk: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 8; i++) deepOk = { d: deepOk };
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const cases: [unknown, string | null][] = [
      [big, 'larger than 16384 bytes as JSON'],
      [fits, null],
      [deep, 'nested deeper than 10 levels'],
      [deepOk, null],
      [circular, 'not serializable as JSON (circular or BigInt)'],
      [[1, 2], 'not a JSON object'],
      ['"just text"', 'not a JSON object'],
      ['{broken', 'not valid JSON text'],
      [42, 'not a JSON object'],
      [{ a: 'nul\u0000' }, 'contains U+0000 or an unpaired surrogate'],
      [{ ['\ud800']: 1 }, 'a key contains U+0000 or an unpaired surrogate'],
      [{ emoji: '😀' }, null],
    ];
    for (const [metadata, reason] of cases) {
      const { event, dropped } = mapModelCall({ ...pgRow, metadata: metadata as HubModelCall['metadata'] });
      if (reason === null) {
        assert.deepEqual(dropped, [], String(reason));
        assert.notEqual(event.metadata, null);
      } else {
        assert.equal(event.metadata, null);
        assert.deepEqual(dropped, [{ field: 'metadata', reason }]);
      }
    }
  });

  it('cuts errorReason at 1000 characters like the server and replaces U+0000', () => {
    assert.equal(toUsageEvent({ ...pgRow, errorReason: 'e'.repeat(1500) }).errorReason, 'e'.repeat(1000));
    const pair = 'e'.repeat(999) + '😀'; // the pair would straddle the cut
    assert.equal(toUsageEvent({ ...pgRow, errorReason: pair }).errorReason, 'e'.repeat(999));
    assert.equal(toUsageEvent({ ...pgRow, errorReason: 'a\u0000b' }).errorReason, 'a\ufffdb');
  });

  it('accepts integers as digit strings (BIGINT) and refuses what is no ModelCall', () => {
    assert.equal(toUsageEvent({ ...pgRow, callTime: '1764000000', totalUsage: '77' }).callTime, 1764000000);
    const bad: unknown[] = [
      undefined,
      null,
      'text',
      { ...pgRow, id: '' },
      { ...pgRow, userDid: null },
      { ...pgRow, status: 'done' },
      { ...pgRow, callTime: 1764000000.5 },
      { ...pgRow, callTime: undefined },
      { ...pgRow, credits: 'abc' },
      { ...pgRow, duration: '1,5' },
      { ...pgRow, totalUsage: 1.5 },
    ];
    for (const record of bad) assert.throws(() => toUsageEvent(record as HubModelCall), MappingError, JSON.stringify(record));
  });
});

describe('toProjectProfile', () => {
  it('maps a Projects row', () => {
    assert.deepEqual(
      toProjectProfile({ appDid: 'did:app:chat', appName: ' Chat Bot ', appLogo: 'https://cdn.example/logo.png', appUrl: 'http://chat.example/' }),
      { appDid: 'did:app:chat', profile: { name: 'Chat Bot', logoUrl: 'https://cdn.example/logo.png', appUrl: 'http://chat.example/' }, notes: [] },
    );
  });

  it('sends an empty logo or URL as null without a note, a non-https logo as null with one', () => {
    assert.deepEqual(toProjectProfile({ appDid: 'd', appName: 'A', appLogo: '', appUrl: '' }).notes, []);
    const cases: [string, boolean][] = [
      ['http://cdn.example/logo.png', false],
      ['data:image/png;base64,AAAA', false],
      ['/images/logo.png', false],
      ['https://user@cdn.example/logo.png', false],
      ['https://cdn.example/a logo.png', false],
      ['https://under_score.example/x.png', false],
      ['https://cdn.example/logo.png?v=2', true],
      ['https://[::1]/logo.png', true],
    ];
    for (const [appLogo, kept] of cases) {
      const { profile, notes } = toProjectProfile({ appDid: 'd', appName: 'A', appLogo });
      assert.equal(profile!.logoUrl, kept ? appLogo : null, appLogo);
      assert.equal(notes.length, kept ? 0 : 1, appLogo);
    }
    const longUrl = 'https://app.example/' + 'a'.repeat(2030);
    assert.equal(toProjectProfile({ appDid: 'd', appName: 'A', appUrl: longUrl }).profile!.appUrl, null);
  });

  it('sends nothing for a blank name, and cuts a long one at 200 characters', () => {
    assert.deepEqual(toProjectProfile({ appDid: 'd', appName: '  ' }), {
      appDid: 'd',
      profile: null,
      notes: [{ field: 'appName', reason: 'blank: profile not sent' }],
    });
    assert.equal(toProjectProfile({ appDid: 'd', appName: 'n'.repeat(250) }).profile!.name, 'n'.repeat(200));
    assert.throws(() => toProjectProfile({ appDid: ' ', appName: 'x' }), MappingError);
  });
});
