// Server mode: the contract over HTTP (POST /api/op/<name>), events as server-sent events,
// and the built renderer as static files, on 127.0.0.1 unless the config allows the school
// network. The same dispatch() as the IPC bridge; it never trusts a request's Host, Origin,
// size or path, and never answers another computer with personal data before it signs in.
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { readFile } from 'node:fs/promises';
import { bindRefusal } from './config/server-settings';
import { eventSchemas, type EventName } from './contract/api';
import { dispatch } from './contract/dispatch';
import type { ApiErrorBody } from './contract/errors';
import type { Kiosk } from './kiosk';
import { resolveStaticFile } from './shell/app-protocol';
import { createEventTickets } from './shell/event-tickets';
import { apiSecurityHeaders, pageSecurityHeaders } from './shell/security-headers';
import {
  addressKey,
  allowedHostHeaders,
  isAllowedHost,
  isLoopbackAddress,
  isWildcardHost,
  openToNetwork,
} from './shell/server-access';
import { createSignInLimiter, type SignInLimits } from './shell/sign-in-limiter';

export interface ServerOptions {
  kiosk: Pick<Kiosk, 'handlers' | 'events' | 'authenticate' | 'audit'>;
  /** The built renderer (dist/renderer); null serves the API only. */
  staticDir: string | null;
  host?: string;
  port?: number;
  /** Must be true to listen on an address other computers reach (config `server.allowLan`). */
  allowLan?: boolean;
  /** Further names the office PCs use for this kiosk (config `server.hostNames`). */
  hostNames?: readonly string[];
  /** Sign-in limits per caller address (sign-in-limiter.ts); tests make them small. */
  signInLimits?: SignInLimits;
  /**
   * false: a caller on this machine counts as another computer and must sign in too. For tests,
   * and for the day someone puts a proxy on this machine in front of the kiosk.
   */
  trustLoopback?: boolean;
  /** How often an event stream says it is alive and checks its session; tests make it short. */
  heartbeatMs?: number;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

// A roster file comes as base64 in the body: 2,000 pupils are about 80 KB, a big school's
// whole roster a few MB.
const maxBodyBytes = 8 * 1024 * 1024;
const heartbeatMs = 15_000;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const refusal = bindRefusal(host, options.allowLan ?? false);
  if (refusal !== null) throw new Error(refusal);
  const trustLoopback = options.trustLoopback ?? true;
  const limiter = createSignInLimiter(options.signInLimits);
  const tickets = createEventTickets();
  /** Open event streams, with the session each was opened for (null: this machine's screen). */
  const streams = new Map<ServerResponse, string | null>();
  let allowedHosts = new Set<string>();
  const server = createHttpServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      sendError(response, 500, 'internal', (error as Error).message);
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!isAllowedHost(request.headers.host, allowedHosts)) {
      // DNS rebinding: a page on another name must not reach the kiosk through the browser.
      return sendError(response, 421, 'bad-input', 'Unexpected Host header.');
    }
    const local = trustLoopback && isLoopbackAddress(request.socket.remoteAddress);
    if (url.pathname === '/api/events' && request.method === 'GET') {
      return openEventStream(response, url, local);
    }
    // The session travels in a header, not a cookie: a page on another origin cannot make the
    // browser send it.
    const header = request.headers['x-kiosk-session'];
    const session = typeof header === 'string' && header.length <= 100 ? header : null;
    const actor = options.kiosk.authenticate(session);
    if (url.pathname === '/api/status' && request.method === 'GET') {
      if (!local && actor === null) return sendError(response, 401, 'unauthorized', signInFirst);
      return sendResult(response, await dispatch(options.kiosk.handlers, 'status', {}));
    }
    const isTicket = url.pathname === '/api/events/ticket';
    if (url.pathname.startsWith('/api/op/') || isTicket) {
      if (request.method !== 'POST') {
        return sendError(response, 405, 'bad-input', 'Use POST.', { allow: 'POST' });
      }
      if (!isSameOrigin(request)) {
        return sendError(response, 403, 'bad-input', 'Cross-origin requests are refused.');
      }
      if (isTicket) {
        if (session === null || actor === null) {
          return sendError(response, 401, 'unauthorized', 'Sign in first.');
        }
        return sendJson(response, 200, { ticket: tickets.issue(session) });
      }
      const body = await readJson(request);
      if (!body.ok) return sendError(response, body.status, 'bad-input', body.message);
      const name = decodeURIComponent(url.pathname.slice('/api/op/'.length));
      // The gate screen is for the kiosk's own window: another computer signs in first.
      if (!local && actor === null && !openToNetwork.has(name)) {
        return sendError(response, 401, 'unauthorized', signInFirst);
      }
      const address = addressKey(request.socket.remoteAddress);
      const username = usernameOf(body.value);
      if (name === 'signIn') {
        const verdict = limiter.admit(address, username);
        if (!verdict.ok) {
          const { retryAfterSeconds } = verdict;
          const error = { code: 'rate-limited', message: tooMany(retryAfterSeconds) } as const;
          return sendJson(
            response,
            429,
            { error: { ...error, retryAfterSeconds } } satisfies ApiErrorBody,
            { 'retry-after': String(retryAfterSeconds) },
          );
        }
      }
      const caller = { actor, session, origin: `server ${request.socket.remoteAddress ?? '?'}` };
      const result = await dispatch(
        options.kiosk.handlers,
        name,
        body.value,
        caller,
        options.kiosk.audit,
      );
      if (name === 'signIn' && (result.ok || result.error.code === 'unauthorized')) {
        limiter.settle(address, username, result.ok);
      }
      if (name === 'signOut' && session !== null) endSession(session);
      return sendResult(response, result);
    }
    if (url.pathname.startsWith('/api/')) {
      return sendError(response, 404, 'unknown-operation', 'No such API path.');
    }
    return serveStatic(request, response, url);
  }

  function openEventStream(response: ServerResponse, url: URL, local: boolean): void {
    // EventSource cannot send the session header: another computer brings a ticket
    // (event-tickets.ts) that stands for its session.
    const ticket = url.searchParams.get('ticket');
    const session = ticket === null ? null : tickets.sessionOf(ticket);
    if (!local && (session === null || options.kiosk.authenticate(session) === null)) {
      if (session !== null) tickets.revoke(session);
      return sendError(response, 401, 'unauthorized', signInFirst);
    }
    response.writeHead(200, {
      ...apiSecurityHeaders(),
      'content-type': 'text/event-stream; charset=utf-8',
      connection: 'keep-alive',
    });
    response.write('retry: 1000\n\n');
    streams.set(response, session);
    // A session that expired or went idle ends its stream at the next heartbeat; asking does not
    // count as activity, or an open screen would keep an admin signed in forever.
    const heartbeat = setInterval(() => {
      if (session !== null && options.kiosk.authenticate(session, false) === null) {
        endSession(session);
        return;
      }
      response.write(': keep-alive\n\n');
    }, options.heartbeatMs ?? heartbeatMs);
    const unsubscribe = (Object.keys(eventSchemas) as EventName[]).map((event) =>
      options.kiosk.events.on(event, (payload) => {
        response.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
      }),
    );
    response.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe.forEach((off) => off());
      streams.delete(response);
    });
  }

  /** Signed out: its ticket stops working and the streams it opened close. */
  function endSession(session: string): void {
    tickets.revoke(session);
    for (const [stream, owner] of streams) if (owner === session) stream.end();
  }

  async function serveStatic(request: IncomingMessage, response: ServerResponse, url: URL) {
    if (options.staticDir === null || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return sendError(response, 404, 'unknown-operation', 'Not found.');
    }
    const resolved = resolveStaticFile(options.staticDir, url.pathname);
    if (!resolved.ok) return sendError(response, resolved.status, 'bad-input', 'Not found.');
    let content: Buffer;
    try {
      content = await readFile(resolved.file);
    } catch {
      return sendError(response, 404, 'bad-input', 'Not found.');
    }
    response.writeHead(200, { ...pageSecurityHeaders(), 'content-type': resolved.mimeType });
    response.end(request.method === 'HEAD' ? undefined : content);
  }

  function port(): number {
    return (server.address() as AddressInfo | null)?.port ?? 0;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host.replace(/^\[|\]$/g, ''), () => resolve());
  });
  allowedHosts = allowedHostHeaders({
    host,
    port: port(),
    hostNames: options.hostNames,
    interfaceAddresses: isWildcardHost(host) ? localAddresses() : [],
  });

  const bare = host.replace(/^\[|\]$/g, '');
  const shownHost = isWildcardHost(host) ? '127.0.0.1' : bare.includes(':') ? `[${bare}]` : bare;
  return {
    url: `http://${shownHost}:${port()}`,
    async close() {
      for (const stream of streams.keys()) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const signInFirst = 'Sign in first: from another computer, only signing in is open.';

function tooMany(seconds: number): string {
  return `Too many sign-in attempts from this computer: try again in ${seconds} s.`;
}

function usernameOf(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const { username } = body as { username?: unknown };
  return typeof username === 'string' ? username.slice(0, 64) : '';
}

/** This machine's addresses, for the Host check of a server on 0.0.0.0 / ::. */
function localAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .filter((entry) => !entry.address.includes('%'))
    .map((entry) => entry.address);
}

function isSameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  return origin === undefined || origin === `http://${request.headers.host}`;
}

type JsonBody = { ok: true; value: unknown } | { ok: false; status: number; message: string };

async function readJson(request: IncomingMessage): Promise<JsonBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) return { ok: false, status: 413, message: 'Request body too large.' };
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status: 400, message: 'The request body is not valid JSON.' };
  }
}

function sendResult(response: ServerResponse, result: Awaited<ReturnType<typeof dispatch>>): void {
  if (result.ok) return sendJson(response, 200, result.value);
  const status = {
    'bad-input': 400,
    unauthorized: 401,
    forbidden: 403,
    'unknown-operation': 404,
    locked: 429,
    disabled: 403,
    'rate-limited': 429,
    unavailable: 503,
  }[result.error.code as string];
  sendJson(response, status ?? 500, { error: result.error } satisfies ApiErrorBody);
}

function sendError(
  response: ServerResponse,
  status: number,
  code: ApiErrorBody['error']['code'],
  message: string,
  headers: Record<string, string> = {},
): void {
  if (response.headersSent) return void response.end();
  sendJson(response, status, { error: { code, message } } satisfies ApiErrorBody, headers);
}

function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    ...apiSecurityHeaders(),
    ...headers,
    'content-type': 'application/json; charset=utf-8',
  });
  response.end(JSON.stringify(value));
}
