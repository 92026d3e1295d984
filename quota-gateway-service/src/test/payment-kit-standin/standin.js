/* eslint-disable no-console */
// Test-only stand-in for payment-kit. Every request to it (except /__standin/*) is authenticated by
// @blocklet/sdk 1.17.12's own component-call middleware, verifySig, exactly as a Blocklet component
// behind it would check it; the answers come from fixtures.ts (compiled to dist/ by `npm run build`).
//
// Env:
//   BLOCKLET_APP_SK        REQUIRED: the app key the caller signs with; the signature is checked against
//                          its public key (the SDK prefers BLOCKLET_APP_ASK when that is set too).
//   PORT                   optional, default 0 (any free port). Prints "LISTENING <port>" on stdout once
//                          it listens on 127.0.0.1.
//   STANDIN_FIXED_NOW      optional Unix seconds: pins Date.now(), so signatures with a fixed iat (golden
//                          vectors) are not expired.
//   STANDIN_WATCH_STDIN=1  exit when stdin closes (the Java launcher sets it, so a killed JVM leaves no
//                          stand-in behind).
//
// Besides payment-kit's six routes (README.md) it has, without signature checks:
//   GET    /__standin/requests  every request it authenticated or refused, oldest first:
//                               [{method, path, query, status, headers: {x-component-did, x-component-sig-iat,
//                                 x-component-sig-exp, x-component-sig-version}, body}]
//   DELETE /__standin/requests  forgets them (204)
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const qs = require('qs');

if (!process.env.BLOCKLET_APP_SK) {
  console.error('BLOCKLET_APP_SK must be set: the app key the callers sign with');
  process.exit(2);
}
if (process.env.STANDIN_FIXED_NOW) {
  const fixedMs = Number(process.env.STANDIN_FIXED_NOW) * 1000;
  if (!Number.isFinite(fixedMs)) {
    console.error('STANDIN_FIXED_NOW must be Unix seconds');
    process.exit(2);
  }
  Date.now = () => fixedMs;
}
// Loading the middleware loads @blocklet/sdk/lib/config, which outside test mode tries to reach a
// Blocklet Server's notification service over a websocket. Not wanted here.
if (!process.env.BLOCKLET_MODE) process.env.BLOCKLET_MODE = 'test';
const { verifySig } = require('@blocklet/sdk/lib/middlewares/component');

const fixtures = loadFixtures();

function loadFixtures() {
  const compiled = path.join(__dirname, 'dist', 'fixtures.js');
  const source = path.join(__dirname, 'fixtures.ts');
  if (!fs.existsSync(compiled) || fs.statSync(compiled).mtimeMs < fs.statSync(source).mtimeMs) {
    console.error(`${compiled} is missing or older than fixtures.ts: run \`npm run build\` in ${__dirname}`);
    process.exit(2);
  }
  return require(compiled);
}

const RECORDED_HEADERS = ['x-component-did', 'x-component-sig-iat', 'x-component-sig-exp', 'x-component-sig-version'];
/** What arrived, for GET /__standin/requests. */
let requests = [];

// --- express look-alikes: verifySig and getVerifyData use req.get(), req.body, req.method,
//     req.originalUrl, req.query and res.status().json()
function expressRequest(req, rawBody) {
  const search = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
  req.get = (name) => {
    const v = req.headers[String(name).toLowerCase()];
    return Array.isArray(v) ? v.join(', ') : v;
  };
  req.originalUrl = req.url;
  req.path = req.url.split('?')[0];
  req.query = qs.parse(search); // express 4's "extended" query parser
  req.body = undefined; // like express.json(): JSON bodies only; verify-sign reads a missing body as {}
  if (rawBody.length && /\bjson\b/i.test(String(req.headers['content-type'] || ''))) {
    req.body = JSON.parse(rawBody.toString('utf8')); // a SyntaxError: 400 below
  }
  return req;
}

function expressResponse(res) {
  res.status = (code) => {
    res.statusCode = code;
    return res;
  };
  res.json = (value) => {
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(value === undefined ? null : value));
    return res;
  };
  return res;
}

/** Records the request the moment its answer is written, so it is listed before the caller sees the answer. */
function recordOnEnd(req, res) {
  const end = res.end.bind(res);
  let recorded = false;
  res.end = (...args) => {
    if (!recorded) {
      recorded = true;
      const headers = {};
      for (const name of RECORDED_HEADERS) headers[name] = req.get(name) ?? null;
      requests.push({
        method: req.method,
        path: req.path,
        query: req.query ?? {},
        status: res.statusCode,
        headers,
        body: req.body ?? null,
      });
    }
    return end(...args);
  };
}

// --- payment-kit's answers

