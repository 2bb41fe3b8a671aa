// The district service's HTTP(S) server: the kiosks' uploads (docs/district-protocol.md) at
// {basePath}/v1/batches and {basePath}/v1/daily-reports, the bureau's pages under /bureau, and
// /healthz for a load balancer. It keeps nothing between requests but its database pool: any
// number of these processes may stand in front of one database.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { answerUpload, malformed, readBody, send, type Intake } from '../protocol/intake';
import { migrate, openDb } from './db';
import { gateAccess, storeBatch, storeReport, type GateAccess } from './ingest';
import type { Bureau, BureauOptions } from '../bureau/bureau';
import type { Keyring } from './secrets';

/** district/bureau/bureau.ts's createBureau: the bureau's pages and its clock-driven alerts. */
export type CreateBureau = (o: BureauOptions) => Bureau;

export interface DistrictServiceOptions {
  /** postgres://user@host:port/database */
  databaseUrl: string;
  /** Opens the gates' sealed secrets (district/service/secrets.ts). */
  keyring: Keyring;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** 127.0.0.1 unless told: a district puts its own TLS front or gives `tls`. */
  host?: string;
  /** A prefix for the kiosks' /v1/* paths, as in `https://edu.example.gov.cn/gate`. */
  basePath?: string;
  /**
   * The address kiosks reach the service at, base path included, when it differs from the
   * service's own (behind a reverse proxy): shown by the bureau with a secret just issued.
   */
  publicUrl?: string;
  /** The service's clock, milliseconds since 1970 (tests fix it). */
  now?: () => number;
  /** How far X-Timestamp may be from the clock, either way: 300. */
  skewSeconds?: number;
  /** A certificate and its key (PEM): HTTPS instead of HTTP. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** How often bureau.sweep() runs: 60; 0 never (tests call it themselves). */
  sweepSeconds?: number;
  /** Database connections of this process: 10. */
  poolSize?: number;
  /**
   * The bureau's pages (`createBureau` from district/bureau/bureau.ts, which the command line
   * passes); without them /bureau answers 404 and nothing is swept: a process for uploads only.
   */
  bureau?: CreateBureau;
  /** Where the service says what went wrong with a request (stderr unless told). */
  log?: (line: string) => void;
}

export interface DistrictService {
  /** The service's root: the bureau's pages are at url + '/bureau/'. */
  url: string;
  /** What a kiosk's district.url is set to: url with the base path. */
  uploadUrl: string;
  pool: pg.Pool;
  close(): Promise<void>;
}

const uploadRoutes = new Set(['/v1/batches', '/v1/daily-reports']);

/**
 * A failure of the database (down, restarting, out of connections) rather than of this request:
 * 503, which the kiosk retries; anything else is a 500, retried too, and logged as a fault.
 */
function isDatabaseDown(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return (
    /^(08|53|57P)/.test(code) ||
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code) ||
    /Connection terminated|connection timeout|Client has encountered a connection error/i.test(
      (error as Error).message ?? '',
    )
  );
}

export async function startDistrictService(
  options: DistrictServiceOptions,
): Promise<DistrictService> {
  const now = options.now ?? Date.now;
  const skewMs = (options.skewSeconds ?? 300) * 1000;
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const pool = openDb(options.databaseUrl, { max: options.poolSize ?? 10 });
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const { keyring } = options;
  const bureau =
    options.bureau?.({ pool, keyring, now, publicUrl: options.publicUrl, basePath }) ?? null;

  /** The document's checks with this database's gates and stores, for one request. */
  function intake(): Intake {
    // One look at the gate serves both its steps (the secret, then the 403).
    let access: Promise<GateAccess> | undefined;
    const gate: Intake['secretOf'] = async (sender) =>
      (await (access ??= gateAccess(pool, keyring, sender))).secret;
    return {
      secretOf: gate,
      refusalOf: async (sender) => (await (access ??= gateAccess(pool, keyring, sender))).refusal,
      storeBatch: (batch, digest, receivedAt) => storeBatch(pool, batch, digest, receivedAt),
      storeReport: async (report, digest, receivedAt) => {
        const stored = await storeReport(pool, report, digest, receivedAt);
        return typeof stored === 'string' ? stored : malformed(stored.reason);
      },
    };
  }

  async function upload(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const raw = await readBody(req);
    const clock = now();
    const answer = await answerUpload({ req, path, raw, clock, skewMs }, intake());
    // The Date header is the clock the timestamp was checked against: a kiosk told its request
    // is stale compares it with its own to say which clock is off.
    res.sendDate = false;
    send(res, answer, { date: new Date(clock).toUTCString() });
  }

  async function health(res: ServerResponse): Promise<void> {
    try {
      await pool.query('SELECT 1');
      send(res, { status: 200, body: { ok: true } });
    } catch {
      send(res, { status: 503, body: { ok: false, error: 'the database does not answer' } });
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/bureau' || path.startsWith('/bureau/')) {
      if (bureau) return bureau.handle(req, res);
      return send(res, { status: 404, body: { error: 'not-found' } });
    }
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) return health(res);
    if (path === '/' && bureau) {
      res.writeHead(302, { location: '/bureau/' });
      res.end();
      return;
    }
    const route = path.startsWith(`${basePath}/`) ? path.slice(basePath.length) : null;
    if (route === null || !uploadRoutes.has(route)) {
      return send(res, { status: 404, body: { error: 'not-found' } });
    }
    if (req.method !== 'POST') {
      return send(res, { status: 405, body: { error: 'method-not-allowed' } }, { allow: 'POST' });
    }
    return upload(req, res, path);
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      // A request cut off by its sender has nobody to answer.
      if (res.headersSent || req.socket.destroyed) return;
      const down = isDatabaseDown(error);
      log(`${req.method} ${req.url}: ${down ? 'database unavailable: ' : ''}${String(error)}`);
      send(
        res,
        down
          ? { status: 503, body: { error: 'unavailable' } }
          : { status: 500, body: { error: 'internal' } },
        down ? { 'retry-after': '5' } : {},
      );
    });
  };
  const server = options.tls ? createHttpsServer(options.tls, listener) : createServer(listener);
  // A kiosk sends a batch every few seconds at rush hour and every minute or so otherwise: keep
  // its connection open past Node's 5 s default, so it is not closed between two batches (a
  // request on a socket closed under it is sent again, which costs a round trip and a resend).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${options.tls ? 'https' : 'http'}://${host}:${address.port}`;

  const sweepMs = (options.sweepSeconds ?? 60) * 1000;
  const sweeper =
    bureau && sweepMs > 0
      ? setInterval(() => {
          bureau
            .sweep()
            .catch((error: unknown) => log(`the alerts sweep failed: ${String(error)}`));
        }, sweepMs)
      : null;
  sweeper?.unref();

  let closed: Promise<void> | null = null;
  return {
    url,
    uploadUrl: `${url}${basePath}`,
    pool,
    close() {
      closed ??= (async () => {
        if (sweeper) clearInterval(sweeper);
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Idle keep-alive sockets would hold server.close() forever.
          server.closeIdleConnections();
        });
        await pool.end();
      })();
      return closed;
    },
  };
}
