/* eslint-disable no-console */
// `npm test`: starts standin.js and proves, with @blocklet/sdk's own signing code, that it lets a
// correctly signed request through to its fixture and refuses a signature with one byte changed, an
// expired one and an unsigned one, and that /__standin/requests lists what arrived. Exits non-zero on
// the first failed check.
'use strict';

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const path = require('node:path');

// The fixed test key (ED25519, seed 0x00..0x1f), the one the Java launcher uses (PaymentKitStandIn.APP_SK).
const APP_SK =
  '0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8';
const OTHER_SK = `0x${'11'.repeat(32)}`; // not the stand-in's key
const CALLER_DID = 'zNKa5mpgjBK9h5KQ5BxCSSPmy8F5NJwuSmxQ';
const ALICE = 'did:abt:standin-alice';
const TIMEOUT_MS = 15_000;

process.env.BLOCKLET_MODE = 'test';
for (const name of ['BLOCKLET_APP_SK', 'BLOCKLET_APP_ASK', 'BLOCKLET_APP_PK', 'CHAIN_TYPE', 'BLOCKLET_WALLET_TYPE']) delete process.env[name];
const qs = require('qs');
const { getSignData, sign } = require('@blocklet/sdk/lib/util/verify-sign');
const fixtures = require('./dist/fixtures.js');

function startStandin() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'standin.js')], {
      env: { ...process.env, BLOCKLET_APP_SK: APP_SK, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdout.on('data', (d) => {
      const m = /LISTENING (\d+)/.exec(String(d));
      if (m) resolve({ child, base: `http://127.0.0.1:${m[1]}`, stderr: () => stderr });
    });
    child.on('exit', (code) => reject(new Error(`standin.js exited with ${code} before listening:\n${stderr}`)));
  });
}

/** Headers as the SDK's component-api interceptor sets them, from getSignData. */
async function signed({ method, pathname, params, data, appSk = APP_SK, nowSeconds }) {
  const realNow = Date.now;
  if (nowSeconds !== undefined) Date.now = () => nowSeconds * 1000;
  try {
    const s = await getSignData({ method, url: pathname, params, data }, { appSk });
    return {
      raw: s.raw,
      headers: {
        'x-component-did': CALLER_DID,
        'x-component-sig': s.sig,
        'x-component-sig-iat': String(s.iat),
        'x-component-sig-exp': String(s.exp),
        'x-component-sig-version': s.version,
      },
    };
  } finally {
    Date.now = realNow;
  }
}

