// The HTTP client against a fake fetch and a fake EventSource: operations map to POST
// /api/op/<name>, failures become ApiErrors with the contract's code, one event stream is shared
// and closed when unused, and malformed event payloads are dropped.
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../../contract/errors';
import {
  createHttpClient,
  type EventSourceLike,
  type HttpTransport,
} from '../../../../renderer/api/http-client';

class FakeEventSource implements EventSourceLike {
  readonly listeners = new Map<string, Set<(event: MessageEvent) => void>>();
  closed = false;
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: MessageEvent) => void): void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
  }
  removeEventListener(type: string, listener: (event: MessageEvent) => void): void {
    this.listeners.get(type)?.delete(listener);
  }
  close(): void {
    this.closed = true;
  }
  emit(type: string, data: string): void {
    for (const listener of this.listeners.get(type) ?? []) {
      listener(new MessageEvent(type, { data }));
    }
  }
}

function transportWith(respond: (url: string, init: RequestInit) => Promise<Response>) {
  const sources: FakeEventSource[] = [];
  const fetch = vi.fn(respond);
  const transport: HttpTransport = {
    fetch,
    openEvents: (url) => {
      const source = new FakeEventSource(url);
      sources.push(source);
      return source;
    },
  };
  return { transport, fetch, sources };
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const reading = { celsius: 36.6, ambientCelsius: null, at: '2025-01-01T00:00:00Z', driver: 'sim' };

describe('createHttpClient().call', () => {
  it('posts the input as JSON to /api/op/<name> and returns the parsed answer', async () => {
    const { transport, fetch } = transportWith(async () => json(200, { accepted: true }));
    const client = createHttpClient('http://kiosk.test', transport);
    await expect(client.call('simulateReading', { celsius: 36.5 })).resolves.toEqual({
      accepted: true,
    });
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('http://kiosk.test/api/op/simulateReading');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ celsius: 36.5 });
  });

  it('throws an ApiError with the code of an error body', async () => {
    const { transport } = transportWith(async () =>
      json(400, { error: { code: 'bad-input', message: 'celsius: too small' } }),
    );
    const failure = createHttpClient('', transport).call('simulateReading', { celsius: 1 });
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ code: 'bad-input' });
  });

  it('turns a network failure into "unavailable"', async () => {
    const { transport } = transportWith(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(createHttpClient('', transport).call('cancelCheck', {})).rejects.toMatchObject({
      code: 'unavailable',
    });
  });

  it('turns a gateway error without a contract body into "unavailable"', async () => {
    const { transport } = transportWith(async () => new Response('Bad Gateway', { status: 502 }));
    await expect(createHttpClient('', transport).call('cancelCheck', {})).rejects.toMatchObject({
      code: 'unavailable',
    });
  });

  it('refuses an answer that does not match the contract', async () => {
    const { transport } = transportWith(async () => json(200, { cancelled: 'maybe' }));
    await expect(createHttpClient('', transport).call('cancelCheck', {})).rejects.toMatchObject({
      code: 'internal',
    });
  });
});

describe('createHttpClient().subscribe', () => {
  it('shares one EventSource on /api/events and closes it when the last listener leaves', () => {
    const { transport, sources } = transportWith(async () => json(200, {}));
    const client = createHttpClient('', transport);
    const offReading = client.subscribe('reading', () => undefined);
    const offCheck = client.subscribe('check', () => undefined);
    expect(sources).toHaveLength(1);
    expect(sources[0]?.url).toBe('/api/events');
    offReading();
    expect(sources[0]?.closed).toBe(false);
    offCheck();
    expect(sources[0]?.closed).toBe(true);
  });

  it('delivers parsed payloads and drops malformed ones', () => {
    const { transport, sources } = transportWith(async () => json(200, {}));
    const client = createHttpClient('', transport);
    const received: unknown[] = [];
    client.subscribe('reading', (payload) => received.push(payload));
    const source = sources[0];
    source?.emit('reading', JSON.stringify(reading));
    source?.emit('reading', '{not json');
    source?.emit('reading', JSON.stringify({ celsius: 'hot' }));
    expect(received).toEqual([reading]);
  });

  it('keeps delivering to other listeners when one throws', () => {
    const { transport, sources } = transportWith(async () => json(200, {}));
    const client = createHttpClient('', transport);
    const errorSpy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const second = vi.fn();
    client.subscribe('reading', () => {
      throw new Error('listener bug');
    });
    client.subscribe('reading', second);
    sources[0]?.emit('reading', JSON.stringify(reading));
    expect(second).toHaveBeenCalledTimes(1);
    errorSpy.mockRestore();
  });
});
