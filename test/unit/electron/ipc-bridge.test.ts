import { describe, expect, it, vi } from 'vitest';
import {
  eventSchemas,
  operations,
  type EventName,
  type EventPayload,
  type Handlers,
} from '../../../contract/api';
import { ApiError } from '../../../contract/errors';
import type { KioskEvents } from '../../../backend/kiosk';
import { isTrustedSender } from '../../../electron/guards';
import {
  registerIpc,
  type IpcInvokeEventLike,
  type IpcInvokeListener,
  type IpcMainLike,
} from '../../../electron/ipc-bridge';
import { callChannel, eventChannel } from '../../../electron/ipc-channels';

const kioskFrame: IpcInvokeEventLike = { senderFrame: { url: 'app://kiosk/index.html' } };

function fakeIpcMain() {
  const handlers = new Map<string, IpcInvokeListener>();
  const ipcMain = {
    handle: vi.fn((channel: string, listener: IpcInvokeListener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    }),
    removeHandler: vi.fn((channel: string) => {
      handlers.delete(channel);
    }),
  } satisfies IpcMainLike;
  const invoke = async (event: IpcInvokeEventLike, ...args: unknown[]) => {
    const listener = handlers.get(callChannel);
    if (listener === undefined) throw new Error('no handler registered');
    return listener(event, ...args);
  };
  return { ipcMain, invoke, handlers };
}

function fakeKiosk() {
  // Every operation of the contract, so the fake keeps up when the contract grows.
  const handlers = Object.fromEntries(
    Object.keys(operations).map((name) => [name, vi.fn(async () => ({ from: name }))]),
  ) as unknown as { [N in keyof Handlers]: ReturnType<typeof vi.fn> & Handlers[N] };
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const events: KioskEvents = {
    on(event, listener) {
      const forEvent = listeners.get(event) ?? new Set();
      listeners.set(event, forEvent);
      const untyped = listener as (payload: unknown) => void;
      forEvent.add(untyped);
      return () => forEvent.delete(untyped);
    },
  };
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const listenerCount = () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0);
  const admin = { id: 1, username: 'admin', displayName: '管理员', role: 'admin' as const };
  const authenticate = (token: string | null) => (token === 'admin-session' ? admin : null);
  const audit = vi.fn();
  return { handlers, events, emit, listenerCount, authenticate, audit };
}

function setUp(isTrusted: (event: IpcInvokeEventLike) => boolean = () => true) {
  const ipc = fakeIpcMain();
  const kiosk = fakeKiosk();
  const sent: [string, unknown][] = [];
  const unregister = registerIpc(
    ipc.ipcMain,
    kiosk,
    (channel, payload) => sent.push([channel, payload]),
    isTrusted,
  );
  return { ...ipc, kiosk, sent, unregister };
}

