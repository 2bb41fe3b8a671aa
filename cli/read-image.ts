// Reads a still image file (PNG or JPEG, told apart by their first bytes, not the file name)
// into the RGBA frame the decode pipeline takes, for `npm run decode`. Node only; a file that
// is missing, truncated or not an image becomes an ImageReadError with a plain sentence.
import { readFile } from 'node:fs/promises';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { RgbaFrame } from '../renderer/scanner/decode/engine';

export class ImageReadError extends Error {
  override readonly name = 'ImageReadError';
}

/** Large enough for any camera or scanner image, small enough not to exhaust memory. */
const largestImageMegapixels = 100;

export async function readImage(file: string): Promise<RgbaFrame> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new ImageReadError(fileProblem(error));
  }
  return decodeImage(bytes);
}

/** PNG or JPEG bytes to RGBA; anything else is an ImageReadError. */
export function decodeImage(bytes: Uint8Array): RgbaFrame {
  if (isPng(bytes)) return decodePng(bytes);
  if (isJpeg(bytes)) return decodeJpeg(bytes);
  throw new ImageReadError('not a PNG or JPEG image');
}

function decodePng(bytes: Uint8Array): RgbaFrame {
  try {
    // pngjs gives 8-bit RGBA whatever the file holds (palette, grey, 16-bit, alpha).
    const image = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    return rgbaFrame(image.data, image.width, image.height);
  } catch (error) {
    // pngjs's messages speak of streams and chunks; the admin needs to know the file is bad.
    throw new ImageReadError(`broken or cut-short PNG image (${messageOf(error)})`);
  }
}

function decodeJpeg(bytes: Uint8Array): RgbaFrame {
  try {
    const image = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      // A truncated JPEG must be an error, not a half-grey picture that quietly reads "-".
      tolerantDecoding: false,
      maxResolutionInMP: largestImageMegapixels,
    });
    return rgbaFrame(image.data, image.width, image.height);
  } catch (error) {
    throw new ImageReadError(`broken or cut-short JPEG image (${messageOf(error)})`);
  }
}

function rgbaFrame(data: Uint8Array, width: number, height: number): RgbaFrame {
  if (width <= 0 || height <= 0 || data.length < width * height * 4) {
    throw new ImageReadError('the image has no pixels');
  }
  return {
    data: new Uint8ClampedArray(data.buffer, data.byteOffset, width * height * 4),
    width,
    height,
  };
}

function isPng(bytes: Uint8Array): boolean {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return signature.every((byte, index) => bytes[index] === byte);
}

function isJpeg(bytes: Uint8Array): boolean {
  return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

function fileProblem(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return messageOf(error);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
