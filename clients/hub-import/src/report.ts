// The comparison report: a summary table for people (stdout), and the same facts as a file
// (--report x.json: everything; x.csv: one line per user and day).
import { writeFileSync } from 'node:fs';
import type { CallKey, Counters } from './checkpoint.js';
import { formatScaled, parseScaled } from '@aigne-hub-usage/usage-reporter';
import { API_SCALE, type Count, type DayRow, type SourceSummary } from './compare.js';
import type { ProjectOutcome } from './importer.js';

export interface Report {
  source: string;
  range: { since?: number; until?: number };
  import: Counters & {
    projectsPut: number;
    projectsNotPut: number;
    rowsPerSecond: number;
    seconds: number;
    resumedFrom: number;
    /** calls sent as processing earlier whose terminal state was sent by this run */
    finishedResent?: number;
    /** calls still processing in the hub (re-read by the next run) */
    stillProcessing?: number;
  };
  /** the largest ("callTime","id") key when the run started: imported and compared up to it */
  snapshot?: CallKey | null;
  projects: ProjectOutcome[]; // this run's (empty when a resumed run found them done)
  summary?: {
    rows: number;
    terminal: number;
    processing: number;
    refused: Count[];
    skipped: Count[];
    dropped: Count[];
  };
  comparison?: {
    waitedSeconds: number;
    users: UserLine[];
    differences: DayRow[];
    days: DayRow[];
  };
}

export interface UserLine {
  userDid: string;
  days: number;
  sourceCalls: number;
  ourCalls: number;
  sourceCredits: string;
  ourCredits: string;
  differingDays: number;
}

/** Per-user totals of the day rows (credits: sums of the per-day rounded values, as a dashboard would add them). */
export function userLines(rows: DayRow[]): UserLine[] {
  const byUser = new Map<string, { line: UserLine; source: bigint; ours: bigint }>();
  for (const r of rows) {
    let u = byUser.get(r.userDid);
    if (!u) {
      u = { line: { userDid: r.userDid, days: 0, sourceCalls: 0, ourCalls: 0, sourceCredits: '0', ourCredits: '0', differingDays: 0 }, source: 0n, ours: 0n };
      byUser.set(r.userDid, u);
    }
    u.line.days++;
    u.line.sourceCalls += r.sourceCalls;
    u.line.ourCalls += r.ourCalls;
    u.source += parseScaled(r.sourceCredits, API_SCALE);
    u.ours += parseScaled(r.ourCredits, API_SCALE);
    if (!r.match) u.line.differingDays++;
  }
  return [...byUser.values()].map(({ line, source, ours }) => ({
    ...line,
    sourceCredits: formatScaled(source, API_SCALE),
    ourCredits: formatScaled(ours, API_SCALE),
  }));
}

export function buildComparison(rows: DayRow[], waitedMs: number): NonNullable<Report['comparison']> {
  return {
    waitedSeconds: Math.round(waitedMs / 100) / 10,
    users: userLines(rows),
    differences: rows.filter((r) => !r.match),
    days: rows,
  };
}

export function summaryFromSource(s: SourceSummary): NonNullable<Report['summary']> {
  return { rows: s.rows, terminal: s.terminal, processing: s.processing, refused: s.refused, skipped: s.skipped, dropped: s.dropped };
}

