// The two IPC channel names the preload and the main side share. Imports nothing, so the
// sandboxed preload can bundle it without pulling in the contract's schemas.

/** renderer → main: (name, input) → DispatchResult. */
export const callChannel = 'kiosk:call';
/** main → renderer: { event, payload } for every contract event. */
export const eventChannel = 'kiosk:event';

export interface EventMessage {
  event: string;
  payload: unknown;
}
