// Regions where a code could be: a flat or merely noisy frame has none (so the pipeline stops
// cheaply), a small code is found where it is, a 1-D code stays in one piece, a big busy area
// is cut down to its densest part, and the middle of the frame ranks first.
import { describe, expect, it } from 'vitest';
import type { GreyImage, Rectangle } from '../../../../../renderer/scanner/decode/engine';
import { findCodeRegions } from '../../../../../renderer/scanner/decode/code-regions';
import { rgbaToHalfGrey } from '../../../../../renderer/scanner/decode/grey-image';
import { blankFrame, greyNoise, linearPattern, qrPattern, renderScene } from './decode-fixtures';

function contains(outer: Rectangle, point: { x: number; y: number }): boolean {
  return (
    point.x >= outer.left &&
    point.y >= outer.top &&
    point.x < outer.left + outer.width &&
    point.y < outer.top + outer.height
  );
}

describe('findCodeRegions', () => {
  it('finds nothing in a blank frame or a plain scene', () => {
    expect(findCodeRegions(rgbaToHalfGrey(blankFrame(1280, 720, 120)))).toEqual([]);
    expect(findCodeRegions(rgbaToHalfGrey(renderScene({ noise: 6, seed: 9 })))).toEqual([]);
  });

  it('finds nothing in strong sensor noise: the step threshold rises with the noise', () => {
    expect(findCodeRegions(greyNoise(640, 360, 40, 3))).toEqual([]);
  });

  it('finds a small QR code where it is', () => {
    const centre = { x: 820, y: 300 };
    const frame = renderScene({ code: qrPattern('S2026004'), moduleSize: 2, centre, noise: 6 });
    const [best] = findCodeRegions(rgbaToHalfGrey(frame));
    expect(best).toBeDefined();
    expect(contains(best as Rectangle, { x: centre.x / 2, y: centre.y / 2 })).toBe(true);
    // About the code's size (58 px across at half size), not half the frame.
    expect((best as Rectangle).width).toBeLessThan(120);
  });

  it('keeps a 1-D code in one piece although its thin bars blur away at half size', () => {
    const frame = renderScene({ code: linearPattern('code128', 'S20260001'), moduleSize: 3.3 });
    const regions = findCodeRegions(rgbaToHalfGrey(frame));
    // 101 modules of bars and spaces at 3.3 px: about 167 px wide at half size, one region.
    expect(regions).toHaveLength(1);
    expect((regions[0] as Rectangle).width).toBeGreaterThan(150);
  });

  it('cuts a large busy area down to windows of the size asked for', () => {
    const stripes: GreyImage = {
      data: new Uint8Array(400 * 200).map((_, index) => ((index % 400) % 6 < 3 ? 30 : 220)),
      width: 400,
      height: 200,
    };
    const regions = findCodeRegions(stripes, { maxWidth: 100, maxHeight: 60 });
    expect(regions.length).toBeGreaterThan(0);
    for (const region of regions) {
      expect(region.width).toBeLessThanOrEqual(104);
      expect(region.height).toBeLessThanOrEqual(64);
    }
  });

  it('ranks a region near the middle above an equal one at the edge', () => {
    const data = new Uint8Array(640 * 360).fill(128);
    const draw = (left: number, top: number) => {
      for (let y = top; y < top + 40; y += 1) {
        for (let x = left; x < left + 40; x += 1) data[y * 640 + x] = (x + y) % 2 ? 20 : 230;
      }
    };
    draw(8, 8);
    draw(300, 160);
    const [best] = findCodeRegions({ data, width: 640, height: 360 });
    expect(contains(best as Rectangle, { x: 320, y: 180 })).toBe(true);
  });
});
