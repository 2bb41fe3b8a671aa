// What the Electron preload puts on the page's window: the key and the shape of the bridge.
// Imports nothing, so the sandboxed preload bundles it without the contract's schemas; the page
// turns the bridge into a client with clientFromBridge() (client.ts).

/** The name under which the preload exposes its bridge on `window`. */
export const bridgeKey = 'kiosk';

/** What the preload exposes on `window[bridgeKey]`. */
export interface KioskBridge {
  /** Resolves to the DispatchResult envelope `{ ok: true, value } | { ok: false, error }`. */
  invoke(name: string, input: unknown, session?: string | null): Promise<unknown>;
  /** Calls listener with each payload of the named event; returns the unsubscribe function. */
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}
