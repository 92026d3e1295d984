// The comparison: per userDid and UTC day, the source's terminal calls and exact credit sums
// (of the events the import sent, less those the ingest refused) against our daily trends.
import { MappingError, formatScaled, mapModelCall, parseScaled, rescaleHalfUp, type HubModelCall } from '@aigne-hub-usage/usage-reporter';
import { callIdentity, type CallKey, type Refusal } from './checkpoint.js';
import type { OurDay } from './query-client.js';
import type { CallRange, HubRow, HubSource } from './source/types.js';

/** Scale the events' credits are summed at: the ingest contract allows at most 10 decimals. */
export const SUM_SCALE = 10;
/** Scale credits leave the API with (docs/api.md: rounded half-up to 6 decimals). */
export const API_SCALE = 6;

export interface SourceDay {
  calls: number;
  /** Σ credits, scaled by 10^SUM_SCALE (exact) */
  credits: bigint;
}

export interface Count {
  reason: string;
  count: number;
  examples: string[]; // a few ids
}

export interface SourceSummary {
  rows: number;
  terminal: number; // terminal calls the ingest took: what our statistics must count
  processing: number;
  refused: Count[];
  skipped: Count[];
  dropped: Count[]; // usageMetrics/metadata the mapping left out (the call itself was sent)
  /** userDid → day start (Unix s) → totals */
  days: Map<string, Map<number, SourceDay>>;
}

export interface DayRow {
  userDid: string;
  day: number;
  date: string; // YYYY-MM-DD (UTC)
  sourceCalls: number;
  ourCalls: number;
  /** 6 decimals, rounded half-up like the service */
  sourceCredits: string;
  ourCredits: string;
  match: boolean;
}

const EXAMPLES = 5;

