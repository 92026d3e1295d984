/**
 * The reporter AIGNE Hub's server holds once: report() maps and queues a ModelCall without ever
 * throwing or waiting; one loop (`pump`) sends batches, one request at a time, retrying forever.
 *
 * Where a queued event lives, oldest first:
 *   memory[0..pinned)   the batch being sent (taken from memory while the spool was empty)
 *   spool               NDJSON files on disk
 *   memory[pinned..]    newer events
 * Events move to the spool when memory holds more than maxInMemory, when the endpoint has failed for
 * spoolAfterMs, and at close(); the in-flight batch then goes to the front of the spool (prepend).
 * The loop reads the in-flight batch first, then the spool, then memory, so order holds — except while
 * a spool write hangs (a stalled disk or NFS): memory batches then do not wait for it longer than
 * SPILL_WAIT_MS, and may overtake the events being written (harmless: a terminal call is final).
 * Memory is bounded regardless: beyond 2 × maxInMemory events held (memory and a pending write),
 * report() drops and counts (droppedOverflow).
 */
import { Buffer } from 'node:buffer';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { backoffDelay, sleep } from './backoff.js';
import { IngestClient, IngestError, MAX_BATCH, type ProjectRecord, type TokenSource } from './ingest-client.js';
import { rateLimited, type Logger } from './logger.js';
import { mapModelCall, toProjectProfile, type HubModelCall, type HubProject } from './mapping.js';
import { Spool } from './spool.js';

export interface UsageReporterOptions {
  /** the stats-aggregator, e.g. http://127.0.0.1:8081 */
  baseUrl: string;
  /** a token with role `ingest`, or a function asked before every request */
  token: TokenSource;
  /** directory for the disk spool; without it events beyond maxInMemory are dropped */
  spoolDir?: string;
  /** events per request, 1–1000 (default 500) */
  maxBatch?: number;
  /** longest wait before a smaller batch is sent (default 1000 ms) */
  flushIntervalMs?: number;
  /** events kept in memory before they go to the spool (default 10,000) */
  maxInMemory?: number;
  /** bound of the spool directory (default 1 GiB) */
  maxSpoolBytes?: number;
  /** spool files rotate at this size (default 8 MiB) */
  spoolFileBytes?: number;
  /** once the endpoint has failed this long, queued events go to disk (default 5000 ms) */
  spoolAfterMs?: number;
  /** per request (default 30 s) */
  requestTimeoutMs?: number;
  /** backoff: full jitter over min(cap, base · 2^attempt) (defaults 500 ms, 30 s) */
  retryBaseMs?: number;
  retryCapMs?: number;
  /** how long close() tries to deliver before it spools the rest (default 5000 ms) */
  closeTimeoutMs?: number;
  /** default: console, at most one line per kind of message every 10 s; null: silent */
  logger?: Logger | null;
}

export interface Rejected {
  /** the call's id (or the project's appDid) */
  id: string;
  reason: string;
  at: string;
}

export interface UsageReporterStats {
  /** report() calls */
  reported: number;
  /** events the server accepted */
  sent: number;
  /** events the server refused (validation, or a request answered 400/413/other 4xx); not retried */
  rejected: number;
  /** report() arguments that are no ModelCall (no id/userDid, unreadable numbers, undefined, …); never sent */
  invalid: number;
  /** failed attempts that were retried (events and projects) */
  retried: number;
  /** events written to the spool */
  spooledToDisk: number;
  /** events read back from spool files an earlier process left */
  restoredFromSpool: number;
  /** events dropped because memory and spool were both full (or memory full without spoolDir) */
  droppedOverflow: number;
  /** events reported after close(), or left in memory at close() without a spool */
  droppedAtClose: number;
  /** usageMetrics/metadata objects sent as null (not an object, > 16 KiB, > 10 levels, bad text) */
  metadataDropped: number;
  /** gauge: events in memory */
  inMemory: number;
  /** gauge: bytes in the spool directory */
  spoolBytes: number;
  lastError: string | null;
  /** the last 20 refusals, newest last */
  lastRejections: Rejected[];
  projects: {
    reported: number;
    sent: number;
    rejected: number;
    /** blank appName: nothing to send */
    skipped: number;
    /** logo/app URLs sent as null (not https / not http(s)) */
    urlsDropped: number;
    invalid: number;
    /** gauge: profiles waiting to be sent */
    pending: number;
  };
}

