// Command-line options of hub-import, checked and given their defaults.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MAX_BATCH } from '@aigne-hub-usage/usage-reporter';
import { withoutPassword } from './source/postgres.js';

export const USAGE = `hub-import (--sqlite <file> | --postgres <uri> [--schema <name>]) [options]

  --sqlite <file>          an AIGNE Hub SQLite database (read into memory, never written)
  --postgres <uri>         an AIGNE Hub PostgreSQL database, e.g. postgres://user:pw@host:5432/aikit
  --schema <name>          PostgreSQL schema holding "ModelCalls"/"Projects" (default public)
  --ingest-url <url>       stats-aggregator (default http://127.0.0.1:8081)
  --query-url <url>        usage-query-service (default http://127.0.0.1:8082)
  --token <jwt>            a token with roles admin,ingest (default: env USAGE_IMPORT_TOKEN)
  --checkpoint <file>      progress file (default <sqlite file>.hub-import.checkpoint.json,
                           or ./hub-import-<source hash>.checkpoint.json for PostgreSQL)
  --restart                ignore an existing checkpoint and import from the start
  --batch <n>              events per ingest request, 1-${MAX_BATCH} (default ${MAX_BATCH})
  --concurrency <n>        batches on the wire at once, 1-16 (default 4; the checkpoint still moves in order)
  --since <time>           only calls with callTime >= this (Unix seconds or an ISO date/time, UTC)
  --until <time>           only calls with callTime <= this (a date alone means the end of that day)
  --report <file>          write the report as JSON (.json) or one CSV line per user and day (.csv)
  --no-compare             import only, no comparison with the statistics
  --compare-timeout <s>    stop waiting for the aggregator after this many seconds without progress (default 120)

Exit codes: 0 imported and 0 differences, 2 differences found, 1 error.`;

export interface Options {
  sqlite?: string;
  postgres?: string;
  schema: string;
  ingestUrl: string;
  queryUrl: string;
  token: string;
  checkpoint: string;
  restart: boolean;
  batch: number;
  concurrency: number;
  since?: number;
  until?: number;
  report?: string;
  compare: boolean;
  compareTimeoutMs: number;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    allowNegative: false,
    options: {
      sqlite: { type: 'string' },
      postgres: { type: 'string' },
      schema: { type: 'string', default: 'public' },
      'ingest-url': { type: 'string', default: 'http://127.0.0.1:8081' },
      'query-url': { type: 'string', default: 'http://127.0.0.1:8082' },
      token: { type: 'string' },
      checkpoint: { type: 'string' },
      restart: { type: 'boolean', default: false },
      batch: { type: 'string', default: String(MAX_BATCH) },
      concurrency: { type: 'string', default: '4' },
      since: { type: 'string' },
      until: { type: 'string' },
      report: { type: 'string' },
      'no-compare': { type: 'boolean', default: false },
      'compare-timeout': { type: 'string', default: '120' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (Boolean(values.sqlite) === Boolean(values.postgres)) throw new UsageError('give exactly one of --sqlite <file> and --postgres <uri>');
  const token = values.token ?? env.USAGE_IMPORT_TOKEN;
  if (!token) throw new UsageError('no token: pass --token or set USAGE_IMPORT_TOKEN (roles admin,ingest)');
  const batch = Number(values.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > MAX_BATCH) throw new UsageError(`--batch must be 1-${MAX_BATCH}`);
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) throw new UsageError('--concurrency must be 1-16');
  const timeout = Number(values['compare-timeout']);
  if (!Number.isFinite(timeout) || timeout < 0) throw new UsageError('--compare-timeout must be seconds ≥ 0');
  const since = values.since === undefined ? undefined : parseTime(values.since, 'start');
  const until = values.until === undefined ? undefined : parseTime(values.until, 'end');
  if (since !== undefined && until !== undefined && since > until) throw new UsageError('--since is after --until');
  return {
    sqlite: values.sqlite,
    postgres: values.postgres,
    schema: values.schema!,
    ingestUrl: values['ingest-url']!,
    queryUrl: values['query-url']!,
    token,
    checkpoint: values.checkpoint ?? defaultCheckpoint(values.sqlite, values.postgres, values.schema!, cwd),
    restart: values.restart!,
    batch,
    concurrency,
    since,
    until,
    report: values.report,
    compare: !values['no-compare'],
    compareTimeoutMs: timeout * 1000,
  };
}

/** Unix seconds, or an ISO date (a whole UTC day: its start for --since, its last second for --until) or date-time. */
export function parseTime(text: string, edge: 'start' | 'end'): number {
  if (/^\d+$/.test(text)) return Number(text);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const day = Date.parse(`${text}T00:00:00Z`) / 1000;
    if (Number.isNaN(day)) throw new UsageError(`not a date: ${text}`);
    return edge === 'start' ? day : day + 86399;
  }
  const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text}Z`);
  if (Number.isNaN(ms)) throw new UsageError(`not a time: ${text} (Unix seconds or ISO 8601)`);
  return Math.floor(ms / 1000);
}

function defaultCheckpoint(sqlite: string | undefined, postgres: string | undefined, schema: string, cwd: string): string {
  if (sqlite) return resolve(cwd, `${sqlite}.hub-import.checkpoint.json`);
  const hash = createHash('sha256').update(`${withoutPassword(postgres!)}#${schema}`).digest('hex').slice(0, 12);
  return resolve(cwd, `hub-import-${hash}.checkpoint.json`);
}