describe('registerIpc: calls', () => {
  it('registers one invoke channel', () => {
    const { ipcMain } = setUp();
    expect(ipcMain.handle).toHaveBeenCalledTimes(1);
    expect(ipcMain.handle).toHaveBeenCalledWith(callChannel, expect.any(Function));
  });

  it('passes a valid call to its handler with the parsed input and returns the value', async () => {
    const { invoke, kiosk } = setUp();
    kiosk.handlers.recentEntries.mockResolvedValueOnce([]);
    const result = await invoke(kioskFrame, 'recentEntries', { limit: 5 });
    expect(result).toEqual({ ok: true, value: [] });
    expect(kiosk.handlers.recentEntries).toHaveBeenCalledWith(
      { limit: 5 },
      { actor: null, session: null, origin: 'kiosk window' },
    );
  });

  it('carries the session: an admin operation runs for an admin, is audited, and is refused without', async () => {
    const { invoke, kiosk } = setUp();
    expect(await invoke(kioskFrame, 'listAccounts', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(kiosk.handlers.listAccounts).not.toHaveBeenCalled();
    expect(await invoke(kioskFrame, 'listAccounts', {}, 'admin-session')).toEqual({
      ok: true,
      value: { from: 'listAccounts' },
    });
    expect(kiosk.audit).toHaveBeenCalledWith(
      expect.objectContaining({ actor: expect.objectContaining({ role: 'admin' }) }),
      'listAccounts',
      '{}',
      true,
    );
  });

  it('treats a missing input as an empty object', async () => {
    const { invoke, kiosk } = setUp();
    expect(await invoke(kioskFrame, 'status')).toEqual({ ok: true, value: { from: 'status' } });
    expect(kiosk.handlers.status).toHaveBeenCalledWith({}, expect.anything());
  });

  it.each([
    ['a wrong type', { limit: 'five' }],
    ['an out-of-range number', { limit: 10_000 }],
    ['an extra key', { limit: 5, sql: 'DROP TABLE entries' }],
    ['not an object', 'limit=5'],
  ])(
    'answers %s with a typed bad-input error and never calls the handler',
    async (_label, input) => {
      const { invoke, kiosk } = setUp();
      const result = await invoke(kioskFrame, 'recentEntries', input);
      expect(result).toMatchObject({ ok: false, error: { code: 'bad-input' } });
      expect(kiosk.handlers.recentEntries).not.toHaveBeenCalled();
    },
  );

  it.each([
    ['an unknown name', 'dropDatabase'],
    ['a prototype key', '__proto__'],
    ['an inherited method', 'toString'],
    ['a number', 42],
    ['nothing', undefined],
    ['an object', { name: 'status' }],
  ])('answers %s with unknown-operation', async (_label, name) => {
    const { invoke, kiosk } = setUp();
    const result = await invoke(kioskFrame, name, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-operation' } });
    for (const handler of Object.values(kiosk.handlers)) expect(handler).not.toHaveBeenCalled();
  });

  it('turns a handler ApiError into its typed error, and any other throw into internal', async () => {
    const { invoke, kiosk } = setUp();
    kiosk.handlers.cancelCheck.mockRejectedValueOnce(new ApiError('unavailable', 'No check.'));
    kiosk.handlers.status.mockRejectedValueOnce(new TypeError('boom'));
    expect(await invoke(kioskFrame, 'cancelCheck', {})).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'No check.' },
    });
    expect(await invoke(kioskFrame, 'status', {})).toEqual({
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
  });

  it('answers with plain data that survives structured cloning (no Error objects)', async () => {
    const { invoke, kiosk } = setUp();
    kiosk.handlers.status.mockRejectedValueOnce(new ApiError('storage-failed', 'Disk full.'));
    const result = await invoke(kioskFrame, 'status', {});
    expect(structuredClone(result)).toEqual(result);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});

describe('registerIpc: senders', () => {
  it('refuses an untrusted sender without calling the handler', async () => {
    const isTrusted = vi.fn(() => false);
    const { invoke, kiosk } = setUp(isTrusted);
    const event = { senderFrame: { url: 'https://evil.example/' } };
    const result = await invoke(event, 'status', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(isTrusted).toHaveBeenCalledWith(event);
    expect(kiosk.handlers.status).not.toHaveBeenCalled();
  });

  it.each([
    ['a page on another origin', { senderFrame: { url: 'https://evil.example/' } }],
    ['a file page', { senderFrame: { url: 'file:///tmp/index.html' } }],
    ['a destroyed frame', { senderFrame: null }],
    ['no frame at all', {}],
  ])('with the shell policy, refuses %s', async (_label, event: IpcInvokeEventLike) => {
    const { invoke, kiosk } = setUp((sender) => isTrustedSender(sender.senderFrame?.url));
    expect(await invoke(event, 'status', {})).toMatchObject({ ok: false });
    expect(await invoke(kioskFrame, 'status', {})).toMatchObject({ ok: true });
    expect(kiosk.handlers.status).toHaveBeenCalledTimes(1);
  });
});

describe('registerIpc: events', () => {
  const samples: { [E in EventName]: EventPayload<E> } = {
    reading: { celsius: 36.6, ambientCelsius: null, at: '2026-11-23T00:00:00.000Z', driver: 'sim' },
    thermometer: {
      connected: true,
      silentSeconds: null,
      driver: 'sim',
      mode: 'triggered',
      simulated: true,
      path: null,
      error: null,
      problem: null,
      offsetCelsius: 0,
      lastReading: null,
      lastBytes: '',
      counters: { framesOk: 0, badFrames: 0, garbageBytes: 0 },
    },
    relay: {
      driver: 'lcus1',
      path: '/dev/ttyUSB1',
      connected: true,
      error: null,
      problem: null,
      lastPulseAt: null,
      lastResult: null,
    },
    upload: {
      state: 'idle',
      pending: 0,
      oldestPendingAt: null,
      quarantined: 0,
      lastSuccessAt: null,
      lastError: null,
      lastErrorCode: null,
      clockSkewSeconds: null,
      nextAttemptAt: null,
      report: null,
    },
    check: {
      checkId: 'c1',
      startedAt: '2026-11-23T00:00:00.000Z',
      cardText: null,
      person: null,
      visit: null,
      temperatureCelsius: null,
      missing: ['identity'],
      remeasureCelsius: null,
      retestWaitSeconds: null,
      entry: null,
    },
    'entry-saved': {
      id: 1,
      checkId: 'c1',
      at: '2026-11-23T00:00:01.000Z',
      direction: 'in',
      decision: 'pass',
      reasons: ['temperature-normal'],
      cardText: '20260001',
      person: { name: '张三', kind: 'student', className: '三年级二班' },
      temperatureCelsius: 36.6,
      policyVersion: 1,
      temperatureMethod: 'device',
      measuredBy: null,
      visit: null,
      followsEntryId: null,
    },
    policy: { version: 2, feverThresholdCelsius: 37 },
    fault: { code: 'storage-failed', message: 'Disk full.' },
    storage: { state: 'full', freeBytes: 0, since: '2026-11-23T00:00:02.000Z', detail: 'full' },
    retests: { waiting: 2, overdue: 1 },
    hub: {
      url: 'https://hub.school.example:8443',
      state: 'online',
      syncedAt: '2026-11-23T00:00:03.000Z',
      lastContactAt: '2026-11-23T00:00:03.000Z',
      waiting: 0,
      errorCode: null,
      error: null,
    },
  };

  it('subscribes to every contract event', () => {
    const { kiosk } = setUp();
    expect(kiosk.listenerCount()).toBe(Object.keys(eventSchemas).length);
  });

  it.each(Object.keys(eventSchemas) as EventName[])(
    'forwards "%s" on the event channel as { event, payload }',
    (event) => {
      const { kiosk, sent } = setUp();
      const payload = samples[event];
      kiosk.emit(event, payload);
      expect(sent).toEqual([[eventChannel, { event, payload }]]);
    },
  );

  it('keeps the backend running when the window cannot be reached', () => {
    const ipc = fakeIpcMain();
    const kiosk = fakeKiosk();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    registerIpc(
      ipc.ipcMain,
      kiosk,
      () => {
        throw new Error('Object has been destroyed');
      },
      () => true,
    );
    expect(() => kiosk.emit('reading', samples.reading)).not.toThrow();
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });

  it('unsubscribes from every event and removes the invoke handler', async () => {
    const { kiosk, sent, unregister, ipcMain, invoke } = setUp();
    unregister();
    expect(kiosk.listenerCount()).toBe(0);
    kiosk.emit('reading', samples.reading);
    expect(sent).toEqual([]);
    expect(ipcMain.removeHandler).toHaveBeenCalledWith(callChannel);
    await expect(invoke(kioskFrame, 'status', {})).rejects.toThrow('no handler registered');
  });
});
