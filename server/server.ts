// Server mode: the contract over HTTP (POST /api/op/<name>), events as server-sent events,
// and the built renderer as static files, on 127.0.0.1 unless the config allows the school
// network. The same dispatch() as the IPC bridge; it never trusts a request's Host, Origin,
// size or path, reads no body before it knows the caller may send one, and never answers
// another computer with personal data before it signs in. Behind a proxy on this machine, the
// caller is the address the proxy names (clientAddress).
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { readFile } from 'node:fs/promises';
import { bindRefusal } from '../backend/config/server-settings';
import { dispatch } from '../contract/dispatch';
import type { ActorView } from '../contract/api';
import type { ApiErrorBody } from '../contract/errors';
import type { Kiosk } from '../backend/kiosk';
import { resolveStaticFile } from '../backend/serving/app-protocol';
import { createEventStreams } from './event-streams';
import { createEventTickets } from './event-tickets';
import { handleHubRoute } from './hub-routes';
import { apiSecurityHeaders, pageSecurityHeaders } from '../backend/serving/security-headers';
import {
  addressKey,
  allowedHostHeaders,
  isAllowedHost,
  isLoopbackAddress,
  isWildcardHost,
  openToNetwork,
} from './server-access';
import {
  createSignInLimiter,
  type Admitted,
  type SignInLimiter,
  type SignInLimits,
} from './sign-in-limiter';

export interface ServerOptions {
  kiosk: Pick<Kiosk, 'handlers' | 'events' | 'authenticate' | 'audit'> & {
    hub?: Kiosk['hub'];
  };
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
   * false: a caller on this machine counts as another computer and must sign in too (tests).
   */
  trustLoopback?: boolean;
  /**
   * A reverse proxy on this machine passes on other computers' requests (config
   * `server.behindProxy`): no caller on this machine is the gate's own screen, and a request
   * from this machine is counted and logged as the address the proxy names (clientAddress).
   */
  behindProxy?: boolean;
  /** How often an event stream says it is alive and checks its session; tests make it short. */
  heartbeatMs?: number;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

// A roster file comes as base64 in the body: 2,000 pupils are about 80 KB, a big school's
// whole roster a few MB. Without a session (signing in) a body holds a name and a secret.
const maxBodyBytes = 8 * 1024 * 1024;
const openBodyBytes = 16 * 1024;
const heartbeatMs = 15_000;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const refusal = bindRefusal(host, options.allowLan ?? false);
  if (refusal !== null) throw new Error(refusal);
  const behindProxy = options.behindProxy ?? false;
  const trustLoopback = !behindProxy && (options.trustLoopback ?? true);
  const limiter = createSignInLimiter(options.signInLimits);
  const tickets = createEventTickets();
  const streams = createEventStreams({
    kiosk: options.kiosk,
    tickets,
    heartbeatMs: options.heartbeatMs ?? heartbeatMs,
  });
  let allowedHosts = new Set<string>();
  const server = createHttpServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      sendError(response, 500, 'internal', (error as Error).message);
    });
  });
  // `Expect: 100-continue` is answered by handle(): the body is asked for only once allowed.
  server.on('checkContinue', (request, response) => server.emit('request', request, response));

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!isAllowedHost(request.headers.host, allowedHosts)) {
      // DNS rebinding: a page on another name must not reach the kiosk through the browser.
      return sendError(response, 421, 'bad-input', 'Unexpected Host header.');
    }
    // A gate of this school hub: signed by the gate's own secret, not a session.
    if (await handleHubRoute(options.kiosk.hub ?? null, url.pathname, request, response)) return;
    const local = trustLoopback && isLoopbackAddress(request.socket.remoteAddress);
    if (url.pathname === '/api/events' && request.method === 'GET') {
      if (streams.open(response, url, local)) return;
      return sendError(response, 401, 'unauthorized', signInFirst);
    }
    const client = clientAddress(
      request.socket.remoteAddress,
      request.headers['x-forwarded-for'],
      behindProxy,
    );
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
      // Every refusal before the body is read closes the connection: the body is never read.
      if (request.method !== 'POST') {
        return sendError(response, 405, 'bad-input', 'Use POST.', { allow: 'POST', ...unread });
      }
      if (!isSameOrigin(request)) {
        return sendError(response, 403, 'bad-input', 'Cross-origin requests are refused.', unread);
      }
      if (isTicket) {
        if (session === null || actor === null) {
          return sendError(response, 401, 'unauthorized', 'Sign in first.', unread);
        }
        return sendJson(response, 200, { ticket: tickets.issue(session) });
      }
      const name = decodeURIComponent(url.pathname.slice('/api/op/'.length));
      const context = { kiosk: options.kiosk, limiter, streams };
      return callOperation(context, request, response, name, { local, actor, session, client });
    }
    if (url.pathname.startsWith('/api/')) {
      return sendError(response, 404, 'unknown-operation', 'No such API path.');
    }
    return serveStatic(options.staticDir, request, response, url);
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
      streams.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface OperationContext {
  kiosk: ServerOptions['kiosk'];
  limiter: SignInLimiter;
  streams: { endSession(session: string): void };
}

