// The sandboxed preload: exposes the kiosk bridge (invoke an operation, subscribe to an event) on
// window.kiosk and nothing else. It must never expose ipcRenderer, the IPC event object, or
// Node; the page wraps the bridge with clientFromBridge() from the contract.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { bridgeKey, type KioskBridge } from '../contract/bridge';
import { callChannel, eventChannel } from './ipc-channels';

type Listener = (payload: unknown) => void;
const listenersByEvent = new Map<string, Set<Listener>>();

// One IPC listener for all subscriptions; the page's listeners get the payload only, never the
// IpcRendererEvent (it carries `sender`, i.e. ipcRenderer itself).
// https://www.electronjs.org/docs/latest/tutorial/context-isolation#security-considerations
ipcRenderer.on(eventChannel, (_event: IpcRendererEvent, message: unknown) => {
  if (typeof message !== 'object' || message === null) return;
  const { event, payload } = message as { event?: unknown; payload?: unknown };
  if (typeof event !== 'string') return;
  for (const listener of [...(listenersByEvent.get(event) ?? [])]) {
    try {
      listener(payload);
    } catch (error) {
      console.error(`A "${event}" listener failed:`, error);
    }
  }
});

const bridge: KioskBridge = {
  // Resolves to the result envelope rather than throwing: contextBridge would strip `code`.
  invoke: (name, input, session) =>
    ipcRenderer.invoke(callChannel, name, input, typeof session === 'string' ? session : null),
  subscribe(event, listener) {
    if (typeof event !== 'string' || typeof listener !== 'function') {
      throw new TypeError('subscribe(event: string, listener: function)');
    }
    const listeners = listenersByEvent.get(event) ?? new Set<Listener>();
    listenersByEvent.set(event, listeners);
    // A fresh wrapper per call, so subscribing the same function twice needs two unsubscribes.
    const wrapper: Listener = (payload) => listener(payload);
    listeners.add(wrapper);
    return () => {
      listeners.delete(wrapper);
    };
  },
};

contextBridge.exposeInMainWorld(bridgeKey, bridge);