export interface UsageReporter {
  /** Queues one ModelCalls row (`modelCall.toJSON()`). Never throws, never waits. */
  report(record: HubModelCall): void;
  /** Queues one Projects row; the latest row of an appDid wins. Never throws, never waits. */
  reportProject(row: HubProject): void;
  /** Resolves once everything reported before the call was answered by the server, or after timeoutMs (default 30 s). */
  flush(timeoutMs?: number): Promise<void>;
  /** Delivers what it can within timeoutMs, spools the rest, stops. Reports after it are dropped. */
  close(timeoutMs?: number): Promise<void>;
  stats(): UsageReporterStats;
}

export function createUsageReporter(options: UsageReporterOptions): UsageReporter {
  return new Reporter(options);
}

/**
 * A single event larger than this is refused locally (a valid event is far smaller: metadata and
 * usageMetrics are at most 16 KiB each, errorReason 1000 characters). It bounds what one event adds to a
 * request; requests themselves are cut at MAX_REQUEST_BYTES.
 */
const MAX_EVENT_BYTES = 1024 * 1024;
/** Bytes per request (a batch is cut before it), well below the server's 40 MB body limit. */
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;
/** How long the loop waits for a pending spool write before it sends from memory anyway. */
const SPILL_WAIT_MS = 1000;
/** close(): after its delivery time, at most this long to stop the loop and write the rest to the spool. */
const CLOSE_GRACE_MS = 2000;
/** Retry-After values beyond this are taken as this. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;
const PROJECTS_FILE = 'projects.json';

interface Queued {
  line: string;
  bytes: number;
  at: number;
}

interface Batch {
  lines: string[];
  source: 'memory' | 'spool';
  leftover: boolean;
}

interface PendingProject {
  record: ProjectRecord;
  settled: boolean;
}

/** Backoff state of one kind of request: events and projects retry independently. */
class Lane {
  attempt = 0;
  retryAt = 0;
  constructor(private readonly baseMs: number, private readonly capMs: number) {}
  failed(e: unknown) {
    const asked = e instanceof IngestError && e.retryAfterMs !== undefined ? Math.min(e.retryAfterMs, MAX_RETRY_AFTER_MS) : 0;
    this.retryAt = Date.now() + Math.max(asked, backoffDelay(this.attempt++, this.baseMs, this.capMs));
  }
  succeeded() {
    this.attempt = 0;
    this.retryAt = 0;
  }
}

class Reporter implements UsageReporter {
  private readonly client: IngestClient;
  private readonly log: (kind: string, message: string) => void;
  private readonly maxBatch: number;
  private readonly flushIntervalMs: number;
  private readonly maxInMemory: number;
  /** events held (memory and a pending spool write) beyond which report() drops */
  private readonly hardCap: number;
  private readonly spoolAfterMs: number;
  private readonly spoolDir: string | undefined;

  private memory: Queued[] = [];
  private pinned = 0;
  private current: Batch | null = null;
  private spool: Spool | null = null;
  private spilling: Promise<void> | null = null;
  /** events taken out of memory by the pending spool write */
  private spillingCount = 0;
  /** a pending acknowledgement of spooled events (it may hang on a stalled disk like a write) */
  private acking: Promise<void> | null = null;
  /** the pending spool I/O already took longer than SPILL_WAIT_MS: do not wait for it again */
  private spoolStalled = false;
  /** close() gave up on a hung spool: nothing may come back into memory */
  private abandoned = false;
  private spillScheduled = false;
  private spoolFull = false;
  private spoolUsable = true;
  private spoolRetryAt = 0;
  private failingSince: number | null = null;
  private readonly events: Lane;
  private readonly projectLane: Lane;
  private readonly projects = new Map<string, PendingProject>();
  private projectsWrite: Promise<void> = Promise.resolve();

  private wakeUp: (() => void) | null = null;
  private readonly stop = new AbortController();
  private closing = false;
  private closed = false;
  private closePromise: Promise<void> | null = null;
  private readonly started: Promise<void>;
  private readonly pumpDone: Promise<void>;

