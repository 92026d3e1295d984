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

  async countCalls(range: CallRange): Promise<number> {
    return this.inRange(range).length;
  }

  async *calls(range: CallRange, after: CallKey | null, pageSize: number): AsyncIterable<HubRow[]> {
    const rows = this.inRange(range).filter(
      (r) => !after || Number(r.callTime) > after.callTime || (Number(r.callTime) === after.callTime && String(r.id) > after.id),
    );
    for (let i = 0; i < rows.length; i += pageSize) yield rows.slice(i, i + pageSize);
  }

  async projects(): Promise<HubRow[]> {
    return this.projectRows;
  }

  async close(): Promise<void> {}
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
