// The reference district receiver: docs/district-protocol.md implemented strictly on plain
// node:http (node:https when given a certificate), for the kiosk's upload tests and for
// `npm run district`. It checks the headers,
// the signature and the clock before it decompresses anything, refuses what the document
// refuses with the document's answers, commits to its own SQLite file before it answers 200,
// and plays a failing district on demand (faults.ts).
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import {
  BatchConflict,
  openDistrictStore,
  type DistrictStats,
  type DistrictStore,
  type StoredReport,
} from './district-store';
import { faultBody, faultRequestSchema, FaultState, type Fault } from './faults';
import { dateSchema, limits, parseBatch, parseReport, type Sender } from '../../district/protocol/protocol';
import { verifySignature } from '../../district/protocol/signature';

export type { DistrictStats } from './district-store';
export type { Fault } from './faults';

export interface DistrictReceiverOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Holds district.db. */
  dataDir: string;
  /** The one secret the reference receiver accepts for every school and gate. */
  secret: string;
  /** The receiver's clock, milliseconds since 1970 (tests fix it). */
  now?: () => number;
  /** How far X-Timestamp may be from the clock, either way. */
  skewSeconds?: number;
  /** A path prefix, as in `https://edu.example.gov.cn/gate`; it is part of the signed path. */
  basePath?: string;
  /** A certificate and its key (PEM): HTTPS instead of HTTP, and an https:// url. */
  tls?: { cert: string | Buffer; key: string | Buffer };
}

export interface DistrictReceiver {
  /** The district URL a kiosk is configured with (base path included, no trailing slash). */
  url: string;
  stats(): DistrictStats;
  reports(): StoredReport[];
  records(): unknown[];
  setFault(fault: Fault | null): void;
  close(): Promise<void>;
}

/** Gzipped bytes accepted per request: the 1 MiB JSON limit plus room for gzip's overhead. */
const rawBodyLimit = 2 * 1024 * 1024;
/** Past this the rest of an oversized body is not even drained: the connection is cut. */
const drainLimit = 16 * rawBodyLimit;

interface Answer {
  status: number;
  body: object;
}

const tooLarge: Answer = { status: 413, body: { error: 'too-large' } };
const malformed = (reason: string): Answer => ({
  status: 400,
  body: { error: 'malformed', reason },
});