  /** flush bookkeeping: events and projects of this process queued and answered */
  private enqueued = 0;
  private settled = 0;
  private projectsEnqueued = 0;
  private projectsSettled = 0;
  private waiters: { events: number; projects: number; resolve: () => void }[] = [];

  private readonly counters = {
    reported: 0, sent: 0, rejected: 0, invalid: 0, retried: 0, spooledToDisk: 0,
    droppedOverflow: 0, droppedAtClose: 0, metadataDropped: 0,
  };
  private readonly projectCounters = { reported: 0, sent: 0, rejected: 0, skipped: 0, urlsDropped: 0, invalid: 0 };
  private lastError: string | null = null;
  private readonly lastRejections: Rejected[] = [];

  constructor(options: UsageReporterOptions) {
    if (!options || typeof options.baseUrl !== 'string' || !options.baseUrl) throw new TypeError('baseUrl is required');
    if (options.token === undefined) throw new TypeError('token is required');
    this.client = new IngestClient({ baseUrl: options.baseUrl, token: options.token, timeoutMs: options.requestTimeoutMs });
    this.maxBatch = Math.max(1, Math.min(MAX_BATCH, Math.floor(options.maxBatch ?? 500)));
    this.flushIntervalMs = options.flushIntervalMs ?? 1000;
    this.maxInMemory = Math.max(1, options.maxInMemory ?? 10_000);
    this.hardCap = 2 * this.maxInMemory;
    this.spoolAfterMs = options.spoolAfterMs ?? 5000;
    this.spoolDir = options.spoolDir;
    this.events = new Lane(options.retryBaseMs ?? 500, options.retryCapMs ?? 30_000);
    this.projectLane = new Lane(options.retryBaseMs ?? 500, options.retryCapMs ?? 30_000);
    const logger = options.logger === undefined ? console : options.logger;
    this.log = logger ? rateLimited(logger) : () => {};
    this.defaultCloseTimeoutMs = options.closeTimeoutMs ?? 5000;
    this.started = this.start(options);
    this.pumpDone = this.pump();
  }

  private readonly defaultCloseTimeoutMs: number;

  report(record: HubModelCall): void {
    try {
      this.counters.reported++;
      if (this.closed) {
        this.counters.droppedAtClose++;
        return;
      }
      let line: string;
      try {
        const { event, dropped } = mapModelCall(record);
        for (const d of dropped) {
          this.counters.metadataDropped++;
          this.log('metadata', `call ${event.id}: ${d.field} sent as null: ${d.reason}`);
        }
        line = JSON.stringify(event);
      } catch (e) {
        this.counters.invalid++;
        this.refusal(idOf(record), `invalid: ${text(e)}`);
        this.log('invalid', `a report() argument is no ModelCall, not sent: ${text(e)}`);
        return;
      }
      const bytes = Buffer.byteLength(line);
      if (bytes > MAX_EVENT_BYTES) {
        this.counters.invalid++;
        this.refusal(idOf(record), `invalid: event larger than ${MAX_EVENT_BYTES} bytes`);
        return;
      }
      const waiting = this.memory.length - this.pinned;
      // the hard cap holds also while a spool write is pending (a hung disk) and within a synchronous burst
      if (this.memory.length + this.spillingCount >= this.hardCap) {
        this.counters.droppedOverflow++;
        this.log('overflow', `${this.hardCap} events held in memory (the spool is not keeping up): events dropped`);
        return;
      }
      if (waiting >= this.maxInMemory && !this.canSpool()) {
        this.counters.droppedOverflow++;
        this.log('overflow', `memory (${this.maxInMemory} events) and spool full: events dropped`);
        return;
      }
      this.memory.push({ line, bytes, at: Date.now() });
      this.enqueued++;
      if (waiting === 0 || waiting + 1 === this.maxBatch) this.wake();
      if (this.spoolDir && (waiting + 1 > this.maxInMemory || this.failingLong())) this.spillSoon();
    } catch (e) {
      this.lastError = `report: ${text(e)}`;
    }
  }

