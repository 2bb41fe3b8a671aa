// Server mode: the contract over HTTP (POST /api/op/<name>), events as server-sent events,
// and the built renderer as static files, on 127.0.0.1. The same dispatch() as the IPC
// bridge; it never trusts a request's Host, Origin, size or path.
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventSchemas, type EventName } from './contract/api';
import { dispatch } from './contract/dispatch';
import type { ApiErrorBody } from './contract/errors';
import type { Kiosk } from './kiosk';
import { contentSecurityPolicy, resolveStaticFile } from './shell/app-protocol';
import { readFile } from 'node:fs/promises';

export interface ServerOptions {
  kiosk: Pick<Kiosk, 'handlers' | 'events' | 'authenticate' | 'audit'>;
  /** The built renderer (dist/renderer); null serves the API only. */
  staticDir: string | null;
  host?: string;
  port?: number;
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
  const streams = new Set<ServerResponse>();
  const server = createHttpServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      sendError(response, 500, 'internal', (error as Error).message);
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!isAllowedHost(request.headers.host, host, port())) {
      // DNS rebinding: a page on another name must not reach the kiosk through the browser.
      return sendError(response, 421, 'bad-input', 'Unexpected Host header.');
    }
    if (url.pathname === '/api/events' && request.method === 'GET') {
      return openEventStream(response);
    }
    if (url.pathname === '/api/status' && request.method === 'GET') {
      return sendResult(response, await dispatch(options.kiosk.handlers, 'status', {}));
    }
    if (url.pathname.startsWith('/api/op/')) {
      if (request.method !== 'POST') {
        return sendError(response, 405, 'bad-input', 'Operations are called with POST.');
      }
      if (!isSameOrigin(request)) {
        return sendError(response, 403, 'bad-input', 'Cross-origin requests are refused.');
      }
      const body = await readJson(request);
      if (!body.ok) return sendError(response, body.status, 'bad-input', body.message);
      const name = decodeURIComponent(url.pathname.slice('/api/op/'.length));
      // The session travels in a header, not a cookie: a page on another origin cannot make
      // the browser send it.
      const header = request.headers['x-kiosk-session'];
      const session = typeof header === 'string' && header.length <= 100 ? header : null;
      const caller = {
        actor: options.kiosk.authenticate(session),
        session,
        origin: `server ${request.socket.remoteAddress ?? 'unknown'}`,
      };
      const result = await dispatch(
        options.kiosk.handlers,
        name,
        body.value,
        caller,
        options.kiosk.audit,
      );
      return sendResult(response, result);
    }
    if (url.pathname.startsWith('/api/')) {
      return sendError(response, 404, 'unknown-operation', 'No such API path.');
    }
    return serveStatic(request, response, url);
  }

  function openEventStream(response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    response.write('retry: 1000\n\n');
    streams.add(response);
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), heartbeatMs);
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
    response.writeHead(200, {
      'content-type': resolved.mimeType,
      'content-security-policy': contentSecurityPolicy,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
    response.end(request.method === 'HEAD' ? undefined : content);
  }

  function port(): number {
    return (server.address() as AddressInfo | null)?.port ?? 0;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });

  return {
    url: `http://${host}:${port()}`,
    async close() {
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function isAllowedHost(header: string | undefined, host: string, port: number): boolean {
  if (header === undefined) return false;
  return [`${host}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`].includes(header);
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
    unavailable: 503,
  }[result.error.code as string];
  sendJson(response, status ?? 500, { error: result.error } satisfies ApiErrorBody);
}

function sendError(
  response: ServerResponse,
  status: number,
  code: ApiErrorBody['error']['code'],
  message: string,
): void {
  if (response.headersSent) return void response.end();
  sendJson(response, status, { error: { code, message } } satisfies ApiErrorBody);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(value));
}
