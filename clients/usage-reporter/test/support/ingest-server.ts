/**
 * A real HTTP server that imitates the ingest contract (docs/api.md): POST /api/ingest/model-calls
 * answers 202 {accepted, rejected} (an event is refused when `refuse(event)` names a reason), PUT
 * /api/ingest/projects/{appDid} answers 200. Scripted answers (`next`) come first: a status with
 * Retry-After, a delay. stop() closes the port (connection refused) and start() opens it again.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Scripted {
  status?: number;
  retryAfter?: string;
  /** wait this long before answering */
  delayMs?: number;
  body?: string;
  /** default application/problem+json */
  contentType?: string;
}

export interface Received {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
  at: number;
}

export class IngestServer {
  /** every event accepted, in arrival order */
  readonly events: Record<string, unknown>[] = [];
  /** every request that reached the server, also the scripted ones */
  readonly requests: Received[] = [];
  readonly projects: Record<string, unknown>[] = [];
  /** answers for the next requests, first in first out */
  readonly next: Scripted[] = [];
  refuse: (event: Record<string, unknown>) => string | null = () => null;
  /** requests being answered right now, and the most there ever were */
  inFlight = 0;
  maxInFlight = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async start(port = 0): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  /** Closes the port and every open connection: clients now see connection refused. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** accepted events' ids, in arrival order */
  ids(): string[] {
    return this.events.map((e) => String(e.id));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    res.on('close', () => this.inFlight--);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    this.requests.push({ method: req.method!, path: req.url!, authorization: req.headers.authorization, body, at: Date.now() });
    const scripted = this.next.shift();
    if (scripted?.delayMs) await new Promise((r) => setTimeout(r, scripted.delayMs));
    if (res.destroyed) return;
    if (scripted?.status) {
      const headers: Record<string, string> = { 'content-type': scripted.contentType ?? 'application/problem+json' };
      if (scripted.retryAfter) headers['retry-after'] = scripted.retryAfter;
      res.writeHead(scripted.status, headers).end(scripted.body ?? JSON.stringify({ status: scripted.status, title: 'scripted', detail: 'scripted answer' }));
      return;
    }
    if (req.method === 'POST' && req.url === '/api/ingest/model-calls') return this.ingest(body, res);
    const project = /^\/api\/ingest\/projects\/([^/]+)$/.exec(req.url ?? '');
    if (req.method === 'PUT' && project) {
      const stored = { appDid: decodeURIComponent(project[1]!), ...(body as object) };
      this.projects.push(stored);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stored));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/problem+json' }).end('{"status":404,"title":"Not Found"}');
  }

  private ingest(body: unknown, res: ServerResponse) {
    if (!Array.isArray(body)) {
      res.writeHead(400, { 'content-type': 'application/problem+json' }).end('{"status":400,"detail":"not an array"}');
      return;
    }
    if (body.length > 1000) {
      res.writeHead(413, { 'content-type': 'application/problem+json' }).end('{"status":413}');
      return;
    }
    const rejected: { index: number; reason: string }[] = [];
    body.forEach((event: Record<string, unknown>, index) => {
      const reason = this.refuse(event);
      if (reason) rejected.push({ index, reason });
      else this.events.push(event);
    });
    res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: body.length - rejected.length, rejected }));
  }
}

/** Polls `condition` every 10 ms until it holds; fails after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