function customerOf(did) {
  return (typeof did === 'string' && Object.hasOwn(fixtures.customers, did) && fixtures.customers[did]) || fixtures.noData;
}

function positiveInt(value, fallback) {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

const AUTO_RECHARGE_PREFIX = '/api/auto-recharge-configs/customer/';

/** [status, body] for an authenticated request. */
function answer(req) {
  const q = req.query;
  const p = req.path;
  if (req.method === 'GET' && p === '/api/credit-grants/summary') {
    return [200, customerOf(q.customer_id).grantSummary];
  }
  if (req.method === 'GET' && p === '/api/meter-events/pending-amount') {
    return [200, customerOf(q.customer_id).pendingAmount];
  }
  if (req.method === 'GET' && p === '/api/credit-transactions') {
    const all = customerOf(q.customer_id).transactions.filter((t) => !q.type || t.type === q.type);
    const page = positiveInt(q.page, 1);
    const pageSize = positiveInt(q.pageSize, 20);
    return [200, { count: all.length, list: all.slice((page - 1) * pageSize, page * pageSize) }];
  }
  if (req.method === 'GET' && p === '/api/credit-transactions/summary') {
    const seconds = (v) => (Number.isFinite(Number(v)) && v !== '' && v !== undefined ? new Date(Number(v) * 1000).toISOString() : v);
    return [200, {
      ...customerOf(q.customer_id).spendSummary,
      filters: {
        customer_id: q.customer_id,
        subscription_id: q.subscription_id,
        meter_event_name: undefined,
        meter_id: q.meter_id,
        currency_id: q.currency_id,
        start_time: seconds(q.start),
        end_time: seconds(q.end),
      },
    }];
  }
  if (req.method === 'GET' && p.startsWith(AUTO_RECHARGE_PREFIX) && p.length > AUTO_RECHARGE_PREFIX.length) {
    let did;
    try {
      did = decodeURIComponent(p.slice(AUTO_RECHARGE_PREFIX.length));
    } catch {
      return [400, { error: 'malformed customer id' }];
    }
    return [200, customerOf(did).autoRecharge];
  }
  if (req.method === 'POST' && p === '/api/auto-recharge-configs/submit') {
    const body = req.body;
    // payment-js' SubmitAutoRechargeConfigData requires both
    for (const field of ['customer_id', 'currency_id']) {
      if (!body || typeof body !== 'object' || typeof body[field] !== 'string' || !body[field]) {
        return [400, { error: `${field} is required` }];
      }
    }
    // Answers the config as it would be after the change; nothing is stored (GET keeps answering the
    // fixture), so tests stay independent. What was sent: GET /__standin/requests.
    const before = customerOf(body.customer_id).autoRecharge;
    const now = new Date(Date.now()).toISOString();
    const change = body;
    const base = before ?? {
      id: 'arc_standin_new',
      customer_id: body.customer_id,
      price_id: 'price_standin_credit_pack',
      created_at: now,
    };
    const dailyLimits = base.daily_limits || change.daily_limits ? { ...base.daily_limits, ...change.daily_limits } : undefined;
    return [200, {
      ...base,
      ...change,
      customer_id: base.customer_id, // payment-kit's own customer id (cus_...), not the DID we sent
      livemode: q.livemode !== 'false', // payment-js sends it in the query
      ...(dailyLimits ? { daily_limits: dailyLimits } : {}),
      updated_at: now,
    }];
  }
  return [404, { error: `no route for ${req.method} ${p}` }];
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    expressResponse(res);
    const bare = req.url.split('?')[0];
    if (bare === '/__standin/requests') {
      if (req.method === 'GET') return res.status(200).json(requests);
      if (req.method === 'DELETE') {
        requests = [];
        res.statusCode = 204;
        return res.end();
      }
      return res.status(405).json({ error: 'GET or DELETE' });
    }
    let badJson = false;
    try {
      expressRequest(req, Buffer.concat(chunks));
    } catch {
      badJson = true;
    }
    recordOnEnd(req, res);
    if (badJson) return res.status(400).json({ error: 'invalid JSON body' });
    try {
      // 401 when iat/exp are missing or not numbers, exp < now or the signature does not verify; 400 when
      // iat and exp are there but x-component-sig is not; otherwise next()
      await verifySig(req, res, () => {
        const [status, body] = answer(req);
        res.status(status).json(body);
      });
    } catch (e) {
      console.error('stand-in failed', e);
      if (!res.headersSent) res.status(500).json({ error: String(e && e.message) });
    }
  });
});

server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  console.log(`LISTENING ${server.address().port}`);
});

// nothing to flush: stop at once, open keep-alive connections included
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
if (process.env.STANDIN_WATCH_STDIN === '1') {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('close', () => process.exit(0));
  process.stdin.resume();
}
