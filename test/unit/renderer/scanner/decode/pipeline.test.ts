// The decode pipeline: it reads small and tilted codes that one engine call misses (checked
// against both engines alone), keeps to its per-frame budget on an injected clock, stops after
// one cheap pass on an empty frame, and names the engine and pass that found the code.
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  BarcodeEngine,
  DecodedCode,
  GreyImage,
  RgbaFrame,
} from '../../../../../renderer/scanner/decode/engine';
import {
  createDecodePipeline,
  type PassReport,
} from '../../../../../renderer/scanner/decode/pipeline';
import { createZxingJsEngine } from '../../../../../renderer/scanner/decode/zxing-js-engine';
import { createZxingWasmEngine } from '../../../../../renderer/scanner/decode/zxing-wasm-engine';
import {
  blankFrame,
  linearPattern,
  noiseFrame,
  qrPattern,
  readReaderWasm,
  renderScene,
} from './decode-fixtures';
import { renderGateFrame } from '../../../../rigs/gate-frames';

/** 2 px per module, a little soft and noisy: found by seeding a search, then frozen here. */
const smallQrFrames = [
  { angle: -16, blur: 0.3, noise: 17, lightFalloff: 0.9, ink: 53, paper: 229, seed: 0 },
  { angle: -8, blur: 0.3, noise: 16, lightFalloff: 0.9, ink: 83, paper: 239, seed: 4 },
  { angle: 1, blur: 0.3, noise: 10, lightFalloff: 0.6, ink: 51, paper: 178, seed: 51 },
].map((scene) => renderScene({ code: qrPattern('S2026004'), moduleSize: 2, ...scene }));

/** A Code 128 card with short bars, tilted: no single row crosses all of them. */
const tiltedBarcodeFrame = renderScene({
  code: linearPattern('code128', 'S2026001', { height: 14 }),
  moduleSize: 3,
  angle: 18,
  noise: 6,
  seed: 2,
});

describe('createDecodePipeline with both engines', () => {
  let wasm: BarcodeEngine;
  let javascript: BarcodeEngine;
  beforeAll(async () => {
    wasm = await createZxingWasmEngine({ wasmBinary: await readReaderWasm() });
    javascript = createZxingJsEngine();
  });
  // A clock that never moves: every pass runs, whatever the machine's speed.
  const unhurried = () => createDecodePipeline({ engines: [wasm, javascript], now: () => 0 });

  it.each(smallQrFrames.map((frame, index) => [index, frame] as const))(
    'reads a 2 px-per-module QR in a 1280x720 frame that each engine alone misses (#%i)',
    async (_index, frame) => {
      expect(await wasm.decode(frame)).toBeNull();
      expect(await javascript.decode(frame)).toBeNull();
      const found = await unhurried().decode(frame);
      expect(found).toMatchObject({ text: 'S2026004', format: 'QR_CODE' });
      expect(found?.engine).toMatch(/^zxing-wasm\+(centre|region|upscale|contrast)$/);
    },
  );

  describe('on a steady camera (the kiosk)', () => {
    // A fence and a notice board behind the lane; a 2.5 px-per-module card only the full-size
    // centre pass reads (seed chosen so). Each scene frame has its own sensor noise.
    const lane = { seed: 3, background: 'clutter', noise: 4, modulePx: 2.5 } as const;
    const scene = (index: number) => renderGateFrame({ ...lane, text: null, noiseSeed: index });
    const card = renderGateFrame({ ...lane, text: 'S2026004' });

    async function passesPerFrame(steadyCamera: boolean): Promise<number[]> {
      let passes = 0;
      const pipeline = createDecodePipeline({
        engines: [wasm, javascript],
        now: () => 0,
        steadyCamera,
        onPass: () => (passes += 1),
      });
      const counts: number[] = [];
      for (let index = 1; index <= 8; index += 1) {
        passes = 0;
        expect(await pipeline.decode(scene(index))).toBeNull();
        counts.push(passes);
      }
      const found = await pipeline.decode(card);
      expect(found).toMatchObject({ text: 'S2026004', engine: 'zxing-wasm+centre' });
      return counts;
    }

    it('looks closely at the busy scene on every frame of unrelated images', async () => {
      expect((await passesPerFrame(false)).every((count) => count > 1)).toBe(true);
    });

    it('learns the scene in three frames, then only overviews it until the card shows', async () => {
      const counts = await passesPerFrame(true);
      expect(counts.slice(0, 2).every((count) => count > 1)).toBe(true);
      // Frame 8 is the periodic full look.
      expect(counts.slice(3, 7)).toEqual([1, 1, 1, 1]);
      expect(counts[7]).toBeGreaterThan(1);
    });
  });

  it('stands a tilted barcode upright that each engine alone misses', async () => {
    expect(await wasm.decode(tiltedBarcodeFrame)).toBeNull();
    expect(await javascript.decode(tiltedBarcodeFrame)).toBeNull();
    expect(await unhurried().decode(tiltedBarcodeFrame)).toEqual({
      text: 'S2026001',
      format: 'CODE_128',
      engine: 'zxing-wasm+rotate',
    });
  });

  it('still reads what one engine call reads, mostly in its first pass', async () => {
    const frame = renderScene({ code: qrPattern('T0002'), moduleSize: 6, angle: 5, noise: 6 });
    expect(await wasm.decode(frame)).not.toBeNull();
    expect(await unhurried().decode(frame)).toEqual({
      text: 'T0002',
      format: 'QR_CODE',
      engine: 'zxing-wasm',
    });
  });

  it('returns null for blank, noise and empty-scene frames without throwing', async () => {
    const pipeline = unhurried();
    expect(await pipeline.decode(blankFrame(1280, 720, 200))).toBeNull();
    expect(await pipeline.decode(noiseFrame(1280, 720))).toBeNull();
    expect(await pipeline.decode(renderScene({ noise: 8, seed: 12 }))).toBeNull();
    expect(await pipeline.decode(noiseFrame(300, 200))).toBeNull();
    expect(
      await pipeline.decode({ data: new Uint8ClampedArray(0), width: 0, height: 0 }),
    ).toBeNull();
    expect(await pipeline.decode(blankFrame(2000, 1))).toBeNull();
  });
});

