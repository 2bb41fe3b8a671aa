// The kiosk client the renderer sees, whichever transport is underneath: Electron IPC through
// the preload, or HTTP plus server-sent events in server mode. A transport only carries raw
// values; this client parses every answer and every event with the contract's schemas and turns
// every failure into an ApiError, so the two transports cannot drift apart. Nothing here may
// import node:, electron or the DOM: the HTTP transport, which needs fetch and EventSource, lives
// in the renderer (renderer/api/http-client.ts).
import {
  eventSchemas,
  operations,
  type EventName,
  type EventPayload,
  type OperationInput,
  type OperationName,
  type OperationOutput,
} from './api';
import type { KioskBridge } from './bridge';
import { ApiError, errorCodeSchema, retryAfterOf } from './errors';

export interface KioskClient {
  call<N extends OperationName>(name: N, input: OperationInput<N>): Promise<OperationOutput<N>>;
  subscribe<E extends EventName>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ): () => void;
  /** The session token sent with every call from now on (null: signed out). */
  setSession?(token: string | null): void;
}

/** What carries calls and events for the client, unparsed both ways. */
export interface KioskTransport {
  /** The raw answer to one operation; throws (an ApiError when it can say which) on failure. */
  send(name: OperationName, input: unknown, session: string | null): Promise<unknown>;
  /** Hands `deliver` every raw payload of the event until the returned function is called. */
  listen(event: EventName, deliver: (payload: unknown) => void): () => void;
  /** The session changed (server mode opens its event stream again under it). */
  sessionChanged?(session: string | null): void;
}

type Listener = (payload: unknown) => void;

export function createClient(transport: KioskTransport): KioskClient {
  let session: string | null = null;
  // One transport subscription per event, shared by its listeners: a payload is parsed once.
  const events = new Map<EventName, { listeners: Set<Listener>; stop: () => void }>();

  function deliver(event: EventName, payload: unknown): void {
    const parsed = eventSchemas[event].safeParse(payload);
    if (!parsed.success) return; // A malformed event is dropped, never shown.
    for (const listener of [...(events.get(event)?.listeners ?? [])]) {
      try {
        listener(parsed.data);
      } catch (error) {
        console.error(`Listener for "${event}" failed`, error);
      }
    }
  }

  return {
    setSession(token) {
      if (token === session) return;
      session = token;
      transport.sessionChanged?.(token);
    },

    async call<N extends OperationName>(
      name: N,
      input: OperationInput<N>,
    ): Promise<OperationOutput<N>> {
      let answer: unknown;
      try {
        answer = await transport.send(name, input, session);
      } catch (error) {
        if (error instanceof ApiError) throw error;
        throw new ApiError('internal', error instanceof Error ? error.message : String(error));
      }
      const parsed = operations[name].output.safeParse(answer);
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
      let entry = events.get(event);
      if (entry === undefined) {
        const stop = transport.listen(event, (payload) => deliver(event, payload));
        entry = { listeners: new Set<Listener>(), stop };
        events.set(event, entry);
      }
      const shared = entry;
      shared.listeners.add(wrapped);
      return () => {
        shared.listeners.delete(wrapped);
        if (shared.listeners.size > 0 || events.get(event) !== shared) return;
        events.delete(event);
        shared.stop();
      };
    },
  };
}

/**
 * The client over the bridge the Electron preload exposes (bridge.ts). Electron's contextBridge
 * copies only the message of a thrown Error (custom properties such as `code` are dropped:
 * electron/electron#25596), so the preload hands over result envelopes and the ApiError is
 * made here, on the page's side; a failed IPC round trip (input that cannot be cloned, a
 * closing window) becomes an internal one.
 */
export function clientFromBridge(bridge: KioskBridge): KioskClient {
  return createClient({
    send: async (name, input, session) => unwrapResult(await bridge.invoke(name, input, session)),
    listen: (event, deliver) => bridge.subscribe(event, deliver),
  });
}

/** The value of a success envelope; an ApiError (with `code`) for a failure or a malformed one. */
export function unwrapResult(result: unknown): unknown {
  if (!isRecord(result) || typeof result.ok !== 'boolean') {
    throw new ApiError('internal', 'The kiosk backend sent a malformed reply.');
  }
  if (result.ok) return result.value;
  const error = isRecord(result.error) ? result.error : {};
  const code = errorCodeSchema.safeParse(error.code);
  const message = typeof error.message === 'string' ? error.message : 'The kiosk backend failed.';
  const wait = retryAfterOf(error);
  throw new ApiError(code.success ? code.data : 'internal', message, wait ?? undefined);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
