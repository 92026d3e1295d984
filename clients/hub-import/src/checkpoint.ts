// The import's progress on disk: the last acknowledged keyset key and the counters, written after
// every acknowledged batch. Rows the ingest refused go to a sidecar file (append-only), because
// only the ingest knows them and the report needs them after a resumed run. Calls sent as
// `processing` go to another sidecar, so that a later run re-reads them and sends their terminal state.
import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';

export interface CallKey {
  callTime: number;
  id: string;
}

export interface Counters {
  read: number; // source rows read (in range)
  sent: number; // events sent to the ingest
  accepted: number;
  rejected: number; // refused by the ingest's validation
  skipped: number; // rows the mapping could not turn into an event
}

export interface Checkpoint {
  version: 1;
  /** identity of the source and range; a checkpoint of another source is never resumed */
  source: string;
  /** the ingest the calls went to (--ingest-url); a checkpoint of another target is never resumed */
  target?: string;
  /**
   * The largest ("callTime","id") key of the source when this run started: the import reads and the
   * comparison counts only rows up to it (null: the source had no call in range; absent: unbounded).
   */
  snapshot?: CallKey | null;
  projectsDone: boolean;
  projects: { put: number; refused: number };
  last: CallKey | null;
  counters: Counters;
  updatedAt: string;
}

export interface Refusal {
  userDid: string | null;
  id: string;
  callTime: number;
  reason: string;
}

export function emptyCheckpoint(source: string, target?: string): Checkpoint {
  return {
    version: 1,
    source,
    target,
    projectsDone: false,
    projects: { put: 0, refused: 0 },
    last: null,
    counters: { read: 0, sent: 0, accepted: 0, rejected: 0, skipped: 0 },
    updatedAt: new Date().toISOString(),
  };
}

export function loadCheckpoint(path: string): Checkpoint | null {
  if (!existsSync(path)) return null;
  const cp = JSON.parse(readFileSync(path, 'utf8')) as Checkpoint;
  if (cp.version !== 1) throw new Error(`${path}: unknown checkpoint version ${String(cp.version)}`);
  return cp;
}

/** Writes a temp file next to the target, flushes it and renames it over the target (atomic on POSIX). */
export function saveCheckpoint(path: string, cp: Checkpoint): void {
  cp.updatedAt = new Date().toISOString();
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(cp, null, 2) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function refusalsPath(checkpointPath: string): string {
  return checkpointPath.replace(/\.json$/, '') + '.refused.ndjson';
}

/** Appended before the checkpoint that covers them is saved; a batch re-sent after a crash appends them again. */
export function appendRefusals(path: string, refusals: Refusal[]): void {
  if (refusals.length === 0) return;
  appendFileSync(path, refusals.map((r) => JSON.stringify(r) + '\n').join(''));
}

/** The refusals by "userDid\0id", duplicates from re-sent batches collapsed. */
export function loadRefusals(path: string): Map<string, Refusal> {
  const out = new Map<string, Refusal>();
  if (!existsSync(path)) return out;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const r = JSON.parse(line) as Refusal;
    out.set(callIdentity(r.userDid, r.id), r);
  }
  return out;
}

export function callIdentity(userDid: string | null | undefined, id: string): string {
  return `${userDid ?? ''}\u0000${id}`;
}

/** A call sent as `processing`, to be re-read by id until it is terminal. */
export interface PendingCall {
  id: string;
  userDid: string;
  callTime: number;
}

export function processingPath(checkpointPath: string): string {
  return checkpointPath.replace(/\.json$/, '') + '.processing.ndjson';
}

/** Appended before the checkpoint that covers them is saved (a re-sent batch appends them again). */
export function appendProcessing(path: string, calls: PendingCall[]): void {
  if (calls.length === 0) return;
  appendFileSync(path, calls.map((c) => JSON.stringify(c) + '\n').join(''));
}

/** The calls still `processing` on our side, by id (duplicates collapsed). */
export function loadProcessing(path: string): Map<string, PendingCall> {
  const out = new Map<string, PendingCall>();
  if (!existsSync(path)) return out;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const c = JSON.parse(line) as PendingCall;
    out.set(c.id, c);
  }
  return out;
}

/** Replaces the file with `calls` (temp file, fsync, rename); none left removes it. */
export function saveProcessing(path: string, calls: Iterable<PendingCall>): void {
  const lines = [...calls].map((c) => JSON.stringify(c) + '\n').join('');
  if (lines === '') {
    rmSync(path, { force: true });
    return;
  }
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, lines);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** A fresh run starts with no refusals of an earlier one. */
export function clearRefusals(path: string): void {
  rmSync(path, { force: true });
}