interface FakeEngine extends BarcodeEngine {
  /** Every image it was given, in order. */
  seen: (GreyImage | RgbaFrame)[];
}

/** Finds nothing (or X1 on its `findOnCall`th call); each call moves the clock by `cost` ms. */
function fakeEngine(
  clock: { time: number },
  options: { cost: number; findOnCall?: number; grey?: boolean },
): FakeEngine {
  const seen: (GreyImage | RgbaFrame)[] = [];
  const answer = async (image: GreyImage | RgbaFrame): Promise<DecodedCode | null> => {
    clock.time += options.cost;
    seen.push(image);
    const found = seen.length === options.findOnCall;
    return found ? { text: 'X1', format: 'QR_CODE', engine: 'fake' } : null;
  };
  const engine: FakeEngine = { name: 'fake', seen, decode: answer };
  if (options.grey !== false) engine.decodeGrey = answer;
  return engine;
}

describe('createDecodePipeline budget and passes', () => {
  const busyFrame = smallQrFrames[0] as RgbaFrame;

  function run(budgetMs: number, cost: number, frame = busyFrame) {
    const clock = { time: 1000 };
    const passes: (PassReport & { startedAt: number })[] = [];
    const engine = fakeEngine(clock, { cost });
    const pipeline = createDecodePipeline({
      engines: [engine],
      budgetMs,
      now: () => clock.time,
      onPass: (pass) => passes.push({ ...pass, startedAt: clock.time - pass.milliseconds }),
    });
    return { pipeline, passes, frame };
  }

  it('starts no pass once the budget is spent (4 ms passes, 10 ms budget: three passes)', async () => {
    const { pipeline, passes, frame } = run(10, 4);
    expect(await pipeline.decode(frame)).toBeNull();
    expect(passes.map((pass) => pass.startedAt)).toEqual([1000, 1004, 1008]);
    expect(passes.every((pass) => pass.milliseconds === 4)).toBe(true);
  });

  it('always runs the first, cheapest pass, even with no budget at all', async () => {
    const { pipeline, passes, frame } = run(0, 4);
    await pipeline.decode(frame);
    expect(passes.map((pass) => pass.pass)).toEqual(['overview']);
  });

  it('stops after the overview when nothing in the frame looks like a code', async () => {
    const { pipeline, passes } = run(1000, 1);
    await pipeline.decode(renderScene({ noise: 4, seed: 3 }));
    expect(passes.map((pass) => pass.pass)).toEqual(['overview']);
  });

  it('runs more passes on a frame with something code-like, within a large budget', async () => {
    const { pipeline, passes, frame } = run(1000, 1);
    await pipeline.decode(frame);
    const names = passes.map((pass) => pass.pass);
    expect(names.slice(0, 2)).toEqual(['overview', 'centre']);
    expect(names).toContain('region');
    expect(names).toContain('upscale');
  });

  it('names the engine and the pass that found the code', async () => {
    const clock = { time: 0 };
    const pipeline = createDecodePipeline({
      engines: [fakeEngine(clock, { cost: 1, findOnCall: 3 })],
      now: () => clock.time,
    });
    expect(await pipeline.decode(busyFrame)).toEqual({
      text: 'X1',
      format: 'QR_CODE',
      engine: 'fake+region',
    });
  });

  it('gives engines without a grey entry RGBA frames', async () => {
    const clock = { time: 0 };
    const engine = fakeEngine(clock, { cost: 1, grey: false });
    await createDecodePipeline({ engines: [engine], now: () => clock.time }).decode(busyFrame);
    expect(engine.seen.length).toBeGreaterThan(1);
    for (const image of engine.seen) {
      expect(image.data).toBeInstanceOf(Uint8ClampedArray);
      expect(image.data.length).toBe(image.width * image.height * 4);
    }
  });

  it('needs at least one engine', () => {
    expect(() => createDecodePipeline({ engines: [] })).toThrow(/at least one engine/);
  });
});
