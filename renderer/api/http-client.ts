// The kiosk client over HTTP for server mode: operations are POST /api/op/<name>, events come
// from one shared EventSource on /api/events (signed in: with a ticket for the session, since
// EventSource cannot send the session header; the session itself never goes in a URL). Every payload is parsed with the contract's
// schemas; this module must never hand the screen an unparsed value or throw a non-ApiError.
import {
  eventSchemas,
  operations,
  type EventName,
  type EventPayload,
  type OperationInput,
  type OperationName,
  type OperationOutput,
} from '../../contract/api';
import type { KioskClient } from '../../contract/client';
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

type Listener = (payload: unknown) => void;

export function createHttpClient(
  baseUrl = '',
  transport: HttpTransport = browserTransport(),
): KioskClient {
  const listeners = new Map<EventName, Set<Listener>>();
  const handlers = new Map<EventName, (event: MessageEvent) => void>();
  let source: EventSourceLike | null = null;
  let session: string | null = null;
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

  function deliver(event: EventName, message: MessageEvent): void {
    const parsed = eventSchemas[event].safeParse(parseJson(message.data));
    if (!parsed.success) return; // A malformed event is dropped, never shown.
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try {
        listener(parsed.data);
      } catch (error) {
        console.error(`Listener for "${event}" failed`, error);
      }
    }
  }

  function attach(event: EventName): void {
    source ??= transport.openEvents(eventsUrl());
    if (handlers.has(event)) return;
    const handler = (message: MessageEvent): void => deliver(event, message);
    handlers.set(event, handler);
    source.addEventListener(event, handler);
  }

  function detachIfUnused(event: EventName): void {
    if ((listeners.get(event)?.size ?? 0) > 0) return;
    const handler = handlers.get(event);
    if (handler && source) source.removeEventListener(event, handler);
    handlers.delete(event);
    if (handlers.size === 0 && source) {
      source.close();
      source = null;
    }
  }

  return {
    setSession(token) {
      if (token === session) return;
      session = token;
      ticket = null;
      const change = ++sessionChanges;
      if (token === null) return reopen();
      void requestTicket(transport, baseUrl, token).then((issued) => {
        if (change !== sessionChanges) return; // Signed out or in again meanwhile.
        ticket = issued;
        reopen();
      });
    },
    async call<N extends OperationName>(
      name: N,
      input: OperationInput<N>,
    ): Promise<OperationOutput<N>> {
      const response = await post(transport, `${baseUrl}/api/op/${name}`, input, session);
      const body = await readJson(response);
      if (!response.ok) throw toApiError(response.status, body);
      const parsed = operations[name].output.safeParse(body);
      if (!parsed.success) {
        throw new ApiError('internal', `The answer to "${name}" did not match the contract.`);
      }
      return parsed.data as OperationOutput<N>;
    },

    subscribe<E extends EventName>(
      event: E,
      listener: (payload: EventPayload<E>) => void,
    ): () => void {
      const wrapped: Listener = (payload) => listener(payload as EventPayload<E>);
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(wrapped);
      listeners.set(event, set);
      attach(event);
      return () => {
        set.delete(wrapped);
        detachIfUnused(event);
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
