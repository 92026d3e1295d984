import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Spool } from '../src/spool.js';

const spoolFiles = async (dir: string) => (await readdir(dir)).filter((n) => n.endsWith('.ndjson')).sort();
const line = (i: number) => JSON.stringify({ id: `e${i}` });
const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => line(from + k));

/** Reads the whole spool the way the reporter does: peek, ack, repeat. */
async function drain(spool: Spool, max = 7): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const batch = await spool.peek(max, 1 << 20);
    if (!batch) return out;
    out.push(...batch.lines);
    await spool.ack(batch.lines.length);
  }
}

describe('Spool', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spool-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('gives lines back in order across rotated files and deletes files once read', async () => {
    const spool = await Spool.open(dir, { maxBytes: 1 << 20, fileBytes: 100 }); // ~7 lines per file
    assert.equal(await spool.append(lines(0, 20)), 20);
    assert.equal(await spool.append(lines(20, 30)), 10);
    assert.ok((await spoolFiles(dir)).length >= 4, 'rotated by size');
    assert.deepEqual(await drain(spool), lines(0, 30));
    assert.equal(spool.isEmpty, true);
    assert.equal(spool.bytes, 0);
    await spool.close();
    assert.deepEqual(await readdir(dir), []);
  });

  it('puts a prepended batch before everything else', async () => {
    const spool = await Spool.open(dir, { maxBytes: 1 << 20, fileBytes: 1 << 20 });
    await spool.append(lines(5, 10));
    assert.equal(await spool.prepend(lines(0, 5)), true);
    await spool.append(lines(10, 12));
    assert.deepEqual(await drain(spool, 3), lines(0, 12));
  });

  it('refuses appends beyond maxBytes and counts what it took', async () => {
    const spool = await Spool.open(dir, { maxBytes: 50, fileBytes: 20 }); // each line is 12 bytes with its newline
    assert.equal(await spool.append(lines(0, 10)), 4);
    assert.equal(spool.bytes, 48);
    assert.equal(await spool.prepend(lines(4, 5)), false);
    assert.deepEqual(await drain(spool), lines(0, 4));
    assert.equal(await spool.append(lines(4, 6)), 2);
  });

  it('survives a restart: a new Spool on the directory reads what is left, a half-read file again from its start', async () => {
    const first = await Spool.open(dir, { maxBytes: 1 << 20, fileBytes: 60 });
    await first.append(lines(0, 12));
    const batch = await first.peek(3, 1 << 20);
    await first.ack(batch!.lines.length); // e0..e2 delivered, their file not yet complete
    // no close(): the process dies here
    await appendFile(join(dir, (await spoolFiles(dir)).at(-1)!), '{"id":"cut sh'); // a write cut short
    const second = await Spool.open(dir, { maxBytes: 1 << 20, fileBytes: 60 });
    assert.equal(second.hasLeftover, true);
    const again = await drain(second);
    assert.deepEqual(again, [...lines(0, 12)], 'the first file is read whole again (idempotent ingest makes that safe)');
    assert.equal(second.restoredLines, 12);
    assert.equal(second.corruptLines, 1);
    assert.equal(second.hasLeftover, false);
  });

  it('belongs to one process at a time: a live owner keeps it, a dead one (kill -9) leaves it', async () => {
    await writeFile(join(dir, 'lock'), String(process.ppid));
    await assert.rejects(Spool.open(dir, { maxBytes: 1 << 20, fileBytes: 1 << 20 }), /in use by process/);
    await writeFile(join(dir, 'lock'), '2147483646'); // no such process
    const spool = await Spool.open(dir, { maxBytes: 1 << 20, fileBytes: 1 << 20 });
    await spool.close();
    assert.deepEqual(await readdir(dir), []);
  });
});
