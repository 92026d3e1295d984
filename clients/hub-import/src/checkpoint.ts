// The import's progress on disk: the last acknowledged keyset key and the counters, written after
// every acknowledged batch. Rows the ingest refused go to a sidecar file (append-only), because
// only the ingest knows them and the report needs them after a resumed run.
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

export function emptyCheckpoint(source: string): Checkpoint {
  return {
    version: 1,
    source,
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

/** A fresh run starts with no refusals of an earlier one. */
export function clearRefusals(path: string): void {
  rmSync(path, { force: true });
}