/** The text printed at the end of a run. */
export function formatReport(r: Report): string {
  const out: string[] = [];
  const i = r.import;
  out.push(`source: ${r.source}`);
  out.push(
    `import: ${i.read} rows read, ${i.sent} sent, ${i.accepted} accepted, ${i.rejected} refused by the ingest, ${i.skipped} skipped` +
      (i.resumedFrom > 0 ? ` (resumed after ${i.resumedFrom} rows)` : '') +
      `; ${Math.round(i.rowsPerSecond)} rows/s over ${i.seconds.toFixed(1)} s`,
  );
  if (i.finishedResent || i.stillProcessing) {
    out.push(`processing calls: ${i.finishedResent ?? 0} finished in the hub since and sent again, ${i.stillProcessing ?? 0} still processing (re-read by the next run)`);
  }
  out.push(`projects: ${i.projectsPut} put, ${i.projectsNotPut} not put`);
  const failed = r.projects.filter((p) => p.outcome === 'failed').length;
  if (failed > 0) out.push(`  ${failed} failed transiently: run again to put them`);
  for (const p of r.projects.filter((p) => p.outcome !== 'put' || p.detail)) out.push(`  ${p.appDid}: ${p.outcome}${p.detail ? ` (${p.detail})` : ''}`);
  if (r.summary) {
    const s = r.summary;
    if (r.snapshot !== undefined) {
      out.push(r.snapshot
        ? `snapshot: rows up to (callTime ${r.snapshot.callTime}, id ${r.snapshot.id}), the largest key when the import started; later rows are the next run's`
        : 'snapshot: the source had no call in range when the import started');
    }
    out.push(`source rows: ${s.rows}; terminal ${s.terminal}, processing ${s.processing} (in the call list only, not in statistics)`);
    section(out, 'refused by validation', s.refused);
    section(out, 'skipped (no event possible)', s.skipped);
    section(out, 'fields left out (the call was sent)', s.dropped);
  }
  const c = r.comparison;
  if (!c) {
    out.push('comparison: not run (--no-compare)');
    return out.join('\n');
  }
  out.push('');
  out.push(table(
    ['userDid', 'days', 'source calls', 'our calls', 'source credits', 'our credits', 'differing days'],
    c.users.map((u) => [u.userDid, u.days, u.sourceCalls, u.ourCalls, u.sourceCredits, u.ourCredits, u.differingDays]),
  ));
  out.push('');
  if (c.differences.length === 0) {
    out.push(`0 differences (${c.days.length} user-days compared, waited ${c.waitedSeconds} s for the aggregator)`);
  } else {
    out.push(`${c.differences.length} difference${c.differences.length === 1 ? '' : 's'}:`);
    out.push(table(
      ['userDid', 'day (UTC)', 'source calls', 'our calls', 'source credits', 'our credits'],
      c.differences.map((d) => [d.userDid, d.date, d.sourceCalls, d.ourCalls, d.sourceCredits, d.ourCredits]),
    ));
  }
  return out.join('\n');
}

function section(out: string[], title: string, counts: Count[]): void {
  const total = counts.reduce((s, c) => s + c.count, 0);
  out.push(`${title}: ${total}`);
  for (const c of counts) out.push(`  ${c.count} × ${c.reason} (e.g. ${c.examples.join(', ')})`);
}

function table(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, k) => Math.max(...cells.map((r) => r[k].length)));
  const numeric = header.map((_, k) => rows.length > 0 && rows.every((r) => typeof r[k] === 'number' || /^-?\d+(\.\d+)?$/.test(String(r[k]))));
  const line = (r: string[]) => r.map((c, k) => (numeric[k] ? c.padStart(widths[k]) : c.padEnd(widths[k]))).join('  ').trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** --report: JSON (the whole report) or CSV (one line per user and day) by the file's extension. */
export function writeReport(path: string, r: Report): void {
  if (path.toLowerCase().endsWith('.csv')) {
    const header = 'userDid,date,dayStart,sourceCalls,ourCalls,sourceCredits,ourCredits,match';
    const lines = (r.comparison?.days ?? []).map((d) =>
      [csv(d.userDid), d.date, d.day, d.sourceCalls, d.ourCalls, d.sourceCredits, d.ourCredits, d.match].join(','),
    );
    writeFileSync(path, [header, ...lines].join('\r\n') + '\r\n');
  } else {
    writeFileSync(path, JSON.stringify(r, null, 2) + '\n');
  }
}

function csv(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