  reportProject(row: HubProject): void {
    try {
      this.projectCounters.reported++;
      if (this.closed) {
        this.counters.droppedAtClose++;
        return;
      }
      let mapped: ReturnType<typeof toProjectProfile>;
      try {
        mapped = toProjectProfile(row);
      } catch (e) {
        this.projectCounters.invalid++;
        this.log('invalid', `a reportProject() argument is no project: ${text(e)}`);
        return;
      }
      for (const note of mapped.notes) {
        if (note.field === 'appName') this.projectCounters.skipped++;
        else this.projectCounters.urlsDropped++;
        this.log('project', `project ${mapped.appDid}: ${note.field} ${note.reason}`);
      }
      if (!mapped.profile) return;
      this.queueProject({ appDid: mapped.appDid, ...mapped.profile });
      this.persistProjects();
      this.wake();
    } catch (e) {
      this.lastError = `reportProject: ${text(e)}`;
    }
  }

  async flush(timeoutMs = 30_000): Promise<void> {
    const events = this.enqueued;
    const deadline = Date.now() + timeoutMs;
    // the spool's leftovers (and the profiles an earlier process left) are known only once it is open
    // (a hung disk: not beyond the timeout)
    if (!(await within(this.started, timeoutMs, true))) return;
    return new Promise<void>((resolve) => {
      const waiter = { events, projects: this.projectsEnqueued, resolve };
      if (this.isFlushed(waiter)) return resolve();
      this.waiters.push(waiter);
      // ref'd on purpose: the caller asked to wait this long
      const timer = setTimeout(() => this.release(waiter), Math.max(0, deadline - Date.now()));
      waiter.resolve = () => {
        clearTimeout(timer);
        resolve();
      };
      this.wake();
    });
  }

  close(timeoutMs = this.defaultCloseTimeoutMs): Promise<void> {
    this.closePromise ??= (async () => {
      this.closing = true;
      this.wake();
      await this.flush(timeoutMs);
      this.closed = true;
      this.stop.abort(); // ends an in-flight request (the token function too) and any backoff
      this.wake();
      // a hard deadline: a hung disk (spool write, fsync) must not keep close() pending
      const rest = (async () => {
        await this.pumpDone;
        await this.persistRest();
      })();
      rest.catch(() => undefined);
      if (!(await within(rest, CLOSE_GRACE_MS, true))) {
        const lost = this.memory.length + this.spillingCount;
        this.abandoned = true;
        this.memory = [];
        this.pinned = 0;
        this.current = null;
        this.counters.droppedAtClose += lost;
        this.fail('close', `close: the spool did not answer within ${CLOSE_GRACE_MS} ms: ${lost} events not kept`);
      } else {
        await rest;
      }
      for (const w of [...this.waiters]) this.release(w);
    })().catch((e) => {
      this.lastError = `close: ${text(e)}`;
      for (const w of [...this.waiters]) this.release(w);
    });
    return this.closePromise;
  }

  stats(): UsageReporterStats {
    return {
      ...this.counters,
      restoredFromSpool: this.spool?.restoredLines ?? 0,
      inMemory: this.memory.length,
      spoolBytes: this.spool?.bytes ?? 0,
      lastError: this.lastError,
      lastRejections: [...this.lastRejections],
      projects: { ...this.projectCounters, pending: this.projects.size },
    };
  }

  // ---- start and the loop

  private async start(options: UsageReporterOptions) {
    if (!this.spoolDir) return;
    try {
      this.spool = await Spool.open(this.spoolDir, {
        maxBytes: options.maxSpoolBytes ?? 1024 ** 3,
        fileBytes: options.spoolFileBytes ?? 8 * 1024 ** 2,
      });
      if (!this.spool.isEmpty) this.log('spool', `resending ${this.spool.bytes} bytes an earlier process spooled in ${this.spoolDir}`);
    } catch (e) {
      this.spoolUsable = false;
      this.fail('spool', `spool directory ${this.spoolDir} unusable, memory only: ${text(e)}`);
    }
    await this.loadProjects();
  }

  private async pump() {
    await this.started;
    while (!this.stop.signal.aborted) {
      try {
        await this.step();
      } catch (e) {
        this.fail('pump', `unexpected: ${text(e)}`);
        await sleep(1000, this.stop.signal);
      }
    }
  }

