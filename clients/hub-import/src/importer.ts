// The import itself: Projects rows through putProject, then ModelCalls in keyset order through
// sendBatch, the checkpoint saved after every acknowledged batch. Mapping is the reporter's.
import {
  IngestError,
  MappingError,
  mapModelCall,
  toProjectProfile,
  type BatchResult,
  type HubModelCall,
  type HubProject,
  type ProjectRecord,
  type UsageEvent,
} from '@aigne-hub-usage/usage-reporter';
import {
  appendProcessing,
  appendRefusals,
  loadProcessing,
  saveCheckpoint,
  saveProcessing,
  type Checkpoint,
  type PendingCall,
  type Refusal,
} from './checkpoint.js';
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
  /** calls sent as `processing`, re-read by id by recheckProcessing */
  processingPath: string;
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
  /** refused: the ingest's permanent answer; failed: a transient failure the retries did not outlast */
  outcome: 'put' | 'not sent' | 'refused' | 'failed';
  detail?: string;
}

/**
 * PUTs every Projects row until a run got through them all; a refused profile is reported, not fatal.
 * Only a permanent refusal (the ingest's 400/413) is final: when a profile failed transiently (network,
 * 5xx, 401/403, retries exhausted) the projects stay not done and the next run puts them all again.
 */
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
      // the calls do not depend on the profile: go on either way
      const permanent = e instanceof IngestError && !e.retryable;
      outcomes.push({ appDid: mapped.appDid, outcome: permanent ? 'refused' : 'failed', detail: (e as Error).message });
    }
  }
  const failed = outcomes.filter((o) => o.outcome === 'failed').length;
  if (failed > 0) ctx.log(`projects: ${failed} profile(s) failed transiently; they are put again by the next run`);
  ctx.checkpoint.projectsDone = failed === 0;
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
  if (cp.snapshot === null) return { rowsPerSecond: 0, seconds: 0 }; // no call in range when the run started
  const upTo = cp.snapshot ?? null;
  const total = await ctx.source.countCalls(ctx.range, upTo);
  const progress = new Progress({ label: 'calls', total, startAt: cp.counters.read, write: ctx.progressWrite });
  const started = Date.now();
  const abort = new AbortController(); // a failed batch stops the others
  const pages = ctx.source.calls(ctx.range, cp.last, ctx.batch, upTo)[Symbol.asyncIterator]();
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
    // stopped early: close the reader (PostgreSQL: its cursor and snapshot transaction)
    if (!exhausted) await pages.return?.(undefined).catch(() => undefined);
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
  // refusals and processing calls first: a crash before the checkpoint re-sends the batch and appends them again (deduplicated on read)
  appendRefusals(ctx.refusalsPath, refusals);
  const refusedAt = new Set(result.rejected.map((r) => r.index));
  appendProcessing(ctx.processingPath, events.flatMap((e, i) => (e.status === 'processing' && !refusedAt.has(i) ? [pending(e)] : [])));
  cp.counters.sent += events.length;
  cp.counters.accepted += result.accepted;
  cp.counters.rejected += result.rejected.length;
  cp.counters.skipped += skipped;
  cp.counters.read += rows.length;
  cp.last = keyOf(rows[rows.length - 1]);
  saveCheckpoint(ctx.checkpointPath, cp);
}

function pending(e: UsageEvent): PendingCall {
  return { id: e.id, userDid: e.userDid, callTime: e.callTime };
}

export interface Recheck {
  /** calls that finished in the hub since they were sent as processing: their terminal state was sent */
  resent: number;
  /** of those, refused by the ingest (listed with the refusals) */
  refused: number;
  stillProcessing: number;
  /** ids no longer in the hub, or rows the mapping cannot send any more */
  gone: number;
}

/**
 * Re-reads by id the calls an earlier batch sent as `processing` (the sidecar next to the checkpoint),
 * sends those that became terminal in the hub and forgets them; the others stay for the next run. A
 * resumed or repeated run starts after the checkpoint's key, so without this a call imported while it
 * ran would never get its terminal state.
 */
export async function recheckProcessing(ctx: ImportContext): Promise<Recheck> {
  const result: Recheck = { resent: 0, refused: 0, stillProcessing: 0, gone: 0 };
  const waiting = loadProcessing(ctx.processingPath);
  if (waiting.size === 0) return result;
  const rows = new Map((await ctx.source.callsByIds([...waiting.keys()])).map((r) => [String(r.id), r]));
  const terminal: UsageEvent[] = [];
  for (const [id, call] of waiting) {
    const row = rows.get(id);
    let event: UsageEvent | null = null;
    try {
      event = row ? mapModelCall(row as unknown as HubModelCall).event : null;
    } catch (e) {
      if (!(e instanceof MappingError)) throw e;
    }
    if (event === null || event.userDid !== call.userDid) {
      result.gone++;
      waiting.delete(id);
    } else if (event.status === 'processing') {
      result.stillProcessing++;
    } else {
      terminal.push(event);
    }
  }
  saveProcessing(ctx.processingPath, waiting.values()); // the gone ones
  for (let i = 0; i < terminal.length; i += ctx.batch) {
    const events = terminal.slice(i, i + ctx.batch);
    const answer = await withRetries('POST model-calls (finished calls)', () => ctx.ingest.sendBatch(events), { log: ctx.log, ...ctx.retry });
    appendRefusals(ctx.refusalsPath, answer.rejected.map((r) => {
      const e = events[r.index];
      return { userDid: e.userDid, id: e.id, callTime: e.callTime, reason: r.reason };
    }));
    for (const e of events) waiting.delete(e.id);
    saveProcessing(ctx.processingPath, waiting.values());
    result.resent += events.length;
    result.refused += answer.rejected.length;
  }
  if (result.resent > 0) ctx.log(`processing calls finished in the hub since: ${result.resent} sent again with their terminal state`);
  return result;
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
