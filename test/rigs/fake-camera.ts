// Makes the files Chromium's fake camera plays: Y4M (4:2:0, BT.601 studio range) videos built
// from RGBA frames, e.g. a QR on white or the gate-like frames of gate-frames.ts, so the camera
// path is exercised end to end without a webcam. A little sensor noise is added per frame by
// default: no two frames of a real camera are identical, and the kiosk treats identical
// pictures as a frozen camera.
import { open } from 'node:fs/promises';
import QRCode from 'qrcode';
import type { RgbaFrame } from '../../renderer/scanner/decode/engine';

export interface FakeVideoOptions {
  width?: number;
  height?: number;
  /** Frames per second; the file loops, so a few frames of the code are enough. */
  fps?: number;
  frames?: number;
}

export interface RepeatedFrame {
  frame: RgbaFrame;
  /** How many video frames show it (each with its own noise). */
  repeat: number;
}

export interface FramesVideoOptions {
  /** Peak luma noise added per video frame (0 keeps repeated frames identical). */
  noise?: number;
  seed?: number;
}

/** A Y4M file showing the QR code of `text`, centred, with its quiet zone. */
export async function writeQrVideo(file: string, text: string, options: FakeVideoOptions = {}) {
  const frame = qrFrame(text, options.width ?? 640, options.height ?? 480);
  await writeFramesVideo(file, [{ frame, repeat: options.frames ?? 10 }], options.fps ?? 10);
}

/** Writes the frames (in order, then the file loops) as a Y4M video at `fps`. */
export async function writeFramesVideo(
  file: string,
  frames: readonly RgbaFrame[] | readonly RepeatedFrame[],
  fps: number,
  options: FramesVideoOptions = {},
): Promise<void> {
  const runs = frames.map((item) => ('repeat' in item ? item : { frame: item, repeat: 1 }));
  const first = runs[0]?.frame;
  if (!first) throw new Error('A video needs at least one frame');
  const { width, height } = first;
  if (width % 2 !== 0 || height % 2 !== 0) throw new Error('4:2:0 needs even sizes');
  const noise = options.noise ?? 2;
  let random = (options.seed ?? 1) >>> 0 || 1;
  const output = await open(file, 'w');
  try {
    await output.write(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
    for (const { frame, repeat } of runs) {
      if (frame.width !== width || frame.height !== height) throw new Error('Sizes differ');
      const planes = toYuv420(frame);
      for (let copy = 0; copy < repeat; copy += 1) {
        const luma = Buffer.from(planes.luma);
        if (noise > 0) {
          for (let index = 0; index < luma.length; index += 1) {
            random = (Math.imul(random, 1664525) + 1013904223) >>> 0;
            const offset = (random >>> 24) % (2 * noise + 1);
            luma[index] = Math.min(235, Math.max(16, (luma[index] ?? 0) + offset - noise));
          }
        }
        await output.write(Buffer.concat([Buffer.from('FRAME\n'), luma, planes.chroma]));
      }
    }
  } finally {
    await output.close();
  }
}

/** BT.601 studio range: Y in 16–235, Cb/Cr in 16–240 averaged over each 2×2 block. */
export function toYuv420(frame: RgbaFrame): { luma: Buffer; chroma: Buffer } {
  const { width, height, data } = frame;
  const luma = Buffer.alloc(width * height);
  const halfWidth = width / 2;
  const blue = Buffer.alloc(halfWidth * (height / 2));
  const red = Buffer.alloc(halfWidth * (height / 2));
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const offset = (y * width + x) * 4;
      const [r, g, b] = [data[offset] ?? 0, data[offset + 1] ?? 0, data[offset + 2] ?? 0];
      luma[y * width + x] = Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
    }
  }
  for (let y = 0; y < height; y += 2) {
    for (let x = 0; x < width; x += 2) {
      let [r, g, b] = [0, 0, 0];
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const offset = ((y + dy) * width + x + dx) * 4;
        r += (data[offset] ?? 0) / 4;
        g += (data[offset + 1] ?? 0) / 4;
        b += (data[offset + 2] ?? 0) / 4;
      }
      const index = (y / 2) * halfWidth + x / 2;
      blue[index] = Math.round(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255);
      red[index] = Math.round(128 + (112 * r - 93.786 * g - 18.214 * b) / 255);
    }
  }
  return { luma, chroma: Buffer.concat([blue, red]) };
}

/** A plain grey frame: what the camera sees with nobody in front of it. */
export function blankFrame(width: number, height: number, grey = 180): RgbaFrame {
  const data = new Uint8ClampedArray(width * height * 4).fill(grey);
  for (let alpha = 3; alpha < data.length; alpha += 4) data[alpha] = 255;
  return { data, width, height };
}

/**
 * A copy of the frame with a black (marked) or white (unmarked) square in its top-left
 * corner, so a test in the browser can tell which frames show the code by one pixel.
 */
