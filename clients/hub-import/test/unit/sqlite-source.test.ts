import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { generateCalls, generateProjects, type GeneratorOptions } from '../../src/generator/rows.js';
import { writeSqlite } from '../../src/generator/sqlite-writer.js';
import { openSqlite } from '../../src/source/sqlite.js';
import type { HubRow } from '../../src/source/types.js';
import { tempDir } from '../support/tmp.js';

const opts: GeneratorOptions = { seed: 'unit', calls: 700, users: 5, days: 10, endDay: Date.UTC(2025, 5, 1) / 1000 };
let file: string;

before(async () => {
  file = join(tempDir('hub-import-sqlite-'), 'hub.db');
  assert.equal(await writeSqlite(file, generateCalls(opts), generateProjects(opts)), 700);
});

async function readAll(pageSize: number, after: { callTime: number; id: string } | null = null, range = {}) {
  const source = await openSqlite(file);
  const pages: HubRow[][] = [];
  for await (const page of source.calls(range, after, pageSize)) pages.push(page);
  await source.close();
  return pages;
}

/** The expected order computed here, from the generator's rows: callTime, then id (ASCII ids: byte order). */
function expectedKeys(filter: (r: { callTime: number }) => boolean = () => true): string[] {
  return [...generateCalls(opts)]
    .filter(filter)
    .sort((a, b) => a.callTime - b.callTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((r) => `${r.callTime}/${r.id}`);
}

test('keyset pages cover every row once, in (callTime, id) order', async () => {
  const pages = await readAll(37);
  assert.equal(pages.length, Math.ceil(700 / 37));
  assert.ok(pages.slice(0, -1).every((p) => p.length === 37));
  const keys = pages.flat().map((r) => `${r.callTime}/${r.id}`);
  assert.deepEqual(keys, expectedKeys());
});

test('paging after a key returns exactly the rest', async () => {
  const all = (await readAll(1000)).flat();
  const k = all[250];
  const rest = (await readAll(64, { callTime: Number(k.callTime), id: String(k.id) })).flat();
  assert.deepEqual(rest.map((r) => r.id), all.slice(251).map((r) => r.id));
});

test('count and pages honour the callTime range', async () => {
  const since = opts.endDay - 5 * 86400;
  const until = opts.endDay - 2 * 86400 - 1;
  const source = await openSqlite(file);
  const inRange = (r: { callTime: number }) => r.callTime >= since && r.callTime <= until;
  assert.equal(await source.countCalls({ since, until }), expectedKeys(inRange).length);
  assert.equal(await source.countCalls({}), 700);
  await source.close();
  const keys = (await readAll(50, null, { since, until })).flat().map((r) => `${r.callTime}/${r.id}`);
  assert.deepEqual(keys, expectedKeys(inRange));
});

test('values come back as Sequelize left them in SQLite', async () => {
  const rows = (await readAll(1000)).flat();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const generated = [...generateCalls(opts)];
  // position 3: 0.1 + 0.2 stored as a REAL
  assert.equal(byId.get(generated[3].id)!.credits, 0.30000000000000004);
  // position 5: null appDid; position 7: empty-string appDid
  assert.equal(byId.get(generated[5].id)!.appDid, null);
  assert.equal(byId.get(generated[7].id)!.appDid, '');
  // JSON as text, dates as text
  const withMetrics = rows.find((r) => r.usageMetrics !== null)!;
  assert.equal(typeof withMetrics.usageMetrics, 'string');
  assert.ok(JSON.parse(String(withMetrics.usageMetrics)).inputTokens >= 0);
  assert.match(String(rows[0].createdAt), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \+00:00$/);
  // processing rows have no duration
  assert.ok(rows.filter((r) => r.status === 'processing').every((r) => r.duration === null));
});

test('Projects rows are read in appDid order', async () => {
  const source = await openSqlite(file);
  const projects = await source.projects();
  await source.close();
  assert.deepEqual(projects.map((p) => p.appDid), [...generateProjects(opts)].map((p) => p.appDid).sort());
  assert.equal(projects.find((p) => p.appDid === 'did:app:hub-unit-1')!.appName, '');
  assert.match(String(projects.find((p) => p.appDid === 'did:app:hub-unit-0')!.appLogo), /^http:/);
});
