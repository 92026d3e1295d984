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
  sendBatch(events: readonly UsageEvent[]): Promise<BatchResult>;
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

/** Streams the calls after the checkpoint's key; returns this run's rows per second. */
export async function importCalls(ctx: ImportContext): Promise<{ rowsPerSecond: number; seconds: number }> {
  const cp = ctx.checkpoint;
  const total = await ctx.source.countCalls(ctx.range);
  const progress = new Progress({ label: 'calls', total, startAt: cp.counters.read, write: ctx.progressWrite });
  const started = Date.now();
  const pages = ctx.source.calls(ctx.range, cp.last, ctx.batch)[Symbol.asyncIterator]();
  const prepare = (r: IteratorResult<HubRow[]>) => (r.done ? null : toBatch(r.value));
  let batch = prepare(await pages.next());
  while (batch) {
    const { rows, events, skipped } = batch;
    const sending = events.length > 0
      ? withRetries('POST model-calls', () => ctx.ingest.sendBatch(events), { log: ctx.log, ...ctx.retry })
      : Promise.resolve<BatchResult>({ accepted: 0, rejected: [] });
    // read and map the next page while this batch is on the wire; it is only sent after this one is acknowledged
    const following = pages.next().then(prepare);
    following.catch(() => undefined); // surfaces below, unless the send failed first
    const result = await sending;
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
    progress.update(cp.counters.read);
    batch = await following;
  }
  progress.finish();
  const seconds = (Date.now() - started) / 1000;
  return { rowsPerSecond: progress.rate(), seconds };
}

/** A page as events; rows the mapping cannot turn into one are counted (with reasons in the report's pass). */
function toBatch(rows: HubRow[]): { rows: HubRow[]; events: UsageEvent[]; skipped: number } {
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
