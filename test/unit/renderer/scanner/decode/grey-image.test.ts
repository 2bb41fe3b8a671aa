// The pipeline's image helpers on tiny images whose right answer is known by hand: grey
// weights, halving, cropping at the edges, bilinear scaling, doubling, rotation, and back.
import { describe, expect, it } from 'vitest';
import type { GreyImage, RgbaFrame } from '../../../../../renderer/scanner/decode/engine';
import {
  clampRectangle,
  cropRgbaToGrey,
  doubleGrey,
  greyToRgba,
  rgbaToGrey,
  rgbaToHalfGrey,
  rotateGrey,
  scaleGrey,
} from '../../../../../renderer/scanner/decode/grey-image';

function rgba(width: number, height: number, pixel: (x: number, y: number) => number[]): RgbaFrame {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) data.set(pixel(x, y), (y * width + x) * 4);
  }
  return { data, width, height };
}

function grey(width: number, height: number, value: (x: number, y: number) => number): GreyImage {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) data[y * width + x] = value(x, y);
  }
  return { data, width, height };
}

describe('rgbaToGrey', () => {
  it('weights red, green and blue like zxing-wasm (0.299, 0.587, 0.114)', () => {
    const frame = rgba(
      4,
      1,
      (x) =>
        [
          [255, 0, 0, 255],
          [0, 255, 0, 255],
          [0, 0, 255, 255],
          [200, 200, 200, 0],
        ][x] as number[],
    );
    expect([...rgbaToGrey(frame).data]).toEqual([76, 150, 29, 200]);
  });

  it('gives the same grey from bytes that do not start on a 4-byte boundary', () => {
    const frame = rgba(5, 3, (x, y) => [x * 40, y * 70, 90, 255]);
    const shifted = new Uint8ClampedArray(frame.data.length + 1);
    shifted.set(frame.data, 1);
    const unaligned = { ...frame, data: shifted.subarray(1) };
    expect(rgbaToGrey(unaligned)).toEqual(rgbaToGrey(frame));
  });
});

describe('rgbaToHalfGrey', () => {
  it('keeps the top-left pixel of every 2x2 block', () => {
    const frame = rgba(4, 4, (x, y) => {
      const value = x + y * 4;
      return [value, value, value, 255];
    });
    expect(rgbaToHalfGrey(frame)).toEqual({
      data: new Uint8Array([0, 2, 8, 10]),
      width: 2,
      height: 2,
    });
  });
});

describe('cropRgbaToGrey and clampRectangle', () => {
  it('converts only the rectangle asked for', () => {
    const frame = rgba(4, 3, (x, y) => [x * 10 + y, x * 10 + y, x * 10 + y, 255]);
    const crop = cropRgbaToGrey(frame, { left: 1, top: 1, width: 2, height: 2 });
    expect(crop).toEqual({ data: new Uint8Array([11, 21, 12, 22]), width: 2, height: 2 });
  });

  it('clips rectangles reaching outside the image and never returns an empty one', () => {
    expect(clampRectangle({ left: -5, top: 2.5, width: 20, height: 3 }, 10, 4)).toEqual({
      left: 0,
      top: 2,
      width: 10,
      height: 2,
    });
    expect(clampRectangle({ left: 50, top: 50, width: 0, height: 0 }, 10, 4)).toEqual({
      left: 9,
      top: 3,
      width: 1,
      height: 1,
    });
  });
});

describe('scaleGrey and doubleGrey', () => {
  const ramp = grey(4, 2, (x) => x * 60);

  it('keeps a flat image flat at any scale', () => {
    const flat = grey(5, 3, () => 77);
    expect(scaleGrey(flat, 2.5).data.every((value) => value === 77)).toBe(true);
    expect(doubleGrey(flat).data.every((value) => value === 77)).toBe(true);
  });

  it('interpolates linearly between neighbours', () => {
    const doubled = scaleGrey(ramp, 2);
    expect(doubled.width).toBe(8);
    expect(doubled.height).toBe(4);
    expect([...doubled.data.subarray(0, 8)]).toEqual([0, 15, 45, 75, 105, 135, 165, 180]);
  });

  it('doubles exactly like the general scaler at factor 2', () => {
    const image = grey(7, 5, (x, y) => (x * 37 + y * 91) % 256);
    expect(doubleGrey(image)).toEqual(scaleGrey(image, 2));
  });

  it('halves by picking up the mean of neighbours', () => {
    const half = scaleGrey(
      grey(4, 4, (x) => (x % 2) * 200),
      0.5,
    );
    expect(half).toEqual({ data: new Uint8Array([100, 100, 100, 100]), width: 2, height: 2 });
  });
});

describe('rotateGrey', () => {
  it('turns a vertical bar horizontal at 90 degrees', () => {
    const bar = grey(9, 9, (x) => (x === 4 ? 0 : 255));
    const turned = rotateGrey(bar, 90);
    const row = [...turned.data.subarray(4 * 9 + 1, 4 * 9 + 8)];
    const column = [1, 2, 3, 5, 6, 7].map((y) => turned.data[y * 9 + 4]);
    expect(row.every((value) => value < 10)).toBe(true);
    expect(column.every((value) => value !== undefined && value > 245)).toBe(true);
  });

  it('leaves an image as it was at 0 degrees and fills uncovered corners with the mean', () => {
    const image = grey(6, 4, (x, y) => x * 10 + y * 50);
    expect(rotateGrey(image, 0).data.subarray(7, 11)).toEqual(image.data.subarray(7, 11));
    const mean = Math.round(image.data.reduce((sum, value) => sum + value, 0) / 24);
    expect(rotateGrey(image, 45).data[0]).toBe(mean);
  });

  it('enlarges in the same step, as doubling does, away from the uncovered edge', () => {
    const image = grey(16, 12, (x, y) => (x * 37 + y * 91) % 256);
    const enlarged = rotateGrey(image, 0, 2);
    const doubled = doubleGrey(image);
    expect([enlarged.width, enlarged.height]).toEqual([32, 24]);
    for (let y = 1; y < 21; y += 1) {
      for (let x = 1; x < 29; x += 1) {
        const difference = (enlarged.data[y * 32 + x] ?? 0) - (doubled.data[y * 32 + x] ?? 0);
        expect(Math.abs(difference)).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('greyToRgba', () => {
  it('writes opaque grey pixels that convert back to the same grey', () => {
    const image = grey(3, 2, (x, y) => x * 80 + y * 7);
    const frame = greyToRgba(image);
    expect([...frame.data.subarray(4, 8)]).toEqual([80, 80, 80, 255]);
    expect(rgbaToGrey(frame)).toEqual(image);
  });
});
