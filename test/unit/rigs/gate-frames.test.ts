// The gate-frame generator behind the decode benchmark: reproducible from its seed, frames of
// the asked size, and what it draws is a real code (ZXing reads an easy one) or, for an empty
// frame, nothing a reader could take for one.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createZxingJsEngine } from '../../../renderer/scanner/decode/zxing-js-engine';
import type { RgbaFrame } from '../../../renderer/scanner/decode/engine';
import { gateFrameSet, renderGateFrame, type GateFrameOptions } from '../../rigs/gate-frames';

const hard: GateFrameOptions = {
  seed: 7,
  text: 'S2026001',
  modulePx: 2,
  tiltDegrees: 25,
  blur: 1,
  noise: 8,
  light: 'uneven',
  glare: true,
  background: 'clutter',
};

function digest(frame: RgbaFrame): string {
  return createHash('sha256').update(frame.data).digest('hex');
}

describe('renderGateFrame', () => {
  it('gives the same bytes for the same seed and options', () => {
    expect(digest(renderGateFrame(hard))).toBe(digest(renderGateFrame({ ...hard })));
  });

  it('gives different frames for different seeds', () => {
    expect(digest(renderGateFrame({ ...hard, seed: 8 }))).not.toBe(digest(renderGateFrame(hard)));
    const empty = { text: null, noise: 3, background: 'clutter' } as const;
    expect(digest(renderGateFrame({ ...empty, seed: 1 }))).not.toBe(
      digest(renderGateFrame({ ...empty, seed: 2 })),
    );
  });

  it('makes 1280×720 RGBA frames unless told otherwise', () => {
    const frame = renderGateFrame({ seed: 1, text: 'S2026001' });
    expect([frame.width, frame.height, frame.data.length]).toEqual([1280, 720, 1280 * 720 * 4]);
    expect(frame.data).toBeInstanceOf(Uint8ClampedArray);
    const small = renderGateFrame({ seed: 1, text: null, width: 640, height: 480 });
    expect([small.width, small.height, small.data.length]).toEqual([640, 480, 640 * 480 * 4]);
    expect(frame.data[3]).toBe(255);
  });

  it('draws a QR that ZXing reads when the frame is easy, upright or tilted', async () => {
    const engine = createZxingJsEngine();
    for (const tiltDegrees of [0, 20]) {
      const frame = renderGateFrame({ seed: 3, text: 'S2026004', modulePx: 6, tiltDegrees });
      await expect(engine.decode(frame)).resolves.toMatchObject({
        text: 'S2026004',
        format: 'QR_CODE',
      });
    }
  });

  it('draws a Code 128 that ZXing reads when the frame is easy', async () => {
    const frame = renderGateFrame({ seed: 4, text: 'T0002', format: 'CODE_128', modulePx: 4 });
    await expect(createZxingJsEngine().decode(frame)).resolves.toMatchObject({
      text: 'T0002',
      format: 'CODE_128',
    });
  });

  it('draws no code in an empty frame, plain or cluttered', async () => {
    const engine = createZxingJsEngine({ tryHarder: true });
    for (const background of ['plain', 'clutter'] as const) {
      const frame = renderGateFrame({ seed: 5, text: null, noise: 4, background });
      await expect(engine.decode(frame)).resolves.toBeNull();
    }
  });
});

describe('gateFrameSet', () => {
  it('mixes easy, hard and empty frames under unique names that say what is hard', () => {
    const cases = gateFrameSet(11, { count: 44 });
    expect(cases).toHaveLength(44);
    expect(new Set(cases.map((item) => item.name)).size).toBe(44);
    const empty = cases.filter((item) => item.expected === null);
    expect(empty.length).toBeGreaterThanOrEqual(8);
    expect(empty.every((item) => item.name.startsWith('empty'))).toBe(true);
    const names = cases.map((item) => item.name).join(' ');
    expect(names).toMatch(/qr-2px-tilt\d+-blur1-uneven/);
    expect(names).toMatch(/c128-/);
    expect(names).toMatch(/qr-visitor-/);
    const visitor = cases.find((item) => item.kind === 'qr-visitor');
    expect(visitor?.expected?.length).toBeGreaterThanOrEqual(90);
  });

  it('is the same set for the same seed and a different one for another', () => {
    const fingerprint = (seed: number) =>
      gateFrameSet(seed, { count: 6 }).map((item) => `${item.name}:${digest(item.frame)}`);
    expect(fingerprint(21)).toEqual(fingerprint(21));
    expect(fingerprint(22)).not.toEqual(fingerprint(21));
  });
});
