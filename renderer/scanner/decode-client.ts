// The main thread's side of the decode worker: at most one frame in flight, so a frame offered
// while the worker is busy is dropped (never queued); a worker whose engine fails to load, that
// crashes or hangs is replaced, falling back to zxing-js. It must never decode on this thread.
import type { ScannerEngine } from '../../contract/api';
import type { DecodedCode } from './decode/engine';
import type { FrameFingerprint } from './stale-frames';

/**
 * A camera frame on its way to the worker: a VideoFrame (no pixel copy, ~0 ms on this thread),
 * or an ImageBitmap where VideoFrame is missing. Either is transferred, and must be closed.
 */
export type CameraFrame = VideoFrame | ImageBitmap;

/** main → worker */
export type WorkerRequest =
  { type: 'init'; engine: ScannerEngine } | { type: 'frame'; id: number; frame: CameraFrame };

/** worker → main */
export type WorkerReply =
  | {
      type: 'ready';
      engine: ScannerEngine;
      failed: { engine: ScannerEngine; error: string } | null;
    }
  | { type: 'broken'; error: string }
  | ({ type: 'result'; id: number } & FrameResult);

/** The part of Worker this module uses, so unit tests can pass a fake. */
export interface WorkerLike {
  postMessage(message: WorkerRequest, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerReply>) => void): void;
  addEventListener(type: 'error', listener: (event: Event) => void): void;
  terminate(): void;
}

export interface DecoderState {
  /** What the settings ask for. */
  wanted: ScannerEngine;
  /** What runs now; null while loading, or when no worker could be started at all. */
  running: ScannerEngine | null;
  /** True when running is a fallback because the wanted engine failed. */
  fellBack: boolean;
  failed: boolean;
}

export interface FrameResult {
  code: DecodedCode | null;
  fingerprint: FrameFingerprint | null;
  /** Worker time to get RGBA pixels out of the frame, and to decode them. */
  readMs: number;
  decodeMs: number;
}

const noResult: FrameResult = { code: null, fingerprint: null, readMs: 0, decodeMs: 0 };

export interface DecodeClientOptions {
  engine: ScannerEngine;
  createWorker: () => WorkerLike;
  onState: (state: DecoderState) => void;
  /** A decode taking longer than this is a hung worker; it is replaced. */
  watchdogMs?: number;
  /** After this many failures in a row without a ready worker, wait retryMs before the next. */
  maxQuickRestarts?: number;
  retryMs?: number;
}

export interface DecodeClient {
  /** True when a frame offered now would be decoded (grab one only then). */
  idle(): boolean;
  /** Sends the frame when the worker is idle, else closes it and answers null (dropped). */
  offer(frame: CameraFrame): Promise<FrameResult> | null;
  stop(): void;
}

export function createDecodeClient(options: DecodeClientOptions): DecodeClient {
  const watchdogMs = options.watchdogMs ?? 5000;
  const maxQuickRestarts = options.maxQuickRestarts ?? 3;
  const retryMs = options.retryMs ?? 30_000;
  let engine = options.engine;
  let worker: WorkerLike | null = null;
  let ready = false;
  let failuresInRow = 0;
  let nextId = 1;
  let inFlight: { id: number; resolve: (result: FrameResult) => void } | null = null;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  let restartTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let state: DecoderState = { wanted: engine, running: null, fellBack: false, failed: false };

  function publish(next: Partial<DecoderState>): void {
    state = { ...state, ...next };
    options.onState(state);
  }

  function settle(result: FrameResult): void {
    clearTimeout(watchdog);
    const pending = inFlight;
    inFlight = null;
    pending?.resolve(result);
  }

  function start(): void {
    ready = false;
    let created: WorkerLike;
    try {
      created = options.createWorker();
    } catch (error) {
      console.error('The decode worker could not be created', error);
      return fail();
    }
    worker = created;
    created.addEventListener('message', (event) => {
      if (created === worker) receive(event.data);
    });
    created.addEventListener('error', (event) => {
      if (created !== worker) return;
      console.error('The decode worker failed', event);
      fail();
    });
    created.postMessage({ type: 'init', engine }, []);
  }

  function receive(reply: WorkerReply): void {
    if (reply.type === 'ready') {
      ready = true;
      failuresInRow = 0;
      if (reply.failed) console.warn('Decode engine fell back to', reply.engine, reply.failed);
      engine = reply.engine;
      publish({ running: reply.engine, fellBack: reply.engine !== state.wanted, failed: false });
    } else if (reply.type === 'broken') {
      console.error('The decode worker has no engine left', reply.error);
      fail();
    } else if (reply.type === 'result' && reply.id === inFlight?.id) {
      const { code, fingerprint, readMs, decodeMs } = reply;
      settle({ code, fingerprint, readMs, decodeMs });
    }
  }

  /** The worker died, hung or never loaded: replace it, with zxing-js from now on. */
  function fail(): void {
    worker?.terminate();
    worker = null;
    ready = false;
    settle(noResult);
    if (stopped) return;
    failuresInRow += 1;
    engine = 'zxing-js';
    const giveUpForNow = failuresInRow >= maxQuickRestarts;
    publish({ running: null, fellBack: state.wanted !== 'zxing-js', failed: giveUpForNow });
    if (giveUpForNow) {
      restartTimer = setTimeout(() => {
        failuresInRow = 0;
        start();
      }, retryMs);
    } else {
      start();
    }
  }

  start();

  function idle(): boolean {
    return !stopped && ready && worker !== null && inFlight === null;
  }

  return {
    idle,
    offer(frame) {
      if (!worker || !idle()) {
        frame.close();
        return null;
      }
      const id = nextId;
      nextId += 1;
      const result = new Promise<FrameResult>((resolve) => (inFlight = { id, resolve }));
      watchdog = setTimeout(() => {
        console.error(`The decode worker took over ${watchdogMs} ms on a frame; replacing it`);
        fail();
      }, watchdogMs);
      worker.postMessage({ type: 'frame', id, frame }, [frame]);
      return result;
    },
    stop() {
      stopped = true;
      clearTimeout(restartTimer);
      worker?.terminate();
      worker = null;
      settle(noResult);
    },
  };
}
