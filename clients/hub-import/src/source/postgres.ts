// An AIGNE Hub PostgreSQL database read with pg. Calls stream through a server-side cursor in one
// read-only snapshot (one scan, FETCH a page at a time: never the whole table in memory); the
// cursor starts after the checkpoint's key, so a resumed import reads only what is left.
import pg from 'pg';
import type { CallKey } from '../checkpoint.js';
import type { CallRange, HubRow, HubSource } from './types.js';

export async function openPostgres(uri: string, schema = 'public'): Promise<PostgresSource> {
  const client = new pg.Client({ connectionString: uri, application_name: 'hub-import' });
  await client.connect();
  return new PostgresSource(client, uri, schema);
}

export class PostgresSource implements HubSource {
  readonly identity: string;
  private readonly calls_: string;
  private readonly projects_: string;

  constructor(private readonly client: pg.Client, uri: string, private readonly schema: string) {
    this.identity = `postgres:${withoutPassword(uri)}#${schema}`;
    this.calls_ = `${ident(schema)}."ModelCalls"`;
    this.projects_ = `${ident(schema)}."Projects"`;
  }

  async countCalls(range: CallRange, upTo: CallKey | null = null): Promise<number> {
    const { where, params } = rangeWhere(range, null, upTo);
    const r = await this.client.query(`SELECT count(*) AS n FROM ${this.calls_} ${where}`, params);
    return Number(r.rows[0].n);
  }

  async maxKey(range: CallRange): Promise<CallKey | null> {
    const { where, params } = rangeWhere(range, null, null);
    const r = await this.client.query(
      `SELECT "callTime", "id" FROM ${this.calls_} ${where} ORDER BY "callTime" DESC, "id" COLLATE "C" DESC LIMIT 1`,
      params,
    );
    return r.rows.length === 0 ? null : { callTime: Number(r.rows[0].callTime), id: String(r.rows[0].id) };
  }

  async callsByIds(ids: readonly string[]): Promise<HubRow[]> {
    const out: HubRow[] = [];
    for (let i = 0; i < ids.length; i += 1000) {
      const r = await this.client.query(`SELECT * FROM ${this.calls_} WHERE "id" = ANY($1::text[])`, [ids.slice(i, i + 1000)]);
      out.push(...(r.rows as HubRow[]));
    }
    return out;
  }

  async *calls(range: CallRange, after: CallKey | null, pageSize: number, upTo: CallKey | null = null): AsyncIterable<HubRow[]> {
    const { where, params } = rangeWhere(range, after, upTo);
    // COLLATE "C": byte order, the same in the ORDER BY and the resume condition whatever the database's collation
    await this.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    let open = true;
    try {
      await this.client.query(
        `DECLARE hub_import_calls NO SCROLL CURSOR FOR SELECT * FROM ${this.calls_} ${where} ORDER BY "callTime", "id" COLLATE "C"`,
        params,
      );
      for (;;) {
        const r = await this.client.query(`FETCH FORWARD ${Math.floor(pageSize)} FROM hub_import_calls`);
        if (r.rows.length === 0) break;
        yield r.rows as HubRow[];
        if (r.rows.length < pageSize) break;
      }
      await this.client.query('COMMIT');
      open = false;
    } finally {
      // also when the consumer stopped early (break/throw in a for await)
      if (open) await this.client.query('ROLLBACK').catch(() => undefined);
    }
  }

  async projects(): Promise<HubRow[]> {
    const exists = await this.client.query('SELECT to_regclass($1) AS t', [`${ident(this.schema)}."Projects"`]);
    if (exists.rows[0].t === null) return [];
    const r = await this.client.query(`SELECT * FROM ${this.projects_} ORDER BY "appDid" COLLATE "C"`);
    return r.rows as HubRow[];
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

function rangeWhere(range: CallRange, after: CallKey | null, upTo: CallKey | null): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (range.since !== undefined) {
    params.push(range.since);
    clauses.push(`"callTime" >= $${params.length}`);
  }
  if (range.until !== undefined) {
    params.push(range.until);
    clauses.push(`"callTime" <= $${params.length}`);
  }
  if (after) {
    params.push(after.callTime, after.id);
    const t = `$${params.length - 1}`;
    const id = `$${params.length}`;
    clauses.push(`("callTime" > ${t} OR ("callTime" = ${t} AND "id" COLLATE "C" > ${id}))`);
  }
  if (upTo) {
    params.push(upTo.callTime, upTo.id);
    const t = `$${params.length - 1}`;
    const id = `$${params.length}`;
    clauses.push(`("callTime" < ${t} OR ("callTime" = ${t} AND "id" COLLATE "C" <= ${id}))`);
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function withoutPassword(uri: string): string {
  try {
    const u = new URL(uri);
    u.password = '';
    return u.toString();
  } catch {
    return uri.replace(/:[^:@/]*@/, '@');
  }
}
