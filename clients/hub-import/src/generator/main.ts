// generate-hub-db: writes an AIGNE Hub-shaped database (SQLite file and/or PostgreSQL) from a seed.
import { parseArgs } from 'node:util';
import { generateCalls, generateProjects, type GeneratorOptions } from './rows.js';
import { writeSqlite } from './sqlite-writer.js';
import { writePostgres } from './postgres-writer.js';

const USAGE = `generate-hub-db [--sqlite <file>] [--postgres <uri> [--schema <name>] [--replace]]
  --seed <text>       seed: users are did:abt:hub-<seed>-<n> (default "1")
  --calls <n>         ModelCalls rows (default 300000)
  --users <n>         users (default 20)
  --days <n>          UTC days of history (default 60)
  --end-day <date>    the UTC day the history ends before (YYYY-MM-DD, default today)`;

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      sqlite: { type: 'string' },
      postgres: { type: 'string' },
      schema: { type: 'string', default: 'public' },
      replace: { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      calls: { type: 'string', default: '300000' },
      users: { type: 'string', default: '20' },
      days: { type: 'string', default: '60' },
      'end-day': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || (!values.sqlite && !values.postgres)) {
    console.error(USAGE);
    process.exitCode = values.help ? 0 : 1;
    return;
  }
  const opts: GeneratorOptions = {
    seed: values.seed!,
    calls: positive(values.calls!, '--calls'),
    users: positive(values.users!, '--users'),
    days: positive(values.days!, '--days'),
    endDay: endDay(values['end-day']),
  };
  const started = Date.now();
  if (values.sqlite) {
    const n = await writeSqlite(values.sqlite, generateCalls(opts), generateProjects(opts));
    console.error(`wrote ${n} calls to ${values.sqlite} in ${Date.now() - started} ms`);
  }
  if (values.postgres) {
    const t = Date.now();
    const target = { uri: values.postgres, schema: values.schema!, replace: values.replace! };
    const n = await writePostgres(target, generateCalls(opts), generateProjects(opts));
    console.error(`wrote ${n} calls to PostgreSQL schema ${values.schema} in ${Date.now() - t} ms`);
  }
}

function positive(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
}

function endDay(text: string | undefined): number {
  if (text === undefined) return Math.floor(Date.now() / 86_400_000) * 86400;
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error('--end-day must be YYYY-MM-DD');
  return ms / 1000;
}