export function withCornerMark(frame: RgbaFrame, marked: boolean, size = 24): RgbaFrame {
  const data = new Uint8ClampedArray(frame.data);
  const value = marked ? 0 : 255;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1)
      data.fill(value, (y * frame.width + x) * 4, (y * frame.width + x) * 4 + 3);
  }
  return { data, width: frame.width, height: frame.height };
}

/** The QR code of `text` on white, centred, as big as fits with its quiet zone. */
export function qrFrame(text: string, width: number, height: number): RgbaFrame {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const modules = qr.modules.size;
  const quiet = 4;
  const scale = Math.floor(Math.min(width, height) / (modules + 2 * quiet));
  if (scale < 2) throw new Error(`"${text}" makes a QR too dense for ${width}x${height}`);
  const frame = blankFrame(width, height, 255);
  const left = Math.floor((width - modules * scale) / 2);
  const top = Math.floor((height - modules * scale) / 2);
  for (let row = 0; row < modules; row++) {
    for (let column = 0; column < modules; column++) {
      if (!qr.modules.get(row, column)) continue;
      for (let y = 0; y < scale; y++) {
        const offset = ((top + row * scale + y) * width + left + column * scale) * 4;
        for (let x = 0; x < scale; x++) frame.data.fill(0, offset + x * 4, offset + x * 4 + 3);
      }
    }
  }
  return frame;
}

/** What `watchCornerMark` leaves on `window.cornerMark`. */
export interface CornerMarkWatch {
  /** Unmarked frames presented before the first marked one. */
  blankFrames: number;
  /** When the first marked frame was presented (requestVideoFrameCallback, performance.now()). */
  markedAt: number | null;
}

/**
 * An init script (page.addInitScript(watchCornerMark)) that follows the page's first <video>
 * frame by frame and notes when the first frame with withCornerMark's dark square is
 * presented, by drawing its corner to a 1x1 canvas. Runs in the browser: no imports.
 */
export function watchCornerMark(): void {
  const watch: CornerMarkWatch = { blankFrames: 0, markedAt: null };
  (window as unknown as { cornerMark: CornerMarkWatch }).cornerMark = watch;
  const context = new OffscreenCanvas(1, 1).getContext('2d', { willReadFrequently: true });
  const follow = (video: HTMLVideoElement): void => {
    const onFrame = (_now: number, metadata: VideoFrameCallbackMetadata): void => {
      context?.clearRect(0, 0, 1, 1);
      context?.drawImage(video, 4, 4, 8, 8, 0, 0, 1, 1);
      const [red = 0, , , alpha = 0] = context?.getImageData(0, 0, 1, 1).data ?? [];
      // Nothing drawn (transparent) is neither: only a real dark corner is the mark.
      if (alpha === 255 && red < 100) {
        watch.markedAt = metadata.presentationTime;
        return;
      }
      if (alpha === 255 && red > 155) watch.blankFrames += 1;
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
  const observer = new MutationObserver(() => {
    const video = document.querySelector('video');
    if (!video) return;
    observer.disconnect();
    follow(video);
  });
  observer.observe(document, { subtree: true, childList: true });
}

/** What `unpluggableCamera` leaves on `window.camera` for the test to drive. */
export interface CameraControl {
  state: { present: boolean; opened: number };
  unplug(): void;
  plug(): void;
}

/**
 * An init script (page.addInitScript(unpluggableCamera, present)) that wraps the page's camera
 * API so a test can unplug it as Chromium reports a USB camera going: the track's 'ended'
 * (track.stop() alone does not fire it), NotFoundError and no videoinput while it is out,
 * and 'devicechange' both ways. Runs in the browser: no imports, no closures from here.
 */
export function unpluggableCamera(present: boolean): void {
  const media = navigator.mediaDevices;
  const getUserMedia = media.getUserMedia.bind(media);
  const enumerateDevices = media.enumerateDevices.bind(media);
  const state = { present, opened: 0 };
  let tracks: MediaStreamTrack[] = [];
  media.getUserMedia = async (constraints) => {
    if (!state.present) throw new DOMException('Requested device not found', 'NotFoundError');
    const stream = await getUserMedia(constraints);
    state.opened += 1;
    tracks.push(...stream.getVideoTracks());
    return stream;
  };
  media.enumerateDevices = async () =>
    (await enumerateDevices()).filter((device) => state.present || device.kind !== 'videoinput');
  const control: CameraControl = {
    state,
    unplug() {
      state.present = false;
      for (const track of tracks) {
        track.stop();
        track.dispatchEvent(new Event('ended'));
      }
      tracks = [];
      media.dispatchEvent(new Event('devicechange'));
    },
    plug() {
      state.present = true;
      media.dispatchEvent(new Event('devicechange'));
    },
  };
  (window as unknown as { camera: CameraControl }).camera = control;
}
