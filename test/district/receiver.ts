// The reference district receiver: docs/district-protocol.md implemented strictly on plain
// node:http (node:https when given a certificate), for the kiosk's upload tests and for
// `npm run district`. Each upload goes through the document's order of checks shared with the
// district service (district/protocol/intake.ts): the headers, the signature and the clock
// before anything is decompressed, the document's answers to what it refuses. This receiver
// accepts one secret for every gate, commits to its own SQLite file before it answers 200, and
// plays a failing district on demand (faults.ts).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import {
  BatchConflict,
  openDistrictStore,
  type DistrictStats,
  type DistrictStore,
  type StoredReport,
} from './district-store';
import { faultBody, faultRequestSchema, FaultState, type Fault } from './faults';
import {
  answerUpload,
  malformed,
  readBody,
  send,
  type Answer,
  type Intake,
} from '../../district/protocol/intake';
import { dateSchema } from '../../district/protocol/protocol';

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

function isLoopback(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress ?? '';
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

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

  // One secret for every school and gate, none refused: the document's order of checks and
  // its answers are the shared intake's (district/protocol/intake.ts).
  const intake: Intake = {
    secretOf: () => Promise.resolve(options.secret),
    refusalOf: () => Promise.resolve(null),
    storeBatch: (batch, digest, receivedAt) => {
      try {
        return Promise.resolve(store.storeBatch(batch, digest, receivedAt));
      } catch (error) {
        if (!(error instanceof BatchConflict)) throw error;
        return Promise.resolve('conflict');
      }
    },
    storeReport: (report, digest, receivedAt) =>
      Promise.resolve(store.storeReport(report, digest, receivedAt)),
  };

  /** A signed upload, checked in the document's order; stored (and committed) on success. */
  const check = (req: IncomingMessage, path: string, raw: Buffer | 'too-large', clock: number) =>
    answerUpload({ req, path, raw, clock, skewMs }, intake);

  async function upload(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const raw = await readBody(req);
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
      if (fault.afterStoring === true) await check(req, path, raw, clock);
      res.sendDate = false;
      res.writeHead(fault.status, { ...(date ? { date } : {}), ...fault.headers });
      res.end(fault.body);
      return;
    }
    const answer = await check(req, path, raw, clock);
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
