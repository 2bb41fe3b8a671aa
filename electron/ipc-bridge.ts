// Carries the contract over Electron IPC: one invoke channel into dispatch(), one push channel
// for backend events. It must never let a thrown Error cross IPC (Electron keeps only its
// message) and never run a handler for a sender that is not the kiosk page.
import { eventSchemas, type EventName } from '../contract/api';
import { dispatch, type DispatchResult } from '../contract/dispatch';
import type { Kiosk } from '../backend/kiosk';
import { callChannel, eventChannel, type EventMessage } from './ipc-channels';

/** The part of an IpcMainInvokeEvent the bridge reads. */
export interface IpcInvokeEventLike {
  senderFrame?: { url: string } | null;
}

export type IpcInvokeListener = (event: IpcInvokeEventLike, ...args: unknown[]) => unknown;

/** The part of Electron's ipcMain the bridge uses. */
export interface IpcMainLike {
  handle(channel: string, listener: IpcInvokeListener): void;
  removeHandler?(channel: string): void;
}

export type SendToRenderer = (channel: string, payload: unknown) => void;

export function registerIpc(
  ipcMain: IpcMainLike,
  kiosk: Pick<Kiosk, 'handlers' | 'events' | 'authenticate' | 'audit'>,
  sendToRenderer: SendToRenderer,
  isTrusted: (event: IpcInvokeEventLike) => boolean,
): () => void {
  ipcMain.handle(callChannel, async (event, name, input, session): Promise<DispatchResult> => {
    // https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
    if (!isTrusted(event)) {
      return refusal('bad-input', 'This sender may not call the kiosk.');
    }
    if (typeof name !== 'string') {
      return refusal('unknown-operation', 'The operation name must be a string.');
    }
    const token = typeof session === 'string' ? session : null;
    const caller = { actor: kiosk.authenticate(token), session: token, origin: 'kiosk window' };
    return dispatch(kiosk.handlers, name, input, caller, kiosk.audit);
  });

  const unsubscribers = (Object.keys(eventSchemas) as EventName[]).map((event) =>
    kiosk.events.on(event, (payload) => {
      const message: EventMessage = { event, payload };
      try {
        sendToRenderer(eventChannel, message);
      } catch (error) {
        // A closing window must not break the backend's event emitter mid-emit.
        console.error(`Could not forward "${event}" to the kiosk window:`, error);
      }
    }),
  );

  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
    ipcMain.removeHandler?.(callChannel);
  };
}

function refusal(code: 'bad-input' | 'unknown-operation', message: string): DispatchResult {
  return { ok: false, error: { code, message } };
}
