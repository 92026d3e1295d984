// What the importer needs from an AIGNE Hub database, whichever engine holds it.
import type { CallKey } from '../checkpoint.js';

/** A ModelCalls or Projects row as the driver returns it (sql.js: numbers and text; pg: numeric as strings, JSON parsed). */
export type HubRow = Record<string, unknown>;

/** Inclusive callTime bounds (Unix seconds); either may be absent. */
export interface CallRange {
  since?: number;
  until?: number;
}

export interface HubSource {
  /** identity for the checkpoint: engine, file or database (never a password), schema */
  readonly identity: string;
  /** Calls in range, up to `upTo` (inclusive) when given. */
  countCalls(range: CallRange, upTo?: CallKey | null): Promise<number>;
  /**
   * Calls in ("callTime","id") order after `after` (exclusive) and up to `upTo` (inclusive) when
   * given, `pageSize` rows per page. A consumer that stops early calls the iterator's return().
   */
  calls(range: CallRange, after: CallKey | null, pageSize: number, upTo?: CallKey | null): AsyncIterable<HubRow[]>;
  /** The largest ("callTime","id") key in range now: the import's snapshot; null when there is no call. */
  maxKey(range: CallRange): Promise<CallKey | null>;
  /** The rows of these ids (any order; ids that no longer exist are left out). */
  callsByIds(ids: readonly string[]): Promise<HubRow[]>;
  /** The Projects rows (a small table; absent in old hubs → none). */
  projects(): Promise<HubRow[]>;
  close(): Promise<void>;
}

export function keyOf(row: HubRow): CallKey {
  return { callTime: Number(row.callTime), id: String(row.id) };
}
