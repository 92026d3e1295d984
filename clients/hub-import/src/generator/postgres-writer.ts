// Writes generated rows into PostgreSQL shaped like Sequelize's: quoted camelCase columns, ENUM types,
// DECIMAL(20,8)/DECIMAL(10,1) (exact numeric: a double's tail is rounded away), JSON, timestamptz.
import pg from 'pg';
import { ident } from '../source/postgres.js';
import { CALL_COLUMNS, PROJECT_COLUMNS, type CallRow, type ProjectRow } from './rows.js';

const ROWS_PER_INSERT = 500;

function ddl(schema: string): string {
  const s = ident(schema);
  return `
CREATE TYPE ${s}."enum_ModelCalls_type" AS ENUM ('chatCompletion', 'embedding', 'imageGeneration', 'audioGeneration', 'video', 'custom');
CREATE TYPE ${s}."enum_ModelCalls_status" AS ENUM ('processing', 'success', 'failed');
CREATE TABLE ${s}."ModelCalls" ("id" VARCHAR(255) NOT NULL, "providerId" VARCHAR(255) NOT NULL, "model" VARCHAR(255) NOT NULL,
  "credentialId" VARCHAR(255) NOT NULL, "type" ${s}."enum_ModelCalls_type" NOT NULL DEFAULT 'chatCompletion',
  "totalUsage" INTEGER NOT NULL DEFAULT 0, "usageMetrics" JSON, "credits" DECIMAL(20,8) NOT NULL DEFAULT 0,
  "status" ${s}."enum_ModelCalls_status" NOT NULL DEFAULT 'processing', "duration" DECIMAL(10,1), "errorReason" TEXT,
  "appDid" VARCHAR(255), "userDid" VARCHAR(255), "requestId" VARCHAR(255), "metadata" JSON, "callTime" INTEGER NOT NULL,
  "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL, "traceId" VARCHAR(255),
  PRIMARY KEY ("id"));
CREATE INDEX "model_calls_user_did_call_time" ON ${s}."ModelCalls" ("userDid", "callTime");
CREATE TABLE ${s}."Projects" ("appDid" VARCHAR(255) NOT NULL UNIQUE, "appName" VARCHAR(255) NOT NULL, "appLogo" VARCHAR(255),
  "appUrl" VARCHAR(255), "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY ("appDid"));
`;
}

export interface PostgresTarget {
  uri: string;
  schema: string;
  /** drop the schema's hub tables first; without it existing tables are an error (never overwrite a real hub) */
  replace: boolean;
}

export async function writePostgres(target: PostgresTarget, calls: Iterable<CallRow>, projects: Iterable<ProjectRow>): Promise<number> {
  await ensureDatabase(target.uri);
  const client = new pg.Client({ connectionString: target.uri, application_name: 'generate-hub-db' });
  await client.connect();
  try {
    const s = ident(target.schema);
    await client.query('BEGIN');
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    const existing = await client.query('SELECT to_regclass($1) AS t', [`${s}."ModelCalls"`]);
    if (existing.rows[0].t !== null) {
      if (!target.replace) throw new Error(`${target.schema}."ModelCalls" exists; pass --replace to overwrite it`);
      await client.query(`DROP TABLE IF EXISTS ${s}."ModelCalls", ${s}."Projects"`);
      await client.query(`DROP TYPE IF EXISTS ${s}."enum_ModelCalls_type", ${s}."enum_ModelCalls_status"`);
    }
    await client.query(ddl(target.schema));
    let n = 0;
    let chunk: CallRow[] = [];
    for (const row of calls) {
      chunk.push(row);
      if (chunk.length === ROWS_PER_INSERT) {
        n += await insert(client, `${s}."ModelCalls"`, CALL_COLUMNS, chunk.map(pgCallValues));
        chunk = [];
      }
    }
    if (chunk.length) n += await insert(client, `${s}."ModelCalls"`, CALL_COLUMNS, chunk.map(pgCallValues));
    const projectRows = [...projects].map((p) => PROJECT_COLUMNS.map((c) => p[c]));
    if (projectRows.length) await insert(client, `${s}."Projects"`, PROJECT_COLUMNS, projectRows);
    await client.query('COMMIT');
    return n;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await client.end();
  }
}

/** The values as the hub's pg driver would bind them: the credits double as text (numeric rounds it to 8 decimals). */
function pgCallValues(row: CallRow): unknown[] {
  return CALL_COLUMNS.map((c) => (c === 'credits' ? String(row.credits) : row[c]));
}

async function insert(client: pg.Client, table: string, columns: readonly string[], rows: unknown[][]): Promise<number> {
  const params: unknown[] = [];
  const tuples = rows.map((values) => `(${values.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`);
  await client.query(`INSERT INTO ${table} (${columns.map(ident).join(', ')}) VALUES ${tuples.join(', ')}`, params);
  return rows.length;
}

/** Creates the URI's database when it does not exist yet (connecting to the server's "postgres" database for that). */
async function ensureDatabase(uri: string): Promise<void> {
  const url = new URL(uri);
  const name = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString(), application_name: 'generate-hub-db' });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${ident(name)}`);
  } catch (e) {
    // another generator created it in the meantime
    if ((e as { code?: string }).code !== '42P04') throw e;
  } finally {
    await admin.end();
  }
}