class Counter {
  private readonly byReason = new Map<string, Count>();
  add(reason: string, id: string): void {
    const c = this.byReason.get(reason) ?? { reason, count: 0, examples: [] };
    c.count++;
    if (c.examples.length < EXAMPLES) c.examples.push(id);
    this.byReason.set(reason, c);
  }
  list(): Count[] {
    return [...this.byReason.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  }
}

/**
 * One more pass over the source, mapped exactly as the import mapped it, bounded by the import's
 * snapshot: the rows up to `upTo` (null: the source had none when the import started; absent: all).
 */
export async function summarizeSource(
  source: HubSource,
  range: CallRange,
  refusals: Map<string, Refusal>,
  pageSize = 5000,
  upTo?: CallKey | null,
): Promise<SourceSummary> {
  const refused = new Counter();
  const skipped = new Counter();
  const dropped = new Counter();
  const days = new Map<string, Map<number, SourceDay>>();
  let rows = 0;
  let terminal = 0;
  let processing = 0;
  const pages: AsyncIterable<HubRow[]> = upTo === null ? (async function* () {})() : source.calls(range, null, pageSize, upTo);
  for await (const page of pages) {
    for (const row of page) {
      rows++;
      let mapped: ReturnType<typeof mapModelCall>;
      try {
        mapped = mapModelCall(row as unknown as HubModelCall);
      } catch (e) {
        if (!(e instanceof MappingError)) throw e;
        skipped.add(e.message, String(row.id));
        continue;
      }
      const { event } = mapped;
      const refusal = refusals.get(callIdentity(event.userDid, event.id));
      if (refusal) {
        refused.add(refusal.reason, event.id);
        continue;
      }
      for (const d of mapped.dropped) dropped.add(`${d.field}: ${d.reason}`, event.id);
      if (event.status === 'processing') {
        processing++;
        continue;
      }
      terminal++;
      addDay(days, event.userDid, dayOf(event.callTime), parseScaled(event.credits ?? '0', SUM_SCALE));
    }
  }
  return { rows, terminal, processing, refused: refused.list(), skipped: skipped.list(), dropped: dropped.list(), days };
}

export function addDay(days: Map<string, Map<number, SourceDay>>, userDid: string, day: number, credits: bigint): void {
  let user = days.get(userDid);
  if (!user) days.set(userDid, (user = new Map()));
  const d = user.get(day) ?? { calls: 0, credits: 0n };
  d.calls++;
  d.credits += credits;
  user.set(day, d);
}

export function dayOf(callTime: number): number {
  return Math.floor(callTime / 86400) * 86400;
}

/** The range to ask our service about: the source's days, within the import's range. */
export function queryRange(days: Map<number, SourceDay>, range: CallRange): { startTime: number; endTime: number } | null {
  const keys = [...days.keys()];
  if (keys.length === 0) return null;
  const first = Math.min(...keys);
  const last = Math.max(...keys) + 86399;
  return { startTime: Math.max(first, range.since ?? first), endTime: Math.min(last, range.until ?? last) };
}

/** Every day on which either side has calls or credits, in order; `match` when both agree. */
export function diffUser(userDid: string, source: Map<number, SourceDay>, ours: Map<number, OurDay>): DayRow[] {
  const days = new Set<number>([...source.keys(), ...ours.keys()]);
  const rows: DayRow[] = [];
  for (const day of [...days].sort((a, b) => a - b)) {
    const s = source.get(day) ?? { calls: 0, credits: 0n };
    const o = ours.get(day) ?? { calls: 0, credits: 0n };
    const sourceCredits = rescaleHalfUp(s.credits, SUM_SCALE, API_SCALE);
    if (s.calls === 0 && o.calls === 0 && sourceCredits === 0n && o.credits === 0n) continue;
    rows.push({
      userDid,
      day,
      date: new Date(day * 1000).toISOString().slice(0, 10),
      sourceCalls: s.calls,
      ourCalls: o.calls,
      sourceCredits: formatScaled(sourceCredits, API_SCALE),
      ourCredits: formatScaled(o.credits, API_SCALE),
      match: s.calls === o.calls && sourceCredits === o.credits,
    });
  }
  return rows;
}

export interface CompareOptions {
  fetch: (userDid: string, startTime: number, endTime: number) => Promise<Map<number, OurDay>>;
  range: CallRange;
  /** give up after this long without any of the differing numbers moving */
  timeoutMs: number;
  now?: () => number;
  pollMs?: number;
  concurrency?: number;
  log?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Asks for each user's days until they match, or until the numbers stop moving for `timeoutMs`: the
 * aggregator's consumer is asynchronous, and a big import may take it minutes to catch up — as long
 * as it makes progress, waiting is right.
 */
export async function compareWithPolling(summary: SourceSummary, opts: CompareOptions): Promise<{ rows: DayRow[]; waitedMs: number }> {
  const now = opts.now ?? Date.now;
  const started = now();
  let lastChange = started;
  const latest = new Map<string, DayRow[]>();
  let pending = [...summary.days.keys()].sort();
  const wait = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let round = 1; ; round++) {
    const stillDiffering: string[] = [];
    let moved = false;
    await forEachLimited(pending, opts.concurrency ?? 3, async (userDid) => {
      const source = summary.days.get(userDid)!;
      const range = queryRange(source, opts.range);
      const ours = range ? await opts.fetch(userDid, range.startTime, range.endTime) : new Map<number, OurDay>();
      const rows = diffUser(userDid, source, ours);
      if (latest.has(userDid) && signature(latest.get(userDid)!) !== signature(rows)) moved = true;
      latest.set(userDid, rows);
      if (rows.some((r) => !r.match)) stillDiffering.push(userDid);
    });
    pending = stillDiffering.sort();
    if (moved) lastChange = now();
    if (pending.length === 0 || now() - lastChange >= opts.timeoutMs) break;
    const missing = pending.reduce((n, u) => n + latest.get(u)!.reduce((m, r) => m + Math.max(0, r.sourceCalls - r.ourCalls), 0), 0);
    opts.log?.(`compare: ${pending.length} user(s) differ after round ${round} (${missing} calls not counted yet); waiting for the aggregator`);
    await wait(opts.pollMs ?? 2000);
  }
  const rows = [...latest.keys()].sort().flatMap((u) => latest.get(u)!);
  return { rows, waitedMs: now() - started };
}

function signature(rows: DayRow[]): string {
  return rows.map((r) => `${r.day}:${r.ourCalls}:${r.ourCredits}`).join(',');
}

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  });
  await Promise.all(workers);
}