  private async step() {
    await this.spillIfNeeded();
    const now = Date.now();
    if (this.projects.size > 0 && this.projectLane.retryAt <= now) return this.deliverProject();
    if (this.events.retryAt <= now) {
      const batch = this.current ?? (await this.nextBatch(now));
      if (batch) {
        this.current = batch;
        return this.deliver(batch);
      }
    }
    await this.idle();
  }

  /** The oldest events: the spool's head, else memory once a batch is full or old enough. */
  private async nextBatch(now: number): Promise<Batch | null> {
    // a spool write normally takes milliseconds; one that hangs (disk, NFS) must not stop memory's batches,
    // and the spool is not read meanwhile (its reads would queue behind the write)
    const pending = [this.spilling, this.acking].filter((p) => p !== null);
    let spoolReady = pending.length === 0;
    if (!spoolReady && !this.spoolStalled) {
      spoolReady = await within(Promise.all(pending), SPILL_WAIT_MS);
      if (!spoolReady) {
        this.spoolStalled = true;
        this.fail('spool', `a spool write is taking over ${SPILL_WAIT_MS} ms: sending from memory meanwhile`);
      }
    }
    if (spoolReady && this.spool && !this.spool.isEmpty) {
      const batch = await this.spool.peek(this.maxBatch, MAX_REQUEST_BYTES);
      if (batch) return { ...batch, source: 'spool' };
      if (this.spilling) return null; // memory's oldest events are on their way to disk
    }
    const head = this.memory[0];
    if (!head) return null;
    const urgent = this.closing || this.waiters.length > 0;
    if (!urgent && this.memory.length < this.maxBatch && now - head.at < this.flushIntervalMs) return null;
    let n = 0;
    let bytes = 0;
    while (n < this.memory.length && n < this.maxBatch) {
      bytes += this.memory[n]!.bytes + 1;
      if (bytes > MAX_REQUEST_BYTES && n > 0) break;
      n++;
    }
    this.pinned = n;
    return { lines: this.memory.slice(0, n).map((q) => q.line), source: 'memory', leftover: false };
  }

  private async deliver(batch: Batch) {
    try {
      const result = await this.client.sendJsonLines(batch.lines, this.stop.signal);
      this.events.succeeded();
      this.failingSince = null;
      this.counters.sent += result.accepted;
      for (const r of result.rejected) {
        this.counters.rejected++;
        this.refusal(idOf(parse(batch.lines[r.index])), r.reason);
      }
      if (result.rejected.length > 0) this.log('rejected', `${result.rejected.length} events refused: ${result.rejected[0]!.reason}`);
      await this.settle(batch);
    } catch (e) {
      if (this.stop.signal.aborted) return; // close() spools it
      this.lastError = text(e);
      if (!(e instanceof IngestError) || e.retryable) {
        this.counters.retried++;
        this.failingSince ??= Date.now();
        this.events.failed(e);
        this.log('retry', `sending ${batch.lines.length} events failed, retrying: ${text(e)}`);
        return;
      }
      this.counters.rejected += batch.lines.length;
      this.refusal(`${batch.lines.length} events`, text(e));
      this.log('rejected', `${batch.lines.length} events refused as a whole, not retried: ${text(e)}`);
      await this.settle(batch);
    }
  }

  /** The batch was answered: forget it (memory) or acknowledge it (spool). */
  private async settle(batch: Batch) {
    this.current = null;
    if (!batch.leftover) this.settled += batch.lines.length;
    if (batch.source === 'memory') {
      this.memory.splice(0, batch.lines.length);
      this.pinned = 0;
    } else {
      // acks queue behind spool writes: a hung write must not stop the loop (the next read waits for the ack anyway)
      const ack = this.spool!.ack(batch.lines.length).then(
        () => {
          this.spoolFull = false;
          this.checkWaiters();
        },
        (e: unknown) => this.fail('spool', `acknowledging spooled events failed: ${text(e)}`),
      ).finally(() => {
        if (this.acking === ack) {
          this.acking = null;
          this.spoolStalled = false;
        }
      });
      this.acking = ack;
      await within(ack, SPILL_WAIT_MS);
    }
    this.checkWaiters();
  }

