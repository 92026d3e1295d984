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
  countCalls(range: CallRange): Promise<number>;
  /** Calls in ("callTime","id") order after `after` (exclusive), `pageSize` rows per page. */
  calls(range: CallRange, after: CallKey | null, pageSize: number): AsyncIterable<HubRow[]>;
  /** The Projects rows (a small table; absent in old hubs → none). */
  projects(): Promise<HubRow[]>;
  close(): Promise<void>;
}

export function keyOf(row: HubRow): CallKey {
  return { callTime: Number(row.callTime), id: String(row.id) };
}
