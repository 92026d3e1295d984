// The import itself: Projects rows through putProject, then ModelCalls in keyset order through
// sendBatch, the checkpoint saved after every acknowledged batch. Mapping is the reporter's.
import {
  MappingError,
  mapModelCall,
  toProjectProfile,
  type BatchResult,
  type HubModelCall,
  type HubProject,
  type ProjectRecord,
  type UsageEvent,
} from '@aigne-hub-usage/usage-reporter';
import { appendRefusals, saveCheckpoint, type Checkpoint, type Refusal } from './checkpoint.js';
import { Progress } from './progress.js';
import { withRetries, type RetryOptions } from './retry.js';
import { keyOf, type CallRange, type HubRow, type HubSource } from './source/types.js';

/** The part of the reporter's IngestClient the import uses (a stand-in in the tests). */
export interface Ingest {
  sendBatch(events: readonly UsageEvent[], signal?: AbortSignal): Promise<BatchResult>;
  putProject(project: ProjectRecord): Promise<unknown>;
}

export interface ImportContext {
  source: HubSource;
  ingest: Ingest;
  checkpoint: Checkpoint;
  checkpointPath: string;
  refusalsPath: string;
  range: CallRange;
  batch: number;
  /** batches sent before the oldest is acknowledged (default 1) */
  inFlight?: number;
  retry?: RetryOptions;
  log: (line: string) => void;
  /** progress lines; stderr by default */
  progressWrite?: (line: string) => void;
}

export interface ProjectOutcome {
  appDid: string;
  outcome: 'put' | 'not sent' | 'refused';
  detail?: string;
}

/** PUTs every Projects row once per checkpoint; a refused profile is reported, not fatal. */
export async function importProjects(ctx: ImportContext): Promise<ProjectOutcome[]> {
  const outcomes: ProjectOutcome[] = [];
  if (ctx.checkpoint.projectsDone) return outcomes;
  for (const row of await ctx.source.projects()) {
    let mapped: ReturnType<typeof toProjectProfile>;
    try {
      mapped = toProjectProfile(row as unknown as HubProject);
    } catch (e) {
      if (!(e instanceof MappingError)) throw e;
      outcomes.push({ appDid: String(row.appDid ?? ''), outcome: 'not sent', detail: e.message });
      continue;
    }
    const notes = mapped.notes.map((n) => `${n.field}: ${n.reason}`).join('; ');
    if (mapped.profile === null) {
      outcomes.push({ appDid: mapped.appDid, outcome: 'not sent', detail: notes });
      continue;
    }
    const record = { appDid: mapped.appDid, ...mapped.profile };
    try {
      await withRetries(`PUT project ${mapped.appDid}`, () => ctx.ingest.putProject(record), { log: ctx.log, ...ctx.retry });
      outcomes.push({ appDid: mapped.appDid, outcome: 'put', detail: notes || undefined });
    } catch (e) {
      // permanent (a 4xx) or retries exhausted: the calls do not depend on the profile
      outcomes.push({ appDid: mapped.appDid, outcome: 'refused', detail: (e as Error).message });
    }
  }
  ctx.checkpoint.projectsDone = true;
  ctx.checkpoint.projects = {
    put: outcomes.filter((o) => o.outcome === 'put').length,
    refused: outcomes.filter((o) => o.outcome !== 'put').length,
  };
  saveCheckpoint(ctx.checkpointPath, ctx.checkpoint);
  return outcomes;
}

/**
 * Streams the calls after the checkpoint's key, up to `inFlight` batches on the wire at once. A
 * batch is acknowledged in order: the checkpoint only ever covers a gap-free prefix, so after a
 * crash the batches beyond it are sent again (harmless: the ingest is idempotent).
 */
export async function importCalls(ctx: ImportContext): Promise<{ rowsPerSecond: number; seconds: number }> {
  const cp = ctx.checkpoint;
  const total = await ctx.source.countCalls(ctx.range);
  const progress = new Progress({ label: 'calls', total, startAt: cp.counters.read, write: ctx.progressWrite });
  const started = Date.now();
  const abort = new AbortController(); // a failed batch stops the others
  const pages = ctx.source.calls(ctx.range, cp.last, ctx.batch)[Symbol.asyncIterator]();
  const window: Array<{ batch: Batch; answer: Promise<BatchResult> }> = [];
  let exhausted = false;
  try {
    for (;;) {
      while (!exhausted && window.length < (ctx.inFlight ?? 1)) {
        const next = await pages.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        const batch = toBatch(next.value);
        const answer = batch.events.length === 0
          ? Promise.resolve<BatchResult>({ accepted: 0, rejected: [] })
          : withRetries('POST model-calls', () => ctx.ingest.sendBatch(batch.events, abort.signal), { log: ctx.log, ...ctx.retry, signal: abort.signal });
        answer.catch(() => undefined); // it surfaces when its turn comes
        window.push({ batch, answer });
      }
      const head = window.shift();
      if (!head) break;
      acknowledge(ctx, head.batch, await head.answer);
      progress.update(cp.counters.read);
    }
  } finally {
    abort.abort();
  }
  progress.finish();
  const seconds = (Date.now() - started) / 1000;
  return { rowsPerSecond: progress.rate(), seconds };
}

interface Batch {
  rows: HubRow[];
  events: UsageEvent[];
  skipped: number;
}

/** Books an acknowledged batch: refusals to the sidecar, then counters and key to the checkpoint. */
function acknowledge(ctx: ImportContext, { rows, events, skipped }: Batch, result: BatchResult): void {
  const cp = ctx.checkpoint;
  const refusals: Refusal[] = result.rejected.map((r) => {
    const e = events[r.index];
    return { userDid: e?.userDid ?? null, id: e?.id ?? `#${r.index}`, callTime: e?.callTime ?? 0, reason: r.reason };
  });
  // refusals first: a crash before the checkpoint re-sends the batch and appends them again (deduplicated on read)
  appendRefusals(ctx.refusalsPath, refusals);
  cp.counters.sent += events.length;
  cp.counters.accepted += result.accepted;
  cp.counters.rejected += result.rejected.length;
  cp.counters.skipped += skipped;
  cp.counters.read += rows.length;
  cp.last = keyOf(rows[rows.length - 1]);
  saveCheckpoint(ctx.checkpointPath, cp);
}

/** A page as events; rows the mapping cannot turn into one are counted (with reasons in the report's pass). */
function toBatch(rows: HubRow[]): Batch {
  const events: UsageEvent[] = [];
  let skipped = 0;
  for (const row of rows) {
    try {
      events.push(mapModelCall(row as unknown as HubModelCall).event);
    } catch (e) {
      if (!(e instanceof MappingError)) throw e;
      skipped++;
    }
  }
  return { rows, events, skipped };
}
