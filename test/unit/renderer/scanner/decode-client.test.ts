// The main thread's side of the decode worker, against a fake worker: one frame in flight and
// the rest dropped (closed, never queued), engine fallback shown, and a worker that fails,
// breaks or hangs replaced by one running zxing-js — never a dead scanner.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScannerEngine } from '../../../../contract/api';
import {
  createDecodeClient,
  type DecoderState,
  type WorkerLike,
  type WorkerReply,
  type WorkerRequest,
} from '../../../../renderer/scanner/decode-client';

class FakeWorker implements WorkerLike {
  requests: WorkerRequest[] = [];
  terminated = false;
  private listeners = new Map<string, ((event: never) => void)[]>();

  postMessage(message: WorkerRequest): void {
    this.requests.push(message);
  }
  addEventListener(type: string, listener: (event: never) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(data: WorkerReply): void {
    for (const listener of this.listeners.get('message') ?? []) listener({ data } as never);
  }
  crash(): void {
    for (const listener of this.listeners.get('error') ?? []) listener(new Event('error') as never);
  }
  ready(engine: ScannerEngine, failed: ScannerEngine | null = null): void {
    this.reply({ type: 'ready', engine, failed: failed && { engine: failed, error: 'no wasm' } });
  }
}

function frame(): ImageBitmap & { closed: boolean } {
  const fake = { width: 4, height: 4, closed: false, close: () => (fake.closed = true) };
  return fake as unknown as ImageBitmap & { closed: boolean };
}

function setup(engine: ScannerEngine = 'pipeline') {
  const workers: FakeWorker[] = [];
  const states: DecoderState[] = [];
  const client = createDecodeClient({
    engine,
    createWorker: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
    onState: (state) => states.push(state),
    watchdogMs: 1000,
    retryMs: 5000,
  });
  const latest = (): FakeWorker => workers.at(-1) as FakeWorker;
  return { client, workers, states, latest };
}

const result = { code: null, fingerprint: { key: 'k', flat: false }, readMs: 1, decodeMs: 2 };

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('createDecodeClient', () => {
  it('asks the worker for the engine and drops frames until it is ready', () => {
    const { client, latest } = setup('zxing-wasm');
    expect(latest().requests).toEqual([{ type: 'init', engine: 'zxing-wasm' }]);
    const early = frame();
    expect(client.offer(early)).toBeNull();
    expect(early.closed).toBe(true);
  });

  it('keeps one frame in flight and drops (closes) the others', async () => {
    const { client, latest, states } = setup();
    latest().ready('pipeline');
    expect(states.at(-1)).toEqual({
      wanted: 'pipeline',
      running: 'pipeline',
      fellBack: false,
      failed: false,
    });
    const first = client.offer(frame());
    expect(first).not.toBeNull();
    expect(client.idle()).toBe(false);
    const dropped = frame();
    expect(client.offer(dropped)).toBeNull();
    expect(dropped.closed).toBe(true);
    expect(latest().requests.filter((request) => request.type === 'frame')).toHaveLength(1);
    latest().reply({ type: 'result', id: 1, ...result });
    await expect(first).resolves.toEqual(result);
    expect(client.idle()).toBe(true);
  });

  it('shows the fallback when the worker could not load the wanted engine', () => {
    const { latest, states } = setup('zxing-wasm');
    latest().ready('zxing-js', 'zxing-wasm');
    expect(states.at(-1)).toMatchObject({ running: 'zxing-js', fellBack: true, failed: false });
  });

  it('replaces a crashed worker with one running zxing-js', () => {
    const { workers, latest, states } = setup('pipeline');
    latest().ready('pipeline');
    latest().crash();
    expect(workers[0]?.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(latest().requests[0]).toEqual({ type: 'init', engine: 'zxing-js' });
    latest().ready('zxing-js');
    expect(states.at(-1)).toMatchObject({ running: 'zxing-js', fellBack: true, failed: false });
  });

  it('replaces a worker that hangs on a frame, and answers the frame with nothing', async () => {
    const { client, workers, latest } = setup('zxing-js');
    latest().ready('zxing-js');
    const hung = client.offer(frame());
    vi.advanceTimersByTime(1000);
    await expect(hung).resolves.toMatchObject({ code: null });
    expect(workers).toHaveLength(2);
    expect(workers[0]?.terminated).toBe(true);
  });

  it('says it failed after three failures in a row, then tries again later', () => {
    const { workers, latest, states } = setup('zxing-js');
    latest().reply({ type: 'broken', error: 'x' });
    latest().crash();
    latest().crash();
    expect(states.at(-1)).toMatchObject({ running: null, failed: true });
    expect(workers).toHaveLength(3);
    vi.advanceTimersByTime(5000);
    expect(workers).toHaveLength(4);
    latest().ready('zxing-js');
    expect(states.at(-1)).toMatchObject({ running: 'zxing-js', failed: false });
  });

  it('ends the worker on stop() and takes no more frames', () => {
    const { client, latest } = setup();
    latest().ready('pipeline');
    client.stop();
    expect(latest().terminated).toBe(true);
    expect(client.offer(frame())).toBeNull();
  });
});
