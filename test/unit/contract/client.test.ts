import { describe, expect, it, vi } from 'vitest';
import type { KioskBridge } from '../../../contract/bridge';
import { clientFromBridge, unwrapResult } from '../../../contract/client';
import { ApiError } from '../../../contract/errors';

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const reading = { celsius: 36.6, ambientCelsius: null, at: '2025-01-01T00:00:00Z', driver: 'sim' };

describe('unwrapResult', () => {
  it('returns the value of a success', () => {
    expect(unwrapResult({ ok: true, value: { cancelled: false } })).toEqual({ cancelled: false });
  });

  it('throws an ApiError carrying the code and the message of a failure', () => {
    const error = thrown(() =>
      unwrapResult({ ok: false, error: { code: 'bad-input', message: 'limit: too big' } }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'ApiError', code: 'bad-input', message: 'limit: too big' });
  });

  it.each([
    ['nothing', undefined],
    ['a string', 'ok'],
    ['no ok flag', { value: 1 }],
    ['a failure without an error', { ok: false }],
    ['an unknown code', { ok: false, error: { code: 'teapot', message: 'short and stout' } }],
  ])('turns %s into an internal ApiError', (_label, result) => {
    expect(thrown(() => unwrapResult(result))).toMatchObject({ code: 'internal' });
  });
});

describe('clientFromBridge', () => {
  function fakeBridge(reply: unknown): KioskBridge & { invoke: ReturnType<typeof vi.fn> } {
    return {
      invoke: vi.fn(async () => reply),
      subscribe: vi.fn(() => () => undefined),
    };
  }

  it('calls through the bridge and resolves to the value', async () => {
    const bridge = fakeBridge({ ok: true, value: { accepted: true } });
    const client = clientFromBridge(bridge);
    await expect(client.call('simulateReading', { celsius: 36.5 })).resolves.toEqual({
      accepted: true,
    });
    expect(bridge.invoke).toHaveBeenCalledWith('simulateReading', { celsius: 36.5 }, null);
    client.setSession?.('token-1');
    await client.call('status', {}).catch(() => undefined); // { accepted } is no status.
    expect(bridge.invoke).toHaveBeenLastCalledWith('status', {}, 'token-1');
  });

  it('rejects with an ApiError whose code the screen can translate', async () => {
    const client = clientFromBridge(
      fakeBridge({ ok: false, error: { code: 'unavailable', message: 'No thermometer.' } }),
    );
    await expect(client.call('status', {})).rejects.toMatchObject({
      name: 'ApiError',
      code: 'unavailable',
      message: 'No thermometer.',
    });
  });

  it('turns a failed IPC round trip into an internal ApiError', async () => {
    const bridge = fakeBridge(undefined);
    bridge.invoke.mockRejectedValueOnce(new Error('An object could not be cloned.'));
    await expect(clientFromBridge(bridge).call('status', {})).rejects.toMatchObject({
      code: 'internal',
      message: 'An object could not be cloned.',
    });
  });

  it('subscribes through the bridge and hands the payload to the listener', () => {
    let deliver: (payload: unknown) => void = () => undefined;
    const unsubscribe = vi.fn();
    const bridge: KioskBridge = {
      invoke: async () => undefined,
      subscribe: (event, listener) => {
        expect(event).toBe('reading');
        deliver = listener;
        return unsubscribe;
      },
    };
    const listener = vi.fn();
    const stop = clientFromBridge(bridge).subscribe('reading', listener);
    deliver(reading);
    expect(listener).toHaveBeenCalledWith(reading);
    stop();
    expect(unsubscribe).toHaveBeenCalled();
  });
});
