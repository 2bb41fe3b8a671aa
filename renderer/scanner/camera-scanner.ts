// Reads codes from the kiosk camera: opens it, draws a frame to a canvas every ~100 ms and hands
// the pixels to the barcode decoder. A missing, busy or forbidden camera becomes a status the
// screen shows in words; this module must never throw out of start() or the frame loop.
import { createBarcodeDecoder, type BarcodeDecoder } from './barcode-decoder';

export type CameraStatus = 'starting' | 'active' | 'unavailable' | 'denied' | 'stopped';

export interface CameraScannerOptions {
  video: HTMLVideoElement;
  onCode: (text: string) => void;
  onStatus: (status: CameraStatus) => void;
  intervalMs?: number;
  /** Frames wider than this are scaled down before decoding, for speed. */
  maxFrameWidth?: number;
  /** After "unavailable" (unplugged, busy), try the camera again this often. */
  retryMs?: number;
  decoder?: BarcodeDecoder;
}

export function startCameraScanner(options: CameraScannerOptions): () => void {
  const intervalMs = options.intervalMs ?? 100;
  const maxFrameWidth = options.maxFrameWidth ?? 800;
  const retryMs = options.retryMs ?? 10_000;
  const decoder = options.decoder ?? createBarcodeDecoder();
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  let stream: MediaStream | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let reportedDecodeFailure = false;

  function report(status: CameraStatus): void {
    if (!stopped || status === 'stopped') options.onStatus(status);
  }

  function schedule(step: () => void, delay: number): void {
    if (stopped) return;
    timer = setTimeout(step, delay);
  }

  function scanFrame(): void {
    const video = options.video;
    if (context && video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && !document.hidden) {
      const scale = Math.min(1, maxFrameWidth / Math.max(1, video.videoWidth));
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      if (canvas.width > 0 && canvas.height > 0) {
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        decodeFrame(context.getImageData(0, 0, canvas.width, canvas.height));
      }
    }
    schedule(scanFrame, intervalMs);
  }

  function decodeFrame(frame: ImageData): void {
    try {
      const code = decoder.decode(frame);
      if (code) options.onCode(code.text);
    } catch (error) {
      // ZXing occasionally throws on noisy frames; one bad frame must not stop the loop.
      if (!reportedDecodeFailure) console.warn('Barcode decoding failed on a frame', error);
      reportedDecodeFailure = true;
    }
  }

  async function open(): Promise<void> {
    report('starting');
    if (!navigator.mediaDevices?.getUserMedia) {
      report('unavailable');
      return;
    }
    try {
      const opened = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'user' },
        audio: false,
      });
      if (stopped) return release(opened);
      stream = opened;
      for (const track of opened.getVideoTracks()) track.addEventListener('ended', lost);
      options.video.srcObject = opened;
      options.video.muted = true;
      await options.video.play().catch(() => undefined); // Autoplay rules: frames still arrive.
      report('active');
      schedule(scanFrame, intervalMs);
    } catch (error) {
      const denied = error instanceof DOMException && error.name === 'NotAllowedError';
      report(denied ? 'denied' : 'unavailable');
      if (!denied) schedule(() => void open(), retryMs);
    }
  }

  function lost(): void {
    clearTimeout(timer);
    if (stream) release(stream);
    stream = null;
    report('unavailable');
    schedule(() => void open(), retryMs);
  }

  void open();

  return () => {
    stopped = true;
    clearTimeout(timer);
    if (stream) release(stream);
    stream = null;
    if (options.video.srcObject) options.video.srcObject = null;
    report('stopped');
  };
}

function release(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}
