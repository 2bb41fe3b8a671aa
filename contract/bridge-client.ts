// Turns the raw bridge the Electron preload exposes into a KioskClient, in the page's own world.
// Electron's contextBridge copies only the message of a thrown Error (custom properties such as
// `code` are dropped: electron/electron#25596), so the preload hands over result envelopes and
// the ApiError is thrown here, on this side. Nothing here may import node:, electron or the DOM.
import type {
  EventName,
  EventPayload,
  OperationInput,
  OperationName,
  OperationOutput,
} from './api';
import type { KioskClient } from './client';
import { ApiError, errorCodeSchema, retryAfterOf } from './errors';

/** What the preload exposes on `window[bridgeKey]`. */
export interface KioskBridge {
  /** Resolves to the DispatchResult envelope `{ ok: true, value } | { ok: false, error }`. */
  invoke(name: string, input: unknown, session?: string | null): Promise<unknown>;
  /** Calls listener with each payload of the named event; returns the unsubscribe function. */
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
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

export function clientFromBridge(bridge: KioskBridge): KioskClient {
  let session: string | null = null;
  return {
    setSession(token) {
      session = token;
    },
    async call<N extends OperationName>(
      name: N,
      input: OperationInput<N>,
    ): Promise<OperationOutput<N>> {
      let result: unknown;
      try {
        result = await bridge.invoke(name, input, session);
      } catch (error) {
        // IPC itself failed (input that cannot be cloned, window closing): still a typed error.
        throw new ApiError('internal', error instanceof Error ? error.message : String(error));
      }
      return unwrapResult(result) as OperationOutput<N>;
    },
    subscribe<E extends EventName>(
      event: E,
      listener: (payload: EventPayload<E>) => void,
    ): () => void {
      return bridge.subscribe(event, (payload) => listener(payload as EventPayload<E>));
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
