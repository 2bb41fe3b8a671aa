// Small pure image helpers the decode pipeline builds its passes from: grey conversion, halving,
// cropping, bilinear scaling and rotation of one-byte-per-pixel images. Pure compute on typed
// arrays: no DOM (no canvas, no ImageData), no node:, so the worker and the CLI share them.
import type { GreyImage, Rectangle, RgbaFrame } from './engine';

/** Luminance with the weights zxing-wasm uses itself, so both paths see the same pixels. */
export function rgbaToGrey(frame: RgbaFrame): GreyImage {
  return cropRgbaToGrey(frame, { left: 0, top: 0, width: frame.width, height: frame.height });
}

/**
 * Grey at half the width and height, from one pixel of every 2x2 block. Averaging the block
 * cost twice as much (the whole frame read), and the half-size image only serves codes with
 * modules of 4 pixels and more, and finding busy areas, where the one pixel is as good.
 */
export function rgbaToHalfGrey(frame: RgbaFrame): GreyImage {
  const width = frame.width >> 1;
  const height = frame.height >> 1;
  const grey = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) {
    lumaRow(frame, y * 2 * frame.width, 2, grey, y * width, width);
  }
  return { data: grey, width, height };
}

/** Grey of one rectangle of an RGBA frame, without converting the rest of the frame. */
export function cropRgbaToGrey(frame: RgbaFrame, area: Rectangle): GreyImage {
  if (isEmpty(frame)) return { data: new Uint8Array(0), width: 0, height: 0 };
  const box = clampRectangle(area, frame.width, frame.height);
  const grey = new Uint8Array(box.width * box.height);
  for (let y = 0; y < box.height; y += 1) {
    const start = (box.top + y) * frame.width + box.left;
    lumaRow(frame, start, 1, grey, y * box.width, box.width);
  }
  return { data: grey, width: box.width, height: box.height };
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Luminance of `count` pixels from pixel `start`, every `step`th, into `out` at `at`, with
 * zxing-wasm's own weights. Reads whole 32-bit pixels when the bytes allow (aligned, little-
 * endian): one read per pixel instead of three, the difference on a 1280x720 frame.
 */
function lumaRow(
  frame: RgbaFrame,
  start: number,
  step: number,
  out: Uint8Array,
  at: number,
  count: number,
): void {
  const { data } = frame;
  if (littleEndian && data.byteOffset % 4 === 0) {
    const words = new Uint32Array(data.buffer, data.byteOffset + start * 4, (count - 1) * step + 1);
    for (let index = 0, source = 0; index < count; index += 1, source += step) {
      const word = words[source] as number;
      out[at + index] =
        ((word & 255) * 306 + ((word >>> 8) & 255) * 601 + ((word >>> 16) & 255) * 117 + 512) >> 10;
    }
    return;
  }
  for (let index = 0, offset = start * 4; index < count; index += 1, offset += step * 4) {
    out[at + index] =
      ((data[offset] as number) * 306 +
        (data[offset + 1] as number) * 601 +
        (data[offset + 2] as number) * 117 +
        512) >>
      10;
  }
}

/** The part of `area` inside a width x height image, in whole pixels, never empty. */
export function clampRectangle(area: Rectangle, width: number, height: number): Rectangle {
  const left = Math.min(Math.max(0, Math.floor(area.left)), width - 1);
  const top = Math.min(Math.max(0, Math.floor(area.top)), height - 1);
  const right = Math.max(left + 1, Math.min(width, Math.ceil(area.left + area.width)));
  const bottom = Math.max(top + 1, Math.min(height, Math.ceil(area.top + area.height)));
  return { left, top, width: right - left, height: bottom - top };
}

/** Bilinear resampling by `factor` (above 1 enlarges), in 8-bit fixed point for speed. */
export function scaleGrey(image: GreyImage, factor: number): GreyImage {
  const width = Math.max(1, Math.round(image.width * factor));
  const height = Math.max(1, Math.round(image.height * factor));
  const source = image.data;
  const grey = new Uint8Array(width * height);
  const maxX = image.width - 1;
  const maxY = image.height - 1;
  // Column positions and weights are the same on every row: compute them once.
  const columns = new Int32Array(width);
  const columnWeights = new Int32Array(width);
  for (let x = 0; x < width; x += 1) {
    const position = Math.min(maxX, Math.max(0, (x + 0.5) / factor - 0.5));
    columns[x] = Math.min(Math.floor(position), Math.max(0, maxX - 1));
    columnWeights[x] = Math.round((position - (columns[x] as number)) * 256);
  }
  const nextColumn = maxX > 0 ? 1 : 0;
  for (let y = 0; y < height; y += 1) {
    const position = Math.min(maxY, Math.max(0, (y + 0.5) / factor - 0.5));
    const row = Math.min(Math.floor(position), Math.max(0, maxY - 1));
    const rowWeight = Math.round((position - row) * 256);
    const above = row * image.width;
    const below = row < maxY ? above + image.width : above;
    let out = y * width;
    for (let x = 0; x < width; x += 1, out += 1) {
      const column = columns[x] as number;
      const weight = columnWeights[x] as number;
      const topLeft = source[above + column] as number;
      const topRight = source[above + column + nextColumn] as number;
      const bottomLeft = source[below + column] as number;
      const bottomRight = source[below + column + nextColumn] as number;
      const top = (topLeft << 8) + (topRight - topLeft) * weight;
      const bottom = (bottomLeft << 8) + (bottomRight - bottomLeft) * weight;
      grey[out] = ((top << 8) + (bottom - top) * rowWeight + 32768) >> 16;
    }
  }
  return { data: grey, width, height };
}

