// How the renderer finds its transport: the preload's `{ invoke, subscribe }` bridge (wrapped
// with the contract's clientFromBridge) or nothing (then HTTP). Events through the bridge are
// parsed; error codes survive as ApiError codes.
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../../contract/errors';
import { errorCodeOf, findBridge } from '../../../../renderer/api/kiosk-client';

describe('findBridge', () => {
  it('returns null when the window has no bridge', () => {
    expect(findBridge({})).toBeNull();
    expect(findBridge({ kiosk: { call: 'not a function' } })).toBeNull();
  });

  it('wraps the preload bridge and keeps the error code of a failure envelope', async () => {
    const invoke = vi.fn(async () => ({
      ok: false,
      error: { code: 'storage-failed', message: 'disk full' },
    }));
    const client = findBridge({ kiosk: { invoke, subscribe: () => () => undefined } });
    expect(client).not.toBeNull();
    const failure = client?.call('cancelCheck', {});
    await expect(failure).rejects.toMatchObject({ code: 'storage-failed' });
    expect(invoke).toHaveBeenCalledWith('cancelCheck', {}, null);
    // The session set on the wrapped client reaches the bridge with every call.
    client?.setSession?.('session-1');
    await client?.call('cancelCheck', {}).catch(() => undefined);
    expect(invoke).toHaveBeenLastCalledWith('cancelCheck', {}, 'session-1');
  });

  it('parses events from the bridge and drops malformed ones', () => {
    let push: (payload: unknown) => void = () => undefined;
    const client = findBridge({
      kiosk: {
        invoke: async () => ({ ok: true, value: {} }),
        subscribe: (_event: string, listener: (payload: unknown) => void) => {
          push = listener;
          return () => undefined;
        },
      },
    });
    const received: unknown[] = [];
    client?.subscribe('reading', (payload) => received.push(payload));
    push({ celsius: 'hot' });
    push({ celsius: 36.5, ambientCelsius: null, at: '2025-01-01T00:00:00Z', driver: 'sim' });
    expect(received).toHaveLength(1);
  });
});

describe('errorCodeOf', () => {
  it('reads the code of an ApiError and calls anything else internal', () => {
    expect(errorCodeOf(new ApiError('bad-input', 'x'))).toBe('bad-input');
    expect(errorCodeOf({ code: 'unavailable' })).toBe('unavailable');
    expect(errorCodeOf({ code: 'EPIPE' })).toBe('internal');
    expect(errorCodeOf(new Error('boom'))).toBe('internal');
    expect(errorCodeOf('boom')).toBe('internal');
  });
});
