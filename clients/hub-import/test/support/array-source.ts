// A HubSource over rows held in memory, in ("callTime", "id") order like the real ones.
import type { CallKey } from '../../src/checkpoint.js';
import type { CallRange, HubRow, HubSource } from '../../src/source/types.js';

export class ArraySource implements HubSource {
  readonly identity = 'array:test';
  private readonly rows: HubRow[];

  constructor(rows: HubRow[], private readonly projectRows: HubRow[] = []) {
    this.rows = [...rows].sort((a, b) => Number(a.callTime) - Number(b.callTime) || cmp(String(a.id), String(b.id)));
  }

  private inRange(range: CallRange): HubRow[] {
    return this.rows.filter((r) => (range.since === undefined || Number(r.callTime) >= range.since) && (range.until === undefined || Number(r.callTime) <= range.until));
  }

  /** iterators of calls() that ran to their end or were closed with return() */
  finished = 0;

  async countCalls(range: CallRange, upTo: CallKey | null = null): Promise<number> {
    return this.inRange(range).filter((r) => !upTo || !after(r, upTo)).length;
  }

  async *calls(range: CallRange, from: CallKey | null, pageSize: number, upTo: CallKey | null = null): AsyncIterable<HubRow[]> {
    const rows = this.inRange(range).filter((r) => (!from || after(r, from)) && (!upTo || !after(r, upTo)));
    try {
      for (let i = 0; i < rows.length; i += pageSize) yield rows.slice(i, i + pageSize);
    } finally {
      this.finished++;
    }
  }

  async maxKey(range: CallRange): Promise<CallKey | null> {
    const last = this.inRange(range).at(-1);
    return last ? { callTime: Number(last.callTime), id: String(last.id) } : null;
  }

  async callsByIds(ids: readonly string[]): Promise<HubRow[]> {
    return this.rows.filter((r) => ids.includes(String(r.id)));
  }

  async projects(): Promise<HubRow[]> {
    return this.projectRows;
  }

  async close(): Promise<void> {}
}

/** the row's key is after `key` */
function after(r: HubRow, key: CallKey): boolean {
  return Number(r.callTime) > key.callTime || (Number(r.callTime) === key.callTime && String(r.id) > key.id);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
