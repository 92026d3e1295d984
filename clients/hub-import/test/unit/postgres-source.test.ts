// Runs only with HUB_IMPORT_TEST_PG_URI (a PostgreSQL the test may create schemas in), e.g.
// postgres://postgres@127.0.0.1:5432/hub_test: npm test needs no database.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { generateCalls, generateProjects, type GeneratorOptions } from '../../src/generator/rows.js';
import { writePostgres } from '../../src/generator/postgres-writer.js';
import { openPostgres } from '../../src/source/postgres.js';
import type { HubRow } from '../../src/source/types.js';
import { run } from '../../src/cli.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../src/report.js';
import { startFakeStack } from '../support/fake-stack.js';
import { tempDir } from '../support/tmp.js';

const URI = process.env.HUB_IMPORT_TEST_PG_URI;
const opts: GeneratorOptions = { seed: 'pgunit', calls: 900, users: 4, days: 5, endDay: Date.UTC(2025, 5, 1) / 1000 };

test('PostgreSQL: cursor pages in (callTime, id) order, resume after a key, values as pg returns them', { skip: !URI && 'HUB_IMPORT_TEST_PG_URI not set' }, async () => {
  const schema = `hub_unit_${process.pid}`;
  await writePostgres({ uri: URI!, schema, replace: true }, generateCalls(opts), generateProjects(opts));
  try {
    await assert.rejects(writePostgres({ uri: URI!, schema, replace: false }, [], []), /exists; pass --replace/);
    const source = await openPostgres(URI!, schema);
    try {
      assert.equal(await source.countCalls({}), 900);
      const pages: HubRow[][] = [];
      for await (const page of source.calls({}, null, 100)) pages.push(page);
      assert.equal(pages.length, 9);
      const expected = [...generateCalls(opts)]
        .sort((a, b) => a.callTime - b.callTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((r) => r.id);
      assert.deepEqual(pages.flat().map((r) => r.id), expected);

      const k = pages.flat()[433];
      const rest: HubRow[] = [];
      for await (const page of source.calls({}, { callTime: Number(k.callTime), id: String(k.id) }, 64)) rest.push(...page);
      assert.deepEqual(rest.map((r) => r.id), expected.slice(434));

      // an early stop leaves no transaction open: the next read works
      for await (const page of source.calls({}, null, 10)) if (page.length) break;
      assert.equal(await source.countCalls({ since: opts.endDay - 86400 }), [...generateCalls(opts)].filter((r) => r.callTime >= opts.endDay - 86400).length);

      const generated = [...generateCalls(opts)];
      const byId = new Map(pages.flat().map((r) => [r.id, r]));
      assert.equal(byId.get(generated[3].id)!.credits, '0.30000000'); // numeric(20,8) rounded the double
      assert.equal(byId.get(generated[11].id)!.credits, '-0.50000000');
      assert.equal(typeof byId.get(generated[0].id)!.callTime, 'number');
      const withMetrics = generated.findIndex((r) => r.usageMetrics !== null);
      assert.equal(typeof byId.get(generated[withMetrics].id)!.usageMetrics, 'object'); // json parsed by pg
      assert.deepEqual((await source.projects()).map((p) => p.appDid), [...generateProjects(opts)].map((p) => p.appDid).sort());
    } finally {
      await source.close();
    }
  } finally {
    const client = new pg.Client({ connectionString: URI });
    await client.connect();
    await client.query(`DROP SCHEMA "${schema}" CASCADE`);
    await client.end();
  }
});

test('PostgreSQL: the CLI imports a generated hub with 0 differences', { skip: !URI && 'HUB_IMPORT_TEST_PG_URI not set' }, async () => {
  const schema = `hub_cli_${process.pid}`;
  await writePostgres({ uri: URI!, schema, replace: true }, generateCalls(opts), generateProjects(opts));
  const stack = await startFakeStack();
  try {
    const dir = tempDir('hub-import-pg-');
    const report = join(dir, 'r.json');
    const quiet = { out: () => {}, err: () => {} };
    const argv = ['--postgres', URI!, '--schema', schema, '--ingest-url', stack.url, '--query-url', stack.url, '--token', 't',
      '--checkpoint', join(dir, 'cp.json'), '--report', report, '--batch', '200'];
    assert.equal(await run(argv, quiet), 0);
    const r = JSON.parse(readFileSync(report, 'utf8')) as Report;
    assert.equal(r.import.read, 900);
    assert.equal(r.import.rejected, 4);
    assert.equal(r.comparison!.differences.length, 0);
    assert.ok(!r.source.includes('secret'));
  } finally {
    await stack.close();
    const client = new pg.Client({ connectionString: URI });
    await client.connect();
    await client.query(`DROP SCHEMA "${schema}" CASCADE`);
    await client.end();
  }
});
