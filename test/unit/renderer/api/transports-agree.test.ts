// The same answer over the Electron bridge and over HTTP gives the screen the same result: both
// transports go through the contract's one client, which parses every answer and event. If the
// IPC path stopped parsing, a malformed answer would get through there and these would fail.
import { describe, expect, it } from 'vitest';
import { clientFromBridge, type KioskClient } from '../../../../contract/client';
import { ApiError } from '../../../../contract/errors';
import { createHttpClient, type EventSourceLike } from '../../../../renderer/api/http-client';

type Answer = { ok: true; value: unknown } | { ok: false; status: number; error: object };

/** A client per transport, both answering every call with `answer`; `push` sends an event. */
function clients(answer: Answer) {
  const bridgeListeners: ((payload: unknown) => void)[] = [];
  const bridge = clientFromBridge({
    invoke: async () => (answer.ok ? answer : { ok: false, error: answer.error }),
    subscribe: (_event, listener) => {
      bridgeListeners.push(listener);
      return () => undefined;
    },
  });
  const httpListeners: ((event: MessageEvent) => void)[] = [];
  const source: EventSourceLike = {
    addEventListener: (_type, listener) => httpListeners.push(listener),
    removeEventListener: () => undefined,
    close: () => undefined,
  };
  const http = createHttpClient('', {
    fetch: async () =>
      answer.ok
        ? new Response(JSON.stringify(answer.value), { status: 200 })
        : new Response(JSON.stringify({ error: answer.error }), { status: answer.status }),
    openEvents: () => source,
  });
  const push = (payload: unknown): void => {
    for (const listener of bridgeListeners) listener(payload);
    const data = JSON.stringify(payload);
    for (const listener of httpListeners) listener(new MessageEvent('reading', { data }));
  };
  return { bridge, http, push };
}

async function failureOf(client: KioskClient): Promise<unknown> {
  return client.call('cancelCheck', {}).then(
    () => expect.unreachable('the call should fail'),
    (error: unknown) => error,
  );
}

describe('the bridge and HTTP clients', () => {
  it('refuse an answer that does not match the contract with the same error', async () => {
    const { bridge, http } = clients({ ok: true, value: { cancelled: 'maybe' } });
    const overBridge = await failureOf(bridge);
    expect(overBridge).toBeInstanceOf(ApiError);
    expect(overBridge).toMatchObject({ code: 'internal' });
    expect(overBridge).toEqual(await failureOf(http));
  });

  it('hand over the parsed answer, without fields the contract does not name', async () => {
    const { bridge, http } = clients({ ok: true, value: { cancelled: true, stack: 'at x' } });
    await expect(bridge.call('cancelCheck', {})).resolves.toStrictEqual({ cancelled: true });
    await expect(http.call('cancelCheck', {})).resolves.toStrictEqual({ cancelled: true });
  });

  it('turn a refusal into the same ApiError, its wait included', async () => {
    const error = { code: 'locked', message: 'Wait.', retryAfterSeconds: 60 };
    const { bridge, http } = clients({ ok: false, status: 423, error });
    const overBridge = await failureOf(bridge);
    expect(overBridge).toMatchObject({ name: 'ApiError', ...error });
    expect(overBridge).toEqual(await failureOf(http));
  });

  it('deliver the same parsed events and drop the same malformed ones', () => {
    const { bridge, http, push } = clients({ ok: true, value: {} });
    const overBridge: unknown[] = [];
    const overHttp: unknown[] = [];
    bridge.subscribe('reading', (payload) => overBridge.push(payload));
    http.subscribe('reading', (payload) => overHttp.push(payload));
    const reading = { celsius: 36.6, ambientCelsius: null, at: '2025-01-01T00:00:00Z' };
    push({ ...reading, driver: 'sim' });
    push({ celsius: 'hot' });
    push({ ...reading, driver: 'sim', serialPort: '/dev/ttyUSB0' });
    expect(overBridge).toEqual([
      { ...reading, driver: 'sim' },
      { ...reading, driver: 'sim' },
    ]);
    expect(overHttp).toEqual(overBridge);
  });
});
