// Progress on stderr, at most once a second: done/total, this run's rate and the time left.

export interface ProgressOptions {
  label: string;
  total: number;
  /** rows already done before this run (a resumed import): counted as done, not in the rate */
  startAt: number;
  write?: (line: string) => void;
  now?: () => number;
  intervalMs?: number;
}

export class Progress {
  private readonly write: (line: string) => void;
  private readonly now: () => number;
  private readonly interval: number;
  private readonly started: number;
  private lastPrint = -Infinity;
  private lastPrinted = '';
  private done: number;

  constructor(private readonly opts: ProgressOptions) {
    this.write = opts.write ?? ((line) => process.stderr.write(line + '\n'));
    this.now = opts.now ?? Date.now;
    this.interval = opts.intervalMs ?? 1000;
    this.started = this.now();
    this.done = opts.startAt;
  }

  update(done: number): void {
    this.done = done;
    const t = this.now();
    if (t - this.lastPrint < this.interval) return;
    this.lastPrint = t;
    this.lastPrinted = this.line(t);
    this.write(this.lastPrinted);
  }

  /** The final line, printed whatever the interval (unless it was just printed). */
  finish(): string {
    const line = this.line(this.now());
    if (line !== this.lastPrinted) this.write(line);
    return line;
  }

  /** Rows per second of this run so far. */
  rate(t = this.now()): number {
    const seconds = (t - this.started) / 1000;
    return seconds > 0 ? (this.done - this.opts.startAt) / seconds : 0;
  }

  private line(t: number): string {
    const { label, total } = this.opts;
    const rate = this.rate(t);
    const pct = total > 0 ? ((this.done / total) * 100).toFixed(1) : '100.0';
    const left = Math.max(0, total - this.done);
    const eta = rate > 0 ? formatSeconds(left / rate) : '?';
    return `${label}: ${this.done}/${total} (${pct}%) ${Math.round(rate)} rows/s ETA ${eta}`;
  }
}

export function formatSeconds(s: number): string {
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}
