/** Drives child-reporter.js: one reporter in its own process, killable with SIGKILL. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { UsageReporterOptions, UsageReporterStats } from '../../src/index.js';

const SCRIPT = fileURLToPath(new URL('./child-reporter.js', import.meta.url));

export class ChildReporter {
  private readonly child: ChildProcess;
  private readonly answers: ((a: { op: string; stats: UsageReporterStats }) => void)[] = [];
  readonly exited: Promise<number | null>;
  stderr = '';

  constructor(options: UsageReporterOptions) {
    this.child = spawn(process.execPath, [SCRIPT, JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (d) => (this.stderr += d));
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.answers.shift()?.(JSON.parse(line)));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  /** Sends one command; resolves with the stats the child answers with. */
  send(command: object): Promise<UsageReporterStats> {
    return new Promise((resolve, reject) => {
      this.answers.push((a) => resolve(a.stats));
      this.exited.then(() => reject(new Error(`child exited: ${this.stderr}`)));
      this.child.stdin!.write(JSON.stringify(command) + '\n');
    });
  }

  /** kill -9: no close(), no flush, whatever is in memory is gone. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