async function call(base, { method, pathname, params, data, headers }) {
  const query = params ? `?${qs.stringify(params)}` : '';
  const res = await fetch(`${base}${pathname}${query}`, {
    method,
    headers: { ...(data !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: data !== undefined ? JSON.stringify(data) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** The fixture as it reaches the wire (Dates become ISO strings). */
const wire = (value) => JSON.parse(JSON.stringify(value));

async function main() {
  const t0 = Date.now();
  const standin = await startStandin();
  const { base } = standin;
  const checks = [];
  const check = async (name, fn) => {
    await fn();
    checks.push(name);
  };
  try {
    const summary = { method: 'GET', pathname: '/api/credit-grants/summary', params: { customer_id: ALICE, livemode: true } };

    await check('SDK-signed GET -> 200 with the fixture', async () => {
      const { headers } = await signed(summary);
      const r = await call(base, { ...summary, headers });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, wire(fixtures.alice.grantSummary));
      assert.equal(r.json.pc_standin_credit.remainingAmount, '400.25');
    });

    await check('one byte of the signature changed -> 401', async () => {
      const { headers } = await signed(summary);
      const sig = headers['x-component-sig'];
      const i = 2 + 10 * 2; // the 11th byte
      const flipped = (parseInt(sig.slice(i, i + 2), 16) ^ 0x01).toString(16).padStart(2, '0');
      const r = await call(base, { ...summary, headers: { ...headers, 'x-component-sig': sig.slice(0, i) + flipped + sig.slice(i + 2) } });
      assert.equal(r.status, 401);
      assert.deepEqual(r.json, { error: 'verify sig failed' });
    });

    await check('expired (exp in the past) -> 401', async () => {
      const { headers } = await signed({ ...summary, nowSeconds: Math.floor(Date.now() / 1000) - 301 });
      assert.ok(Number(headers['x-component-sig-exp']) < Date.now() / 1000);
      const r = await call(base, { ...summary, headers });
      assert.equal(r.status, 401);
    });

    await check('signed with another key -> 401', async () => {
      const { headers } = await signed({ ...summary, appSk: OTHER_SK });
      assert.equal((await call(base, { ...summary, headers })).status, 401);
    });

    await check('no signature headers -> 401', async () => {
      assert.equal((await call(base, { ...summary, headers: {} })).status, 401);
    });

    await check('query changed after signing -> 401', async () => {
      const { headers } = await signed(summary);
      const r = await call(base, { ...summary, params: { customer_id: 'did:abt:someone-else', livemode: true }, headers });
      assert.equal(r.status, 401);
    });

    await check('an unknown customer -> 200 {}', async () => {
      const req = { ...summary, params: { customer_id: 'did:abt:nobody', livemode: true } };
      const r = await call(base, { ...req, headers: (await signed(req)).headers });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, {});
    });

    await check('transactions are paged and filtered by type', async () => {
      const req = { method: 'GET', pathname: '/api/credit-transactions', params: { customer_id: ALICE, page: 2, pageSize: 1, livemode: true } };
      const r = await call(base, { ...req, headers: (await signed(req)).headers });
      assert.equal(r.status, 200);
      assert.equal(r.json.count, 3);
      assert.deepEqual(r.json.list.map((t) => [t.id, t.type, t.amount, t.created_at]), [['ct_standin_2', 'grant', '100', '2025-11-29T07:06:40.000Z']]);
      const byType = { ...req, params: { customer_id: ALICE, page: 1, pageSize: 20, type: 'consumption', livemode: true } };
      const r2 = await call(base, { ...byType, headers: (await signed(byType)).headers });
      assert.deepEqual(r2.json.list.map((t) => t.id), ['ct_standin_3']);
    });

    await check('the path-parameter route, DID percent-encoded on the wire and in the signature', async () => {
      const req = { method: 'GET', pathname: `/api/auto-recharge-configs/customer/${encodeURIComponent(ALICE)}`, params: { livemode: true } };
      const r = await call(base, { ...req, headers: (await signed(req)).headers });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, wire(fixtures.alice.autoRecharge));
    });

    await check('SDK-signed POST with a JSON body -> 200; the body is part of the signature', async () => {
      const req = {
        method: 'POST',
        pathname: '/api/auto-recharge-configs/submit',
        params: { livemode: true },
        data: { customer_id: ALICE, currency_id: 'pc_standin_credit', enabled: false, threshold: '10', quantity: '1', daily_limits: { max_attempts: 1, max_amount: '5' } },
      };
      const { headers } = await signed(req);
      const r = await call(base, { ...req, headers });
      assert.equal(r.status, 200);
      assert.equal(r.json.enabled, false);
      assert.equal(r.json.threshold, '10');
      assert.deepEqual(r.json.daily_limits, { max_attempts: 1, max_amount: '5' });
      const tampered = await call(base, { ...req, data: { ...req.data, threshold: '11' }, headers });
      assert.equal(tampered.status, 401);
    });

    await check('sign() over the raw object the SDK built gives the same headers the stand-in accepts', async () => {
      // the signature is the app wallet's over json-stable-stringify(raw): re-signing raw must match
      const { raw, headers } = await signed(summary);
      assert.equal(await sign(raw, { appSk: APP_SK }), headers['x-component-sig']);
    });

    await check('/__standin/requests recorded what arrived, and DELETE clears it', async () => {
      const r = await call(base, { method: 'GET', pathname: '/__standin/requests' });
      assert.equal(r.status, 200);
      const list = r.json;
      assert.deepEqual(list.slice(0, 7).map((x) => [x.method, x.path, x.status]), [
        ['GET', '/api/credit-grants/summary', 200],
        ['GET', '/api/credit-grants/summary', 401],
        ['GET', '/api/credit-grants/summary', 401],
        ['GET', '/api/credit-grants/summary', 401],
        ['GET', '/api/credit-grants/summary', 401],
        ['GET', '/api/credit-grants/summary', 401],
        ['GET', '/api/credit-grants/summary', 200],
      ]);
      assert.deepEqual(list[0].query, { customer_id: ALICE, livemode: 'true' });
      assert.equal(list[0].headers['x-component-did'], CALLER_DID);
      assert.equal(list[0].headers['x-component-sig-version'], '1');
      assert.equal(Number(list[0].headers['x-component-sig-exp']) - Number(list[0].headers['x-component-sig-iat']), 300);
      assert.ok(Number(list[2].headers['x-component-sig-exp']) < Date.now() / 1000, 'the expired one');
      assert.deepEqual(list[4].headers, {
        'x-component-did': null, 'x-component-sig-iat': null, 'x-component-sig-exp': null, 'x-component-sig-version': null,
      });
      const posts = list.filter((x) => x.method === 'POST');
      assert.deepEqual(posts.map((x) => x.status), [200, 401]);
      assert.equal(posts[0].body.threshold, '10');
      assert.equal(list.length, 12);
      assert.equal((await call(base, { method: 'DELETE', pathname: '/__standin/requests' })).status, 204);
      assert.deepEqual((await call(base, { method: 'GET', pathname: '/__standin/requests' })).json, []);
    });

    await check('an unknown path -> 404 JSON (after authentication)', async () => {
      const req = { method: 'GET', pathname: '/api/nothing-here', params: { livemode: true } };
      const r = await call(base, { ...req, headers: (await signed(req)).headers });
      assert.equal(r.status, 404);
      assert.match(r.json.error, /no route/);
    });
  } catch (e) {
    console.error(`FAILED after: ${checks.join('; ') || 'nothing'}\n`, e, `\nstand-in stderr:\n${standin.stderr()}`);
    process.exitCode = 1;
  } finally {
    standin.child.kill();
  }
  if (!process.exitCode) console.log(`payment-kit stand-in selftest: ${checks.length} checks passed in ${Date.now() - t0} ms`);
}

const timer = setTimeout(() => {
  console.error(`selftest did not finish within ${TIMEOUT_MS} ms`);
  process.exit(1);
}, TIMEOUT_MS);
timer.unref();
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
