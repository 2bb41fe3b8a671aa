// The busy-block map, the pipeline's cheap first test of "is there anything code-like here":
// the step threshold follows the noise, a code's blocks are busy and flat ones are not, and
// the busy part of an area is found (or null when there is none).
import { describe, expect, it } from 'vitest';
import {
  busyBounds,
  mapBusyBlocks,
  stepAboveNoise,
} from '../../../../../renderer/scanner/decode/busy-blocks';
import type { GreyImage } from '../../../../../renderer/scanner/decode/engine';
import { rgbaToHalfGrey } from '../../../../../renderer/scanner/decode/grey-image';
import { greyNoise, qrPattern, renderScene } from './decode-fixtures';

/** Mid-grey, with a checkerboard of 3 px squares in the given rectangle. */
function checkered(left: number, top: number, width: number, height: number): GreyImage {
  const data = new Uint8Array(320 * 160).fill(128);
  for (let y = top; y < top + height; y += 1) {
    for (let x = left; x < left + width; x += 1) {
      data[y * 320 + x] = (Math.floor(x / 3) + Math.floor(y / 3)) % 2 ? 30 : 220;
    }
  }
  return { data, width: 320, height: 160 };
}

describe('stepAboveNoise', () => {
  it('is 10 grey levels on a clean image and grows with the noise, up to 32', () => {
    expect(stepAboveNoise(greyNoise(200, 100, 0, 1))).toBe(10);
    const noisy = stepAboveNoise(greyNoise(200, 100, 24, 1));
    expect(noisy).toBeGreaterThan(10);
    expect(noisy).toBeLessThan(32);
    expect(stepAboveNoise(greyNoise(200, 100, 200, 1))).toBe(32);
  });
});

describe('mapBusyBlocks', () => {
  it('marks the blocks of a code busy and the flat ones not', () => {
    const map = mapBusyBlocks(checkered(64, 32, 48, 40));
    expect(map).toMatchObject({ block: 8, columns: 40, rows: 20 });
    const busy = [...map.busy.keys()].filter((index) => map.busy[index] === 1);
    expect(busy.length).toBe(6 * 5);
    for (const index of busy) {
      const column = index % map.columns;
      const row = Math.floor(index / map.columns);
      expect(column >= 8 && column < 14 && row >= 4 && row < 9).toBe(true);
    }
  });

  it('finds a small QR code busy, and nothing in an empty scene', () => {
    const frame = renderScene({ code: qrPattern('S2026004'), moduleSize: 2, noise: 6 });
    const withCode = mapBusyBlocks(rgbaToHalfGrey(frame));
    expect(withCode.busy.some((value) => value === 1)).toBe(true);
    const empty = mapBusyBlocks(rgbaToHalfGrey(renderScene({ noise: 6, seed: 9 })));
    expect(empty.busy.every((value) => value === 0)).toBe(true);
  });
});

describe('busyBounds', () => {
  const map = mapBusyBlocks(checkered(64, 32, 48, 40));

  it('gives the busy part of an area, in whole blocks', () => {
    expect(busyBounds(map, { left: 0, top: 0, width: 320, height: 160 })).toEqual({
      left: 64,
      top: 32,
      width: 48,
      height: 40,
    });
    expect(busyBounds(map, { left: 88, top: 0, width: 100, height: 160 })).toEqual({
      left: 88,
      top: 32,
      width: 24,
      height: 40,
    });
  });

  it('is null for an area with nothing busy', () => {
    expect(busyBounds(map, { left: 160, top: 0, width: 160, height: 160 })).toBeNull();
  });
});
