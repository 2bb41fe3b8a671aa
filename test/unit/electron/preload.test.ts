// Runs the real preload, bundled the way scripts/build-electron.mjs bundles it, in a fresh
// context with a stand-in for the Electron module: what does the page actually receive?
import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { bridgeKey, type KioskBridge } from '../../../contract/bridge';
import { clientFromBridge } from '../../../contract/client';
import { callChannel, eventChannel } from '../../../electron/ipc-channels';

const root = path.resolve(import.meta.dirname, '../../..');
let bundle = '';

beforeAll(async () => {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['electron/preload.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
    write: false,
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0]?.text ?? '';
}, 20_000);

type IpcListener = (event: unknown, message: unknown) => void;

function loadPreload() {
  const exposed = new Map<string, unknown>();
  const ipcListeners = new Map<string, IpcListener[]>();
  const rawEvent = { sender: 'the ipcRenderer itself', ports: [] };
  const ipcRenderer = {
    invoke: vi.fn(async () => ({ ok: false, error: { code: 'bad-input', message: 'limit' } })),
    on: vi.fn((channel: string, listener: IpcListener) => {
      ipcListeners.set(channel, [...(ipcListeners.get(channel) ?? []), listener]);
    }),
  };
  const contextBridge = {
    exposeInMainWorld: vi.fn((key: string, api: unknown) => exposed.set(key, api)),
  };
  const required: string[] = [];
  const module = { exports: {} };
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name === 'electron') return { contextBridge, ipcRenderer };
    throw new Error(`a sandboxed preload cannot require ${name}`);
  };
  vm.runInNewContext(bundle, { require: sandboxRequire, module, exports: module.exports, console });
  const push = (message: unknown) => {
    for (const listener of ipcListeners.get(eventChannel) ?? []) listener(rawEvent, message);
  };
  return { exposed, ipcRenderer, ipcListeners, contextBridge, required, push };
}

describe('preload', () => {
  it('requires nothing but the Electron module', () => {
    expect(loadPreload().required).toEqual(['electron']);
  });

  it('exposes exactly invoke and subscribe under the bridge key, and no ipcRenderer', () => {
    const { exposed, contextBridge } = loadPreload();
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect([...exposed.keys()]).toEqual([bridgeKey]);
    const api = exposed.get(bridgeKey) as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'subscribe']);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('listens on the event channel once, however many subscriptions there are', () => {
    const { exposed, ipcListeners } = loadPreload();
    const bridge = exposed.get(bridgeKey) as KioskBridge;
    bridge.subscribe('reading', () => undefined);
    bridge.subscribe('check', () => undefined);
    expect([...ipcListeners.keys()]).toEqual([eventChannel]);
    expect(ipcListeners.get(eventChannel)).toHaveLength(1);
  });

  it('invokes the call channel and resolves to the envelope, never throwing it', async () => {
    const { exposed, ipcRenderer } = loadPreload();
    const bridge = exposed.get(bridgeKey) as KioskBridge;
    await expect(bridge.invoke('recentEntries', { limit: 999 })).resolves.toEqual({
      ok: false,
      error: { code: 'bad-input', message: 'limit' },
    });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(
      callChannel,
      'recentEntries',
      { limit: 999 },
      null,
    );
    // On the page's side, the envelope becomes an ApiError with its code.
    await expect(clientFromBridge(bridge).call('status', {})).rejects.toMatchObject({
      code: 'bad-input',
    });
  });

  it('hands listeners the payload only, never the IPC event', () => {
    const { exposed, push } = loadPreload();
    const bridge = exposed.get(bridgeKey) as KioskBridge;
    const listener = vi.fn();
    bridge.subscribe('reading', listener);
    push({ event: 'reading', payload: { celsius: 36.6 } });
    push({ event: 'check', payload: { checkId: 'other' } });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith({ celsius: 36.6 });
  });

  it('stops delivering after unsubscribe, and survives a listener that throws', () => {
    const { exposed, push } = loadPreload();
    const bridge = exposed.get(bridgeKey) as KioskBridge;
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const failing = vi.fn(() => {
      throw new Error('render failed');
    });
    const steady = vi.fn();
    const stopFailing = bridge.subscribe('reading', failing);
    bridge.subscribe('reading', steady);
    push({ event: 'reading', payload: 1 });
    stopFailing();
    push({ event: 'reading', payload: 2 });
    expect(failing).toHaveBeenCalledTimes(1);
    expect(steady.mock.calls).toEqual([[1], [2]]);
    error.mockRestore();
  });

  it.each([null, 'reading', { payload: 1 }, { event: 7, payload: 1 }])(
    'ignores a malformed event message %j',
    (message) => {
      const { exposed, push } = loadPreload();
      const listener = vi.fn();
      (exposed.get(bridgeKey) as KioskBridge).subscribe('reading', listener);
      expect(() => push(message)).not.toThrow();
      expect(listener).not.toHaveBeenCalled();
    },
  );

  it('refuses a subscription without an event name and a function', () => {
    const bridge = loadPreload().exposed.get(bridgeKey) as KioskBridge;
    expect(() => bridge.subscribe(7 as unknown as string, () => undefined)).toThrow(
      /subscribe\(event: string/,
    );
    expect(() => bridge.subscribe('reading', 'x' as unknown as () => void)).toThrow(
      /subscribe\(event: string/,
    );
  });
});
