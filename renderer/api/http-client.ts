// The kiosk's transport over HTTP for server mode: operations are POST /api/op/<name>, events
// come from one shared EventSource on /api/events (signed in: with a ticket for the session,
// since EventSource cannot send the session header; the session itself never goes in a URL).
// It lives in the renderer because it needs fetch and EventSource; the contract's client
// (createClient) parses what it carries, as it does for the Electron bridge.
import type { EventName } from '../../contract/api';
import { createClient, type KioskClient, type KioskTransport } from '../../contract/client';
import { ApiError, apiErrorSchema } from '../../contract/errors';

/** The part of EventSource this client uses, so tests can pass a fake. */
export interface EventSourceLike {
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  removeEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

export interface HttpTransport {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  openEvents: (url: string) => EventSourceLike;
}

export function browserTransport(): HttpTransport {
  return {
    fetch: (url, init) => globalThis.fetch(url, init),
    openEvents: (url) => new EventSource(url),
  };
}

export function createHttpClient(
  baseUrl = '',
  transport: HttpTransport = browserTransport(),
): KioskClient {
  return createClient(httpTransport(baseUrl, transport));
}

/** Operations and events over HTTP, unparsed: the contract's client (createClient) parses them. */
function httpTransport(baseUrl: string, transport: HttpTransport): KioskTransport {
  const handlers = new Map<EventName, (event: MessageEvent) => void>();
  let source: EventSourceLike | null = null;
  let ticket: string | null = null;
  let sessionChanges = 0;

  function eventsUrl(): string {
    const query = ticket === null ? '' : `?ticket=${encodeURIComponent(ticket)}`;
    return `${baseUrl}/api/events${query}`;
  }

  /** The stream again, under the current ticket, with the same listeners. */
  function reopen(): void {
    if (source === null) return;
    source.close();
    const next = transport.openEvents(eventsUrl());
    for (const [event, handler] of handlers) next.addEventListener(event, handler);
    source = next;
  }

  return {
    sessionChanged(token) {
      ticket = null;
      const change = ++sessionChanges;
      if (token === null) return reopen();
      void requestTicket(transport, baseUrl, token).then((issued) => {
        if (change !== sessionChanges) return; // Signed out or in again meanwhile.
        ticket = issued;
        reopen();
      });
    },

    async send(name, input, session) {
      const response = await post(transport, `${baseUrl}/api/op/${name}`, input, session);
      const body = await readJson(response);
      if (!response.ok) throw toApiError(response.status, body);
      return body;
    },

    // The client listens once per event, so one handler per event name is enough.
    listen(event, deliver) {
      source ??= transport.openEvents(eventsUrl());
      const handler = (message: MessageEvent): void => deliver(parseJson(message.data));
      handlers.set(event, handler);
      source.addEventListener(event, handler);
      return () => {
        source?.removeEventListener(event, handler);
        handlers.delete(event);
        if (handlers.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },
  };
}

async function post(
  transport: HttpTransport,
  url: string,
  input: unknown,
  session: string | null,
): Promise<Response> {
  try {
    return await transport.fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(session === null ? {} : { 'x-kiosk-session': session }),
      },
      body: JSON.stringify(input ?? {}),
    });
  } catch (error) {
    throw new ApiError('unavailable', error instanceof Error ? error.message : String(error));
  }
}

/** A ticket that opens the event stream for this session (server.ts), or null. */
async function requestTicket(
  transport: HttpTransport,
  baseUrl: string,
  session: string,
): Promise<string | null> {
  try {
    const response = await transport.fetch(`${baseUrl}/api/events/ticket`, {
      method: 'POST',
      headers: { accept: 'application/json', 'x-kiosk-session': session },
    });
    if (!response.ok) return null;
    const body = (await readJson(response)) as { ticket?: unknown } | undefined;
    return typeof body?.ticket === 'string' ? body.ticket : null;
  } catch {
    return null;
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return parseJson(await response.text());
  } catch {
    return undefined;
  }
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function toApiError(status: number, body: unknown): ApiError {
  const parsed = apiErrorSchema.safeParse(body);
  if (parsed.success) {
    const { code, message, retryAfterSeconds } = parsed.data.error;
    return new ApiError(code, message, retryAfterSeconds);
  }
  // No contract body: a proxy or a server that is down or starting answered instead.
  const code = status === 502 || status === 503 || status === 504 ? 'unavailable' : 'internal';
  return new ApiError(code, `HTTP ${status}`);
}