function send(res: ServerResponse, answer: Answer, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/** The whole body, or 'too-large' once past the limit (the rest is read and thrown away). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > drainLimit) req.socket.destroy();
    });
    req.on('end', () => resolve(size > limit ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('the request was cut off'));
    });
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** What is wrong with the headers the document requires, before any look at the body. */
function headerProblem(req: IncomingMessage): string | null {
  const [type, ...parameters] = (header(req, 'content-type') ?? '')
    .split(';')
    .map((part) => part.trim().toLowerCase());
  if (type !== 'application/json' || parameters.join(';') !== 'charset=utf-8') {
    return 'Content-Type must be application/json; charset=utf-8';
  }
  if (header(req, 'content-encoding')?.trim().toLowerCase() !== 'gzip') {
    return 'Content-Encoding must be gzip';
  }
  for (const name of ['X-School-Id', 'X-Gate-Id']) {
    if (!header(req, name.toLowerCase())) return `the ${name} header is missing`;
  }
  return null;
}

function isLoopback(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress ?? '';
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

export async function startDistrictReceiver(
  options: DistrictReceiverOptions,
): Promise<DistrictReceiver> {
  const now = options.now ?? Date.now;
  const skewMs = (options.skewSeconds ?? 300) * 1000;
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const store: DistrictStore = openDistrictStore(options.dataDir);
  const faults = new FaultState();
  // Aborted by close(), so a slow answer still waiting does not outlive the receiver.
  const closing = new AbortController();

  /**
   * A signed upload, checked in the document's order; stored (and committed) on success.
   * `clock`: the receiver's time now (a clock fault moves it).
   */
  function answerUpload(
    req: IncomingMessage,
    path: string,
    raw: Buffer | 'too-large',
    clock: number,
  ): Answer {
    if (raw === 'too-large') return tooLarge;
    const query = (req.url ?? '').indexOf('?');
    if (query >= 0) return malformed('the request has a query string; the protocol has none');
    const problem = headerProblem(req);
    if (problem) return malformed(problem);
    const timestamp = header(req, 'x-timestamp') ?? '';
    const signed = { method: 'POST', path, timestamp, body: raw };
    // The signature first: a wrong secret is reported as such even when the clock is off too.
    if (!verifySignature(options.secret, signed, header(req, 'x-signature'))) {
      return { status: 401, body: { error: 'bad-signature' } };
    }
    if (!/^[0-9]+$/.test(timestamp) || Math.abs(Number(timestamp) - clock) > skewMs) {
      return { status: 401, body: { error: 'stale-timestamp' } };
    }
    let json: Buffer;
    try {
      // The cap bounds memory: a gzip bomb stops inflating at 1 MiB + 1 byte.
      json = gunzipSync(raw, { maxOutputLength: limits.jsonBytes });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return tooLarge;
      return malformed(`the body is not gzip: ${(error as Error).message}`);
    }
    const sender: Sender = {
      schoolId: header(req, 'x-school-id') ?? '',
      gateId: header(req, 'x-gate-id') ?? '',
    };
    const receivedAt = new Date(clock).toISOString();
    if (path.endsWith('/v1/batches')) {
      const batch = parseBatch(json, sender);
      if (!batch.ok) return batch.status === 413 ? tooLarge : malformed(batch.reason);
      try {
        return {
          status: 200,
          body: store.storeBatch(batch.value, digest(batch.value), receivedAt),
        };
      } catch (error) {
        if (!(error instanceof BatchConflict)) throw error;
        return malformed(`batchId ${batch.value.batchId} was received before with other contents`);
      }
    }
    const report = parseReport(json, sender);
    if (!report.ok) return report.status === 413 ? tooLarge : malformed(report.reason);
    const acknowledgedAt = store.storeReport(report.value, digest(report.value), receivedAt);
    return { status: 200, body: { acknowledged: true, receivedAt: acknowledgedAt } };
  }

  async function upload(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const raw = await readBody(req, rawBodyLimit);
    const fault = faults.take();
    if (fault?.kind === 'status') {
      const retryAfter = fault.retryAfterSeconds;
      const headers: Record<string, string> =
        retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) };
      return send(res, { status: fault.status, body: faultBody(fault.status) }, headers);
    }
    // No answer at all, the socket left open: close() ends it.
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'reset') {
      // Node sends a TCP reset only from a plain TCP socket; under TLS the connection just ends.
      if (options.tls) req.socket.destroy();
      else req.socket.resetAndDestroy();
      return;
    }
    if (fault?.kind === 'slow') await delay(fault.delayMs, undefined, { signal: closing.signal });
    const clock = now() + (fault?.kind === 'clock' ? fault.offsetMs : 0);
    // A server's Date header says its own clock, off with it (or none at all).
    const date =
      fault?.kind === 'clock' && fault.dateHeader === false ? null : new Date(clock).toUTCString();
    if (fault?.kind === 'answer') {
      if (fault.afterStoring === true) answerUpload(req, path, raw, clock);
      res.sendDate = false;
      res.writeHead(fault.status, { ...(date ? { date } : {}), ...fault.headers });
      res.end(fault.body);
      return;
    }
    const answer = answerUpload(req, path, raw, clock);
    // Stored and committed above, and the answer lost: the kiosk must resend and be told 200.
    if (fault?.kind === 'drop-response') {
      req.socket.destroy();
      return;
    }
    res.sendDate = false;
    send(res, answer, date ? { date } : {});
  }

  /**
   * `GET /missing?date=YYYY-MM-DD`: for each report of that day, the records its sequence range
   * names that are not stored (district-store.ts, missing()).
   */
  function missing(req: IncomingMessage): Answer {
    const date = new URL(req.url ?? '/', 'http://receiver').searchParams.get('date');
    if (date === null) return malformed('expected ?date=YYYY-MM-DD');
    if (!dateSchema.safeParse(date).success) return malformed(`date "${date}" is not YYYY-MM-DD`);
    return { status: 200, body: { date, gates: store.missing(date) } };
  }

  async function control(req: IncomingMessage, res: ServerResponse, route: string): Promise<void> {
    // The test endpoints show stored personal data and change behaviour: this machine only.
    if (!isLoopback(req)) {
      return send(res, { status: 403, body: { error: 'forbidden', reason: 'loopback only' } });
    }
    if (route === '/missing') return send(res, missing(req));
    if (route !== '/faults') {
      const read = { '/stats': store.stats, '/reports': store.reports, '/records': store.records };
      return send(res, { status: 200, body: read[route as keyof typeof read]() });
    }
    const raw = await readBody(req, 64 * 1024);
    let request;
    try {
      if (raw === 'too-large') throw new Error('too large');
      request = faultRequestSchema.parse(JSON.parse(raw.toString('utf8')));
    } catch {
      return send(res, malformed('expected {"fault": {...} | null, "count"?: n}'));
    }
    faults.set(request.fault && { ...request.fault, count: request.count ?? request.fault.count });
    send(res, { status: 200, body: { fault: faults.get() } });
  }

  const routes: Record<string, 'POST' | 'GET'> = {
    '/v1/batches': 'POST',
    '/v1/daily-reports': 'POST',
    '/stats': 'GET',
    '/reports': 'GET',
    '/records': 'GET',
    '/missing': 'GET',
    '/faults': 'POST',
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = path.startsWith(`${basePath}/`) ? path.slice(basePath.length) : null;
    const method = route === null ? undefined : routes[route];
    if (route === null || method === undefined) {
      return send(res, { status: 404, body: { error: 'not-found' } });
    }
    if (req.method !== method) {
      return send(res, { status: 405, body: { error: 'method-not-allowed' } }, { allow: method });
    }
    if (route.startsWith('/v1/')) return upload(req, res, path);
    return control(req, res, route);
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => {
      // A cut-off request or a receiver closing under it: nothing to answer, or a plain 500.
      if (!res.headersSent && !req.socket.destroyed) {
        send(res, { status: 500, body: { error: 'internal' } });
      }
    });
  };
  const server = options.tls ? createHttpsServer(options.tls, listener) : createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closed: Promise<void> | null = null;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${address.port}${basePath}`,
    stats: () => store.stats(),
    reports: () => store.reports(),
    records: () => store.records(),
    setFault: (fault) => faults.set(fault),
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => {
          store.close();
          resolve();
        });
        // Hanging requests and idle keep-alive sockets would hold server.close() forever.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