/** Who sent a request: the gate's own screen (local), and the session it brings, if any. */
interface Requester {
  local: boolean;
  actor: ActorView | null;
  session: string | null;
  client: string | undefined;
}

/**
 * POST /api/op/<name>: the body is read only once the caller may send it (and no more than
 * it may), a sign-in is held to the limits per computer, and dispatch() does the rest.
 */
async function callOperation(
  context: OperationContext,
  request: IncomingMessage,
  response: ServerResponse,
  name: string,
  who: Requester,
): Promise<void> {
  // The gate screen is for the kiosk's own window: another computer signs in first.
  const signedIn = who.local || who.actor !== null;
  if (!signedIn && !openToNetwork.has(name)) {
    return sendError(response, 401, 'unauthorized', signInFirst, unread);
  }
  const body = await readJson(request, response, signedIn ? maxBodyBytes : openBodyBytes);
  if (!body.ok) return sendError(response, body.status, 'bad-input', body.message, unread);
  let admitted: Admitted | null = null;
  if (name === 'signIn') {
    const verdict = context.limiter.admit(addressKey(who.client), usernameOf(body.value));
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
    admitted = verdict;
  }
  const { actor, session } = who;
  const caller = { actor, session, origin: `server ${who.client ?? '?'}` };
  const result = await dispatch(
    context.kiosk.handlers,
    name,
    body.value,
    caller,
    context.kiosk.audit,
  );
  const code = result.ok ? null : result.error.code;
  admitted?.settle(code === null ? 'right' : code === 'unauthorized' ? 'wrong' : 'neither');
  if (name === 'signOut' && session !== null) context.streams.endSession(session);
  return sendResult(response, result);
}

const signInFirst = 'Sign in first: from another computer, only signing in is open.';

function tooMany(seconds: number): string {
  return `Too many sign-in attempts from this computer: try again in ${seconds} s.`;
}

/** The username a sign-in names, as sent: the limiter puts it in usernameKey's form. */
function usernameOf(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const { username } = body as { username?: unknown };
  return typeof username === 'string' ? username : '';
}

/**
 * The caller's address. Behind a proxy on this machine, a request whose TCP peer is this
 * machine came through the proxy, and the caller is the right-most X-Forwarded-For entry: the
 * one the proxy wrote, with the address it was connected from (the proxy must set or append
 * it; entries to its left are whatever the caller sent, and are never believed). Otherwise —
 * no proxy, a peer on another machine, or no address at the header's end — the socket's.
 */
export function clientAddress(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  behindProxy: boolean,
): string | undefined {
  if (!behindProxy || !isLoopbackAddress(remoteAddress) || forwardedFor === undefined) {
    return remoteAddress;
  }
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  const last = (header.split(',').at(-1) ?? '').trim().replace(/^\[|\]$/g, '');
  return isIP(last) === 0 ? remoteAddress : last;
}

/** This machine's addresses, for the Host check of a server on 0.0.0.0 / ::. */
function localAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .filter((entry) => !entry.address.includes('%'))
    .map((entry) => entry.address);
}

/** The built renderer's files, for GET and HEAD; nothing when the server serves the API only. */
async function serveStatic(
  staticDir: string | null,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  if (staticDir === null || (request.method !== 'GET' && request.method !== 'HEAD')) {
    return sendError(response, 404, 'unknown-operation', 'Not found.');
  }
  const resolved = resolveStaticFile(staticDir, url.pathname);
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

function isSameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  return origin === undefined || origin === `http://${request.headers.host}`;
}

/** The header of an answer given without reading the request's body: no keep-alive after it. */
const unread = { connection: 'close' };

type JsonBody = { ok: true; value: unknown } | { ok: false; status: number; message: string };

/** The body, read only now, up to `limit` bytes (a larger announced length is not read at all). */
async function readJson(
  request: IncomingMessage,
  response: ServerResponse,
  limit: number,
): Promise<JsonBody> {
  const tooLarge = { ok: false, status: 413, message: 'Request body too large.' } as const;
  if (Number(request.headers['content-length'] ?? 0) > limit) return tooLarge;
  if (request.headers.expect?.toLowerCase() === '100-continue') response.writeContinue();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return tooLarge;
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