  private async deliverProject() {
    const entry = this.projects.values().next().value as PendingProject;
    try {
      await this.client.putProject(entry.record, this.stop.signal);
      this.projectLane.succeeded();
      this.projectCounters.sent++;
    } catch (e) {
      if (this.stop.signal.aborted) return;
      this.lastError = text(e);
      if (!(e instanceof IngestError) || e.retryable) {
        this.counters.retried++;
        this.projectLane.failed(e);
        this.log('retry', `project ${entry.record.appDid} failed, retrying: ${text(e)}`);
        return;
      }
      this.projectCounters.rejected++;
      this.refusal(entry.record.appDid, text(e));
      this.log('rejected', `project ${entry.record.appDid} refused, not retried: ${text(e)}`);
    }
    if (this.projects.get(entry.record.appDid) === entry) this.projects.delete(entry.record.appDid);
    this.settleProject(entry);
    this.persistProjects();
  }

  /** Sleeps until woken (report, flush, close) or until the next batch or retry is due. */
  private idle(): Promise<void> {
    if (this.stop.signal.aborted) return Promise.resolve();
    const times: number[] = [];
    if (this.projects.size > 0) times.push(this.projectLane.retryAt);
    if (this.current || this.memory.length > 0 || (this.spool && !this.spool.isEmpty)) {
      times.push(Math.max(this.events.retryAt, this.memory[0] && !this.current ? this.memory[0].at + this.flushIntervalMs : 0));
    }
    if (this.failingSince !== null && this.spoolDir && !this.failingLong()) times.push(this.failingSince + this.spoolAfterMs);
    const until = times.length ? Math.min(...times) : Infinity;
    return new Promise<void>((resolve) => {
      const controller = new AbortController();
      this.wakeUp = () => controller.abort();
      const wait = until === Infinity ? new Promise<void>((r) => controller.signal.addEventListener('abort', () => r())) : sleep(Math.max(0, until - Date.now()), controller.signal);
      wait.then(() => {
        this.wakeUp = null;
        resolve();
      });
    });
  }

  private wake() {
    this.wakeUp?.();
  }

  // ---- the spool

  private canSpool(): boolean {
    return this.spoolDir !== undefined && this.spoolUsable && !this.spoolFull && Date.now() >= this.spoolRetryAt;
  }

  private failingLong(): boolean {
    return this.failingSince !== null && Date.now() - this.failingSince >= this.spoolAfterMs;
  }

  /** Between attempts: while the endpoint keeps failing everything goes to disk, the in-flight batch in front. */
  private async spillIfNeeded() {
    if (!this.spoolDir || !this.canSpool() || this.spilling || this.acking) return; // pending I/O: queue no more behind it
    if (this.failingLong()) {
      await this.spoolInFlight();
      await within(this.spill(), SPILL_WAIT_MS);
    } else if (this.memory.length - this.pinned > this.maxInMemory) {
      await within(this.spill(), SPILL_WAIT_MS);
    }
  }

  /** The in-flight batch from memory becomes the spool's first file. */
  private async spoolInFlight() {
    const batch = this.current;
    if (!this.spool || batch?.source !== 'memory') return;
    if (await this.spool.prepend(batch.lines)) {
      this.memory.splice(0, batch.lines.length);
      this.pinned = 0;
      this.current = null;
      this.counters.spooledToDisk += batch.lines.length;
    } else {
      this.spoolFull = true;
    }
  }

  private spillSoon() {
    if (this.spillScheduled) return;
    this.spillScheduled = true;
    setImmediate(() => {
      this.spillScheduled = false;
      this.spill().catch(() => undefined);
    }).unref();
  }

  /** Moves memory[pinned..] to the spool's end; whatever does not fit goes back where it was. */
  private spill(): Promise<void> {
    if (this.spilling) return this.spilling;
    this.spilling = (async () => {
      await this.started;
      if (!this.spool || !this.canSpool() || this.memory.length <= this.pinned) return;
      const moving = this.memory.splice(this.pinned);
      this.spillingCount = moving.length;
      let written = 0;
      try {
        written = await this.spool.append(moving.map((q) => q.line));
        if (written < moving.length) {
          this.spoolFull = true;
          this.log('overflow', `spool full (${this.spool.bytes} bytes): events stay in memory`);
        }
      } catch (e) {
        this.spoolRetryAt = Date.now() + 5000;
        this.fail('spool', `writing the spool failed: ${text(e)}`);
      }
      this.counters.spooledToDisk += written;
      this.spillingCount = 0;
      // the in-flight batch may have been answered meanwhile: memory[0..pinned) is still older
      if (written < moving.length && !this.abandoned) {
        // concat, not splice(...spread): a spread of 100k+ elements overflows the call stack
        this.memory = this.memory.slice(0, this.pinned).concat(moving.slice(written), this.memory.slice(this.pinned));
      }
    })().finally(() => {
      this.spilling = null;
      this.spillingCount = 0;
      this.spoolStalled = false;
      this.wake();
    });
    return this.spilling;
  }

