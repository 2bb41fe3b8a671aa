// The client interface the renderer sees, whichever transport is underneath (Electron IPC
// through the preload, or HTTP plus server-sent events in server mode).
import type {
  EventName,
  EventPayload,
  OperationInput,
  OperationName,
  OperationOutput,
} from './api';

export interface KioskClient {
  call<N extends OperationName>(name: N, input: OperationInput<N>): Promise<OperationOutput<N>>;
  subscribe<E extends EventName>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ): () => void;
  /** The session token sent with every call from now on (null: signed out). */
  setSession?(token: string | null): void;
}

/**
 * The name under which the preload exposes its bridge on `window`; the page turns it into a
 * KioskClient with clientFromBridge() (bridge-client.ts).
 */
export const bridgeKey = 'kiosk';