/**
 * Exactly twice the size, bilinear (weights 3/4 and 1/4), in integers: the pipeline's most
 * frequent scaling, about three times faster than scaleGrey(image, 2).
 */
export function doubleGrey(image: GreyImage): GreyImage {
  const { data, width, height } = image;
  const wide = new Uint16Array(width * 2 * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * width;
    const out = row * 2;
    for (let x = 0; x < width; x += 1) {
      const here = (data[row + x] as number) * 4;
      const left = (data[row + (x > 0 ? x - 1 : 0)] as number) * 4;
      const right = (data[row + (x < width - 1 ? x + 1 : x)] as number) * 4;
      wide[out + x * 2] = (here * 3 + left) >> 2;
      wide[out + x * 2 + 1] = (here * 3 + right) >> 2;
    }
  }
  const doubledWidth = width * 2;
  const grey = new Uint8Array(doubledWidth * height * 2);
  for (let y = 0; y < height; y += 1) {
    const here = y * doubledWidth;
    const above = (y > 0 ? y - 1 : 0) * doubledWidth;
    const below = (y < height - 1 ? y + 1 : y) * doubledWidth;
    const upper = here * 2;
    const lower = upper + doubledWidth;
    for (let x = 0; x < doubledWidth; x += 1) {
      const centre = (wide[here + x] as number) * 3;
      grey[upper + x] = (centre + (wide[above + x] as number) + 8) >> 4;
      grey[lower + x] = (centre + (wide[below + x] as number) + 8) >> 4;
    }
  }
  return { data: grey, width: doubledWidth, height: height * 2 };
}

/**
 * Rotated by `degrees` about the centre and enlarged by `scale` (1: same size), bilinear, the
 * corners filled with the image's mean so the new edges do not look like bars. Used to stand a
 * tilted 1-D code upright: ZXing's linear readers scan rows and only try quarter turns
 * themselves. In 16.16 fixed point: about four times faster than floating point, and enlarging
 * in the same step saves a separate doubling.
 */
export function rotateGrey(image: GreyImage, degrees: number, scale = 1): GreyImage {
  const { width, height, data } = image;
  const outWidth = Math.max(1, Math.round(width * scale));
  const outHeight = Math.max(1, Math.round(height * scale));
  const grey = new Uint8Array(outWidth * outHeight);
  const radians = (degrees * Math.PI) / 180;
  // Inverse mapping: one step right in the output moves (cos, -sin) / scale in the source.
  const cos = Math.cos(radians) / scale;
  const sin = Math.sin(radians) / scale;
  const centreX = (width - 1) / 2;
  const centreY = (height - 1) / 2;
  const outCentreX = (outWidth - 1) / 2;
  const outCentreY = (outHeight - 1) / 2;
  let sum = 0;
  for (let index = 0; index < data.length; index += 1) sum += data[index] as number;
  const fill = Math.round(sum / Math.max(1, data.length));
  const one = 65536;
  const stepX = Math.round(cos * one);
  const stepY = Math.round(-sin * one);
  const lastColumn = (width - 1) * one;
  const lastRow = (height - 1) * one;
  for (let y = 0; y < outHeight; y += 1) {
    const dy = y - outCentreY;
    let sourceX = Math.round((centreX - outCentreX * cos + dy * sin) * one);
    let sourceY = Math.round((centreY + outCentreX * sin + dy * cos) * one);
    let out = y * outWidth;
    for (let x = 0; x < outWidth; x += 1, out += 1, sourceX += stepX, sourceY += stepY) {
      if (sourceX < 0 || sourceY < 0 || sourceX >= lastColumn || sourceY >= lastRow) {
        grey[out] = fill;
        continue;
      }
      const fractionX = (sourceX & 65535) >> 8;
      const fractionY = (sourceY & 65535) >> 8;
      const at = (sourceY >> 16) * width + (sourceX >> 16);
      const topLeft = data[at] as number;
      const bottomLeft = data[at + width] as number;
      const top = (topLeft << 8) + ((data[at + 1] as number) - topLeft) * fractionX;
      const bottom =
        (bottomLeft << 8) + ((data[at + width + 1] as number) - bottomLeft) * fractionX;
      grey[out] = ((top << 8) + (bottom - top) * fractionY + 32768) >> 16;
    }
  }
  return { data: grey, width: outWidth, height: outHeight };
}

/** No pixels (a camera not started yet): nothing to read, and the engines would throw. */
export function isEmpty(image: { width: number; height: number }): boolean {
  return image.width <= 0 || image.height <= 0;
}

/** Grey back to opaque RGBA, for engines that only take frames. */
export function greyToRgba(image: GreyImage): RgbaFrame {
  const data = new Uint8ClampedArray(image.data.length * 4);
  for (let pixel = 0, offset = 0; pixel < image.data.length; pixel += 1, offset += 4) {
    const value = image.data[pixel] as number;
    data[offset] = value;
    data[offset + 1] = value;
    data[offset + 2] = value;
    data[offset + 3] = 255;
  }
  return { data, width: image.width, height: image.height };
}
