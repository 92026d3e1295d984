/**
 * A FIFO of serialized events on disk: append-only NDJSON files in one directory, read from the
 * oldest file, a file deleted only once every line of it was acknowledged. File names are sequence
 * numbers, so the order survives a restart; a batch that must go before everything gets a file with
 * a smaller number (prepend). One reporter per directory.
 *
 * Every operation runs through one queue (`serial`): appends, reads, acks and deletes never overlap.
 */
import { Buffer } from 'node:buffer';
import { mkdir, open, readdir, readFile, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

export interface SpoolOptions {
  /** total bytes of all files; appends beyond it are refused */
  maxBytes: number;
  /** a file is closed (fsync'd) and a new one started at this size */
  fileBytes: number;
}

interface SpoolFile {
  seq: number;
  bytes: number;
  /** written by an earlier process */
  leftover: boolean;
  /** loaded when the file becomes the head */
  lines?: string[];
  /** lines of `lines` already acknowledged */
  offset: number;
}

export interface SpoolBatch {
  lines: string[];
  /** the lines come from an earlier process's file */
  leftover: boolean;
}

const NAME = /^(\d{16})\.ndjson$/;
const FIRST_SEQ = 1_000_000_000_000; // room below for prepends
const LOCK = 'lock';

/**
 * Two processes appending to one directory would interleave and delete each other's files: the
 * lock file names the owner's pid; a pid that no longer runs (kill -9) leaves it to the next.
 */
async function lock(dir: string) {
  const file = join(dir, LOCK);
  try {
    const owner = Number((await readFile(file, 'utf8')).trim());
    if (owner && owner !== process.pid && alive(owner)) throw new Error(`spool directory in use by process ${owner}`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  await writeFile(file, String(process.pid));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class Spool {
  private readonly files: SpoolFile[] = [];
  private tail: { file: SpoolFile; handle: FileHandle } | null = null;
  private serial: Promise<unknown> = Promise.resolve();
  private totalBytes = 0;
  /** lines read back from an earlier process's files */
  restoredLines = 0;
  /** unreadable lines skipped (a write cut short by a crash) */
  corruptLines = 0;

  private constructor(
    readonly dir: string,
    private readonly options: SpoolOptions,
  ) {}

  /** Opens (creates) the directory and takes over the files an earlier process left. */
  static async open(dir: string, options: SpoolOptions): Promise<Spool> {
    const spool = new Spool(dir, options);
    await mkdir(dir, { recursive: true });
    await lock(dir);
    for (const name of (await readdir(dir)).sort()) {
      const m = NAME.exec(name);
      if (!m) continue;
      const { size } = await stat(join(dir, name));
      if (size === 0) {
        await unlink(join(dir, name));
        continue;
      }
      spool.files.push({ seq: Number(m[1]), bytes: size, leftover: true, offset: 0 });
      spool.totalBytes += size;
    }
    return spool;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** Nothing left to read. */
  get isEmpty(): boolean {
    return this.files.every((f) => f.bytes === 0 || (f.lines !== undefined && f.offset >= f.lines.length));
  }

  /** Some file of an earlier process is not yet fully acknowledged. */
  get hasLeftover(): boolean {
    return this.files.some((f) => f.leftover);
  }

  /** Appends lines in order until maxBytes; resolves with how many were written. */
  append(lines: readonly string[]): Promise<number> {
    return this.run(async () => {
      const { maxBytes, fileBytes } = this.options;
      let written = 0;
      while (written < lines.length) {
        const first = Buffer.byteLength(lines[written]!) + 1;
        if (this.totalBytes + first > maxBytes) break; // full
        const tail = await this.openTail(first);
        const chunk: string[] = [];
        let bytes = 0;
        for (let i = written; i < lines.length; i++) {
          const size = Buffer.byteLength(lines[i]!) + 1;
          const fits = tail.file.bytes + bytes + size <= fileBytes && this.totalBytes + bytes + size <= maxBytes;
          if (chunk.length > 0 && !fits) break;
          chunk.push(lines[i]!);
          bytes += size;
        }
        await tail.handle.write(chunk.join('\n') + '\n');
        tail.file.bytes += bytes;
        this.totalBytes += bytes;
        written += chunk.length;
      }
      return written;
    });
  }

  /** Writes lines as a new first file (fsync'd): they go before everything spooled. False when full. */
  prepend(lines: readonly string[]): Promise<boolean> {
    return this.run(async () => {
      const text = lines.join('\n') + '\n';
      const bytes = Buffer.byteLength(text);
      if (this.totalBytes + bytes > this.options.maxBytes) return false;
      const seq = (this.files[0]?.seq ?? FIRST_SEQ) - 1;
      const handle = await open(this.path(seq), 'wx');
      try {
        await handle.write(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
      this.files.unshift({ seq, bytes, leftover: false, lines: [...lines], offset: 0 });
      this.totalBytes += bytes;
      return true;
    });
  }

  /** Up to `max` lines (and about `maxBytes`) from the head file, without removing them; null when empty. */
  peek(max: number, maxBytes: number): Promise<SpoolBatch | null> {
    return this.run(async () => {
      for (;;) {
        const head = this.files[0];
        if (!head) return null;
        if (this.tail?.file === head) {
          if (head.bytes === 0) return null;
          await this.closeTail(); // read only files no one writes to
        }
        if (!head.lines) await this.load(head);
        if (head.offset >= head.lines!.length) {
          await this.removeHead();
          continue;
        }
        const lines: string[] = [];
        let bytes = 0;
        for (let i = head.offset; i < head.lines!.length && lines.length < max; i++) {
          const line = head.lines![i]!;
          bytes += Buffer.byteLength(line) + 1;
          if (bytes > maxBytes && lines.length > 0) break;
          lines.push(line);
        }
        return { lines, leftover: head.leftover };
      }
    });
  }

  /** The first `count` lines were delivered: forget them, delete the file once all of it was. */
  ack(count: number): Promise<void> {
    return this.run(async () => {
      const head = this.files[0];
      if (!head?.lines) return;
      head.offset += count;
      if (head.offset >= head.lines.length) await this.removeHead();
    });
  }

  /** fsyncs and closes the file being written, and gives the directory free for the next process. */
  close(): Promise<void> {
    return this.run(async () => {
      await this.closeTail();
      await unlink(join(this.dir, LOCK)).catch(() => undefined);
    });
  }

  private run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.serial.then(task);
    this.serial = result.catch(() => undefined);
    return result;
  }

  private path(seq: number): string {
    return join(this.dir, `${String(seq).padStart(16, '0')}.ndjson`);
  }

  private async openTail(incoming: number) {
    if (this.tail && this.tail.file.bytes > 0 && this.tail.file.bytes + incoming > this.options.fileBytes) {
      await this.closeTail();
    }
    if (!this.tail) {
      const seq = (this.files[this.files.length - 1]?.seq ?? FIRST_SEQ - 1) + 1;
      const handle = await open(this.path(seq), 'wx');
      const file: SpoolFile = { seq, bytes: 0, leftover: false, offset: 0 };
      this.files.push(file);
      this.tail = { file, handle };
    }
    return this.tail;
  }

  /** Rotation: the finished file is fsync'd, so a crash of the machine keeps it whole. */
  private async closeTail() {
    const tail = this.tail;
    if (!tail) return;
    this.tail = null;
    try {
      await tail.handle.sync();
    } finally {
      await tail.handle.close();
    }
    if (tail.file.bytes === 0) await this.removeFile(tail.file);
  }

  private async load(file: SpoolFile) {
    const text = await readFile(this.path(file.seq), 'utf8');
    file.lines = [];
    for (const line of text.split('\n')) {
      if (line === '') continue;
      try {
        JSON.parse(line);
        file.lines.push(line);
      } catch {
        this.corruptLines++;
      }
    }
    if (file.leftover) this.restoredLines += file.lines.length;
  }

  private async removeHead() {
    const head = this.files[0];
    if (head) await this.removeFile(head);
  }

  private async removeFile(file: SpoolFile) {
    const i = this.files.indexOf(file);
    if (i >= 0) this.files.splice(i, 1);
    this.totalBytes -= file.bytes;
    await unlink(this.path(file.seq)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }
}
