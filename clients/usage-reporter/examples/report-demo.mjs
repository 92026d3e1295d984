#!/usr/bin/env node
/**
 * Sends a handful of AIGNE Hub ModelCalls and one project profile to the ingest API, the way AIGNE
 * Hub's hooks would: a call reported when it starts (processing) and again when it ends (success),
 * one failed call, one embedding.
 *
 *   npm run build
 *   USAGE_INGEST_TOKEN=$(../../deploy/token.sh did:abt:demo-reporter ingest) \
 *     node examples/report-demo.mjs [userDid] [appDid]
 *
 * USAGE_INGEST_URL defaults to http://127.0.0.1:8081 (the local stack's stats-aggregator). Then:
 *   curl -H "Authorization: Bearer $(../../deploy/token.sh <userDid>)" \
 *     "http://127.0.0.1:8082/api/usage/projects/<appDid>/calls?pageSize=5"
 */
import { randomUUID } from 'node:crypto';
import { createUsageReporter } from '../dist/src/index.js';

const baseUrl = process.env.USAGE_INGEST_URL ?? 'http://127.0.0.1:8081';
const token = process.env.USAGE_INGEST_TOKEN;
if (!token) {
  console.error('USAGE_INGEST_TOKEN is required: a token with role ingest (deploy/token.sh <userDid> ingest)');
  process.exit(2);
}
const userDid = process.argv[2] ?? 'did:abt:demo-reporter';
const appDid = process.argv[3] ?? 'did:app:demo-reporter';

const reporter = createUsageReporter({ baseUrl, token });
const now = Math.floor(Date.now() / 1000);
const row = (extra) => ({
  id: randomUUID(), providerId: 'openai', model: 'gpt-4o', credentialId: 'cred-demo', type: 'chatCompletion',
  totalUsage: 0, usageMetrics: null, credits: '0.00000000', status: 'processing', duration: null, errorReason: null,
  appDid, userDid, requestId: `req-${randomUUID()}`, traceId: null, metadata: null, callTime: now - 60,
  createdAt: new Date(), updatedAt: new Date(), ...extra,
});

reporter.reportProject({ appDid, appName: 'Reporter demo', appLogo: 'https://www.arcblock.io/favicon.ico', appUrl: 'https://example.com' });

// afterCreate: the call starts; afterUpdate: it finished (same id)
const chat = row({});
reporter.report(chat);
reporter.report({ ...chat, status: 'success', duration: '2.3', totalUsage: 1532, credits: '0.01532000',
  usageMetrics: { inputTokens: 1200, outputTokens: 332 }, updatedAt: new Date() });

// SQLite hands out numbers and JSON text: 4.35 s, 0.1 + 0.2 credits, metadata as a string
reporter.report(row({ status: 'success', model: 'claude-3-5-sonnet', providerId: 'anthropic', duration: 4.35,
  totalUsage: 800, credits: 0.1 + 0.2, metadata: '{"route":"/api/v2/chat"}', callTime: now - 3600 }));

reporter.report(row({ status: 'failed', duration: '0.4', errorReason: 'upstream answered 502', callTime: now - 1800 }));

reporter.report(row({ status: 'success', type: 'embedding', model: 'text-embedding-3-small', duration: 0.2,
  totalUsage: 64, credits: '0.00000640', callTime: now - 900 }));

await reporter.close(10_000);
const stats = reporter.stats();
console.log(JSON.stringify(stats, null, 2));
process.exit(stats.sent === 5 && stats.rejected === 0 && stats.projects.sent === 1 ? 0 : 1);