  /** At close: memory to disk in order (the in-flight batch first), then the spool's file is fsync'd. */
  private async persistRest() {
    await this.started;
    if (this.spilling) await this.spilling;
    if (this.spool) {
      this.spoolFull = false;
      this.spoolRetryAt = 0;
      await this.spoolInFlight();
      await this.spill();
      await this.spool.close();
    }
    this.counters.droppedAtClose += this.memory.length;
    if (this.memory.length > 0) this.log('overflow', `${this.memory.length} events could not be kept at close`);
    await this.projectsWrite;
  }

  // ---- projects

  private queueProject(record: ProjectRecord) {
    const previous = this.projects.get(record.appDid);
    if (previous) {
      this.projects.delete(record.appDid); // the newest row wins and goes to the end
      this.settleProject(previous);
    }
    this.projects.set(record.appDid, { record, settled: false });
    this.projectsEnqueued++;
  }

  private settleProject(entry: PendingProject) {
    if (entry.settled) return;
    entry.settled = true;
    this.projectsSettled++;
    this.checkWaiters();
  }

  /** Pending profiles survive a restart in spoolDir/projects.json (written whole, then renamed). */
  private persistProjects() {
    if (!this.spoolDir) return;
    const dir = this.spoolDir;
    this.projectsWrite = this.projectsWrite.then(async () => {
      await this.started;
      const file = join(dir, PROJECTS_FILE);
      try {
        if (this.projects.size === 0) {
          await unlink(file).catch(() => undefined);
          return;
        }
        const records = [...this.projects.values()].map((p) => p.record);
        await writeFile(file + '.tmp', JSON.stringify(records));
        await rename(file + '.tmp', file);
      } catch (e) {
        this.fail('spool', `writing ${file} failed: ${text(e)}`);
      }
    });
  }

  private async loadProjects() {
    if (!this.spoolDir || !this.spool) return;
    try {
      const records = JSON.parse(await readFile(join(this.spoolDir, PROJECTS_FILE), 'utf8')) as ProjectRecord[];
      for (const record of records) {
        if (this.projects.has(record.appDid)) continue;
        this.projects.set(record.appDid, { record, settled: false });
        this.projectsEnqueued++;
      }
    } catch {
      // none left, or unreadable: nothing to resend
    }
  }

  // ---- bookkeeping

  private isFlushed(w: { events: number; projects: number }): boolean {
    return this.settled >= w.events && this.projectsSettled >= w.projects && !this.spool?.hasLeftover;
  }

  private checkWaiters() {
    for (const w of [...this.waiters]) if (this.isFlushed(w)) this.release(w);
  }

  private release(w: { resolve: () => void }) {
    const i = this.waiters.indexOf(w as (typeof this.waiters)[number]);
    if (i >= 0) this.waiters.splice(i, 1);
    w.resolve();
  }

  private refusal(id: string, reason: string) {
    this.lastRejections.push({ id, reason, at: new Date().toISOString() });
    if (this.lastRejections.length > 20) this.lastRejections.shift();
  }

  private fail(kind: string, message: string) {
    this.lastError = message;
    this.log(kind, message);
  }
}

/** Whether `promise` settled within `ms` (it keeps running either way). */
function within(promise: Promise<unknown>, ms: number, ref = false): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    if (!ref) timer.unref();
    promise.then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(true);
      },
    );
  });
}

function parse(line: string | undefined): unknown {
  try {
    return line === undefined ? undefined : JSON.parse(line);
  } catch {
    return undefined;
  }
}

function idOf(record: unknown): string {
  try {
    const id = (record as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id.slice(0, 128) : '(no id)';
  } catch {
    return '(no id)';
  }
}

function text(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
