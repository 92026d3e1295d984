#!/usr/bin/env node
// hub-import: an AIGNE Hub database's call history → our ingest API, then the comparison report.
import { pathToFileURL } from 'node:url';
import { realpathSync } from 'node:fs';
import { IngestClient } from '@aigne-hub-usage/usage-reporter';
import {
  clearRefusals,
  emptyCheckpoint,
  loadCheckpoint,
  loadRefusals,
  processingPath,
  refusalsPath,
  saveCheckpoint,
  saveProcessing,
  type Checkpoint,
} from './checkpoint.js';
import { compareWithPolling, summarizeSource } from './compare.js';
import { importCalls, importProjects, recheckProcessing, type ImportContext } from './importer.js';
import { USAGE, UsageError, parseOptions, type Options } from './options.js';
import { QueryClient } from './query-client.js';
import { buildComparison, formatReport, summaryFromSource, writeReport, type Report } from './report.js';
import { openPostgres } from './source/postgres.js';
import { openSqlite } from './source/sqlite.js';
import type { CallRange, HubSource } from './source/types.js';

export interface Io {
  out: (text: string) => void; // the report
  err: (line: string) => void; // progress, retries, errors
}

const stdio: Io = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** Runs one import; resolves with the exit code (0 no differences, 2 differences, 1 error). */
export async function run(argv: string[], io: Io = stdio): Promise<number> {
  try {
    return await runChecked(argv, io);
  } catch (e) {
    io.err(`hub-import: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

async function runChecked(argv: string[], io: Io): Promise<number> {
  let opts: Options | 'help';
  try {
    opts = parseOptions(argv);
  } catch (e) {
    io.err(`hub-import: ${(e as Error).message}\n\n${USAGE}`);
    return 1;
  }
  if (opts === 'help') {
    io.out(USAGE);
    return 0;
  }
  const log = io.err;
  const source: HubSource = opts.sqlite ? await openSqlite(opts.sqlite) : await openPostgres(opts.postgres!, opts.schema);
  try {
    const range: CallRange = { since: opts.since, until: opts.until };
    const identity = `${source.identity} callTime ${range.since ?? '-'}..${range.until ?? '-'}`;
    const refused = refusalsPath(opts.checkpoint);
    const processing = processingPath(opts.checkpoint);
    const target = opts.ingestUrl.replace(/\/+$/, '');
    const checkpoint = startingCheckpoint(opts, identity, target, refused, processing);
    const resumedFrom = checkpoint.counters.read;
    if (resumedFrom > 0) log(`resuming after ${resumedFrom} rows (checkpoint ${opts.checkpoint})`);
    // this run's snapshot: it imports, and the comparison counts, the rows up to this key
    checkpoint.snapshot = await source.maxKey(range);
    saveCheckpoint(opts.checkpoint, checkpoint);

    const ctx: ImportContext = {
      source,
      ingest: new IngestClient({ baseUrl: opts.ingestUrl, token: opts.token }),
      checkpoint,
      checkpointPath: opts.checkpoint,
      refusalsPath: refused,
      processingPath: processing,
      range,
      batch: opts.batch,
      inFlight: opts.concurrency,
      log,
      progressWrite: log,
    };
    const projects = await importProjects(ctx);
    // calls an earlier run sent as processing, then this run's (some finish while it runs)
    const before = await recheckProcessing(ctx);
    const speed = await importCalls(ctx);
    const after = await recheckProcessing(ctx);
    const report: Report = {
      source: identity,
      range,
      import: {
        ...checkpoint.counters,
        projectsPut: checkpoint.projects.put,
        projectsNotPut: checkpoint.projects.refused,
        rowsPerSecond: Math.round(speed.rowsPerSecond),
        seconds: speed.seconds,
        resumedFrom,
        finishedResent: before.resent + after.resent,
        stillProcessing: after.stillProcessing,
      },
      snapshot: checkpoint.snapshot ?? null,
      projects,
    };
    let exit = 0;
    if (opts.compare) {
      log('comparing with the statistics…');
      // only the rows up to the import's snapshot: rows the hub wrote since are the next run's
      const summary = await summarizeSource(source, range, loadRefusals(refused), 5000, checkpoint.snapshot ?? null);
      report.summary = summaryFromSource(summary);
      const query = new QueryClient(opts.queryUrl, opts.token, { log });
      const { rows, waitedMs } = await compareWithPolling(summary, {
        fetch: (user, start, end) => query.dailyTrends(user, start, end),
        range,
        timeoutMs: opts.compareTimeoutMs,
        log,
      });
      report.comparison = buildComparison(rows, waitedMs);
      exit = report.comparison.differences.length === 0 ? 0 : 2;
    }
    const failedProjects = projects.filter((p) => p.outcome === 'failed').length;
    if (failedProjects > 0 && exit === 0) exit = 1; // incomplete: the next run puts them
    io.out(formatReport(report));
    if (opts.report) writeReport(opts.report, report);
    return exit;
  } finally {
    await source.close();
  }
}

/**
 * The checkpoint to continue from, or a fresh one (--restart, none yet). Another source's checkpoint,
 * or one written for another ingest target, is an error: resuming it would skip rows that target never got.
 */
function startingCheckpoint(opts: Options, identity: string, target: string, refused: string, processing: string): Checkpoint {
  const existing = opts.restart ? null : loadCheckpoint(opts.checkpoint);
  if (existing && existing.source !== identity) {
    throw new UsageError(
      `${opts.checkpoint} belongs to another import (${existing.source}); pass --restart or another --checkpoint`,
    );
  }
  if (existing && existing.target !== target) {
    throw new UsageError(
      `${opts.checkpoint} was written for the ingest at ${existing.target ?? '(not recorded)'}, not ${target}: ` +
        'pass another --checkpoint to import into this target (or --restart to start over)',
    );
  }
  if (existing) return existing;
  clearRefusals(refused);
  saveProcessing(processing, []);
  const fresh = emptyCheckpoint(identity, target);
  saveCheckpoint(opts.checkpoint, fresh);
  return fresh;
}

// run when executed (also through the npm bin symlink), not when imported by the tests
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  run(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
