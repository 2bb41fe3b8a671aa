// Makes the file Chromium's fake camera plays: a Y4M (4:2:0) video of a code on white, built
// from a QR the test makes, so the camera path is exercised end to end without a webcam.
import { writeFile } from 'node:fs/promises';
import QRCode from 'qrcode';

export interface FakeVideoOptions {
  width?: number;
  height?: number;
  /** Frames per second; the file loops, so a few frames of the code are enough. */
  fps?: number;
  frames?: number;
}

/** A Y4M file showing the QR code of `text`, centred, with its quiet zone. */
export async function writeQrVideo(file: string, text: string, options: FakeVideoOptions = {}) {
  const width = options.width ?? 640;
  const height = options.height ?? 480;
  const frames = options.frames ?? 10;
  const luma = qrLuma(text, width, height);
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const header = Buffer.from(
    `YUV4MPEG2 W${width} H${height} F${options.fps ?? 10}:1 Ip A1:1 C420jpeg\n`,
  );
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  await writeFile(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}

function qrLuma(text: string, width: number, height: number): Buffer {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const modules = qr.modules.size;
  const quiet = 4;
  const scale = Math.floor(Math.min(width, height) / (modules + 2 * quiet));
  if (scale < 2) throw new Error(`"${text}" makes a QR too dense for ${width}x${height}`);
  const luma = Buffer.alloc(width * height, 235);
  const left = Math.floor((width - modules * scale) / 2);
  const top = Math.floor((height - modules * scale) / 2);
  for (let row = 0; row < modules; row++) {
    for (let column = 0; column < modules; column++) {
      if (!qr.modules.get(row, column)) continue;
      for (let y = 0; y < scale; y++) {
        const offset = (top + row * scale + y) * width + left + column * scale;
        luma.fill(16, offset, offset + scale);
      }
    }
  }
  return luma;
}
