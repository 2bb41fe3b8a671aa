// The decode worker: builds the kiosk decoder once (engine from the settings), then turns each
// camera frame it is sent into a code or null, so no decoding ever runs on the UI thread.
// The zxing-wasm binary comes from the installed package via Vite, never from a CDN; if it
// cannot load (or keeps failing), the worker falls back to zxing-js rather than go dead.
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import type { ScannerEngine } from '../../contract/api';
import type { CameraFrame, WorkerReply, WorkerRequest } from './decode-client';
import type { DecodedCode, RgbaFrame } from './decode/engine';
import { createKioskDecoder } from './decode/kiosk-pipeline';
import { frameFingerprint } from './stale-frames';

/** The part of DedicatedWorkerGlobalScope used here (the project's lib is DOM, not WebWorker). */
interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
  postMessage(message: WorkerReply): void;
}

interface Decoder {
  decode(frame: RgbaFrame): Promise<DecodedCode | null>;
}

/** A decode engine that throws on this many frames in a row is treated as broken. */
const maxThrowsInRow = 3;

const scope = globalThis as unknown as WorkerScope;
let decoder: Promise<Decoder> | null = null;
let engine: ScannerEngine = 'zxing-js';
let throwsInRow = 0;
let canvas: OffscreenCanvas | null = null;
let pixels: Uint8ClampedArray | null = null;
let copyToConverts = true;

async function load(wanted: ScannerEngine): Promise<Decoder> {
  try {
    // One fixed gate camera, frame after frame: the pipeline may learn its empty scene.
    const loaded = await createKioskDecoder({
      engine: wanted,
      wasm: { url: wasmUrl },
      steadyCamera: true,
    });
    engine = wanted;
    scope.postMessage({ type: 'ready', engine, failed: null });
    return loaded;
  } catch (error) {
    if (wanted !== 'zxing-js') return fallBack(wanted, error);
    // Nothing left to fall back to: the client replaces this worker.
    scope.postMessage({ type: 'broken', error: String(error) });
    throw error;
  }
}

async function fallBack(failed: ScannerEngine, error: unknown): Promise<Decoder> {
  try {
    const loaded = await createKioskDecoder({ engine: 'zxing-js', wasm: {} });
    engine = 'zxing-js';
    scope.postMessage({ type: 'ready', engine, failed: { engine: failed, error: String(error) } });
    return loaded;
  } catch (fallbackError) {
    scope.postMessage({ type: 'broken', error: String(fallbackError) });
    throw fallbackError;
  }
}

/**
 * RGBA pixels of the frame. A VideoFrame converts itself (copyTo RGBA, ~8 ms at 1280x720 on
 * this machine's software path) into a buffer reused frame after frame; an ImageBitmap, or a
 * runtime whose copyTo cannot convert, goes through a canvas.
 */
async function readPixels(frame: CameraFrame): Promise<RgbaFrame | null> {
  if ('copyTo' in frame && copyToConverts) {
    // copyTo writes the visible rectangle, unscaled (display size can differ for odd aspects).
    const { width = 0, height = 0 } = frame.visibleRect ?? {};
    if (width * height === 0) return null;
    if (pixels?.length !== width * height * 4) pixels = new Uint8ClampedArray(width * height * 4);
    try {
      await frame.copyTo(pixels, { format: 'RGBA', colorSpace: 'srgb' });
      return { data: pixels, width, height };
    } catch (error) {
      copyToConverts = false;
      console.warn('VideoFrame.copyTo cannot make RGBA here; using a canvas', error);
    }
  }
  return drawPixels(frame);
}

function drawPixels(frame: CameraFrame): RgbaFrame | null {
  const width = 'displayWidth' in frame ? frame.displayWidth : frame.width;
  const height = 'displayHeight' in frame ? frame.displayHeight : frame.height;
  if (!canvas || canvas.width !== width || canvas.height !== height) {
    canvas = new OffscreenCanvas(width, height);
  }
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context || width === 0 || height === 0) return null;
  context.drawImage(frame, 0, 0);
  // A plain object: ImageData's fields are prototype getters, which a spread would lose.
  const { data } = context.getImageData(0, 0, width, height);
  return { data, width, height };
}

async function decodeFrame(id: number, cameraFrame: CameraFrame): Promise<void> {
  const started = performance.now();
  let frame: RgbaFrame | null = null;
  try {
    frame = await readPixels(cameraFrame);
  } catch (error) {
    console.warn('Could not read a camera frame', error); // Answered as "no code" below.
  } finally {
    cameraFrame.close(); // Camera buffers are few: hold none longer than needed.
  }
  const read = performance.now();
  const fingerprint = frame ? frameFingerprint(frame) : null;
  let code: DecodedCode | null = null;
  if (frame && decoder) {
    try {
      code = await (await decoder).decode(frame);
      throwsInRow = 0;
    } catch (error) {
      throwsInRow += 1;
      if (throwsInRow === 1) console.warn('Decoding failed on a frame', error);
      if (throwsInRow >= maxThrowsInRow && engine !== 'zxing-js') {
        throwsInRow = 0;
        decoder = fallBack(engine, error);
        decoder.catch(() => undefined);
      }
    }
  }
  const readMs = read - started;
  const decodeMs = performance.now() - read;
  scope.postMessage({ type: 'result', id, code, fingerprint, readMs, decodeMs });
}

scope.addEventListener('message', (event) => {
  const request = event.data;
  if (request.type === 'init') {
    decoder = load(request.engine);
    decoder.catch(() => undefined); // Already reported as 'broken'.
  } else {
    void decodeFrame(request.id, request.frame);
  }
});
