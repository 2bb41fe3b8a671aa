// The local contrast stretch and the bar-direction estimate: a code under glare gets its faint
// modules back without flat paper turning into noise, and the tilt of 1-D bars is measured
// well enough to stand them upright.
import { describe, expect, it } from 'vitest';
import type { GreyImage } from '../../../../../renderer/scanner/decode/engine';
import {
  dominantGradient,
  stretchLocalContrast,
} from '../../../../../renderer/scanner/decode/contrast';
import { rgbaToGrey } from '../../../../../renderer/scanner/decode/grey-image';
import { linearPattern, qrPattern, renderScene } from './decode-fixtures';

function grey(width: number, height: number, value: (x: number, y: number) => number): GreyImage {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) data[y * width + x] = value(x, y);
  }
  return { data, width, height };
}

describe('stretchLocalContrast', () => {
  it('gives faint stripes under glare the same black and white as stripes in shade', () => {
    // Stripes 4 px wide: 20 levels apart in the glare (right), 150 apart in the shade (left).
    const image = grey(128, 32, (x) => {
      const dark = Math.floor(x / 4) % 2 === 0;
      if (x < 64) return dark ? 40 : 190;
      return dark ? 225 : 245;
    });
    const stretched = stretchLocalContrast(image);
    const rowOf = (left: number) => [
      ...stretched.data.subarray(16 * 128 + left, 16 * 128 + left + 8),
    ];
    expect(rowOf(96).filter((value) => value < 40)).toHaveLength(4);
    expect(rowOf(96).filter((value) => value > 215)).toHaveLength(4);
    expect(rowOf(16).filter((value) => value < 40)).toHaveLength(4);
  });

  it('leaves the image it was given untouched', () => {
    const image = grey(32, 32, (x) => 90 + x);
    const before = [...image.data];
    stretchLocalContrast(image);
    expect([...image.data]).toEqual(before);
  });

  it('does not blow flat paper up into false modules', () => {
    const paper = grey(64, 64, (x, y) => 200 + ((x * 7 + y * 13) % 5));
    const stretched = stretchLocalContrast(paper);
    const values = [...stretched.data];
    expect(Math.max(...values) - Math.min(...values)).toBeLessThan(100);
  });
});

describe('dominantGradient', () => {
  it('measures the tilt of 1-D bars, in either direction', () => {
    for (const angle of [-25, -12, 0, 8, 20]) {
      const frame = renderScene({
        code: linearPattern('code128', 'S2026001'),
        moduleSize: 3,
        angle,
        width: 480,
        height: 320,
      });
      const crop = rgbaToGrey(frame);
      const bars = dominantGradient(crop);
      expect(bars.agreement).toBeGreaterThan(0.5);
      expect(Math.abs(bars.degrees - angle)).toBeLessThan(3);
    }
  });

  it('finds little agreement in a QR code, whose edges run both ways', () => {
    const frame = renderScene({
      code: qrPattern('S2026001'),
      moduleSize: 5,
      width: 240,
      height: 240,
    });
    expect(dominantGradient(rgbaToGrey(frame)).agreement).toBeLessThan(0.5);
  });

  it('is calm about a flat image', () => {
    expect(dominantGradient(grey(20, 20, () => 128))).toEqual({ degrees: 0, agreement: 0 });
  });
});
