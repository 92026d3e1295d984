// An AIGNE Hub SQLite file read with sql.js (SQLite compiled to WebAssembly: no native build).
// sql.js has no file I/O: the whole file is loaded into memory, and the copy is only read —
// the one index added below lives in that copy and never reaches the file.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import initSqlJs, { type Database, type SqlValue } from 'sql.js';
import type { CallKey } from '../checkpoint.js';
import type { CallRange, HubRow, HubSource } from './types.js';

export async function openSqlite(file: string): Promise<SqliteSource> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(readFileSync(file));
  return new SqliteSource(db, resolve(file));
}

export class SqliteSource implements HubSource {
  readonly identity: string;

  constructor(private readonly db: Database, file: string) {
    this.identity = `sqlite:${file}`;
    // keyset pages without an index would sort the whole table for every page
    db.run('CREATE INDEX IF NOT EXISTS "hub_import_keyset" ON "ModelCalls" ("callTime", "id")');
  }

  async countCalls(range: CallRange, upTo: CallKey | null = null): Promise<number> {
    const { where, params } = rangeWhere(range, null, upTo);
    const rows = this.all(`SELECT COUNT(*) AS n FROM "ModelCalls" ${where}`, params);
    return Number(rows[0].n);
  }

  async maxKey(range: CallRange): Promise<CallKey | null> {
    const { where, params } = rangeWhere(range, null, null);
    const rows = this.all(`SELECT "callTime", "id" FROM "ModelCalls" ${where} ORDER BY "callTime" DESC, "id" DESC LIMIT 1`, params);
    return rows.length === 0 ? null : { callTime: Number(rows[0].callTime), id: String(rows[0].id) };
  }

  async callsByIds(ids: readonly string[]): Promise<HubRow[]> {
    const out: HubRow[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      out.push(...this.all(`SELECT * FROM "ModelCalls" WHERE "id" IN (${chunk.map(() => '?').join(', ')})`, [...chunk]));
    }
    return out;
  }

  async *calls(range: CallRange, after: CallKey | null, pageSize: number, upTo: CallKey | null = null): AsyncIterable<HubRow[]> {
    let key = after;
    for (;;) {
      const { where, params } = rangeWhere(range, key, upTo);
      const page = this.all(`SELECT * FROM "ModelCalls" ${where} ORDER BY "callTime", "id" LIMIT ?`, [...params, pageSize]);
      if (page.length === 0) return;
      yield page;
      if (page.length < pageSize) return;
      const last = page[page.length - 1];
      key = { callTime: Number(last.callTime), id: String(last.id) };
    }
  }

  async projects(): Promise<HubRow[]> {
    const exists = this.all(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'Projects'`, []);
    return exists.length === 0 ? [] : this.all('SELECT * FROM "Projects" ORDER BY "appDid"', []);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private all(sql: string, params: SqlValue[]): HubRow[] {
    const stmt = this.db.prepare(sql);
    try {
      stmt.bind(params);
      const rows: HubRow[] = [];
      while (stmt.step()) rows.push(stmt.getAsObject());
      return rows;
    } finally {
      stmt.free();
    }
  }
}

function rangeWhere(range: CallRange, after: CallKey | null, upTo: CallKey | null): { where: string; params: SqlValue[] } {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  if (range.since !== undefined) {
    clauses.push('"callTime" >= ?');
    params.push(range.since);
  }
  if (range.until !== undefined) {
    clauses.push('"callTime" <= ?');
    params.push(range.until);
  }
  if (after) {
    clauses.push('("callTime", "id") > (?, ?)');
    params.push(after.callTime, after.id);
  }
  if (upTo) {
    clauses.push('("callTime", "id") <= (?, ?)');
    params.push(upTo.callTime, upTo.id);
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}
