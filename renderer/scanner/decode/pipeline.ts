// The decode pipeline: runs the passes of decode-passes.ts over a frame until one reads a code
// or the frame's time budget is spent, so an empty frame (the common case) stays cheap and a
// hard one gets every look the budget allows. Pure compute: no DOM, no node:, no timers.
import type { BarcodeEngine, DecodedCode, RgbaFrame } from './engine';
import { planPasses, type PlannedPass } from './decode-passes';
import { greyToRgba, isEmpty } from './grey-image';
import { createSteadyScene } from './steady-scene';

export interface PipelineOptions {
  /** The first engine runs every pass; the others look at areas where a symbol was seen. */
  engines: BarcodeEngine[];
  /** Passes after the first start only while the frame has spent less than this (15 ms). */
  budgetMs?: number;
  /** The clock the budget is measured with (milliseconds); injected by tests. */
  now?: () => number;
  /**
   * The frames come one after another from one fixed camera (the kiosk), not unrelated images
   * (`npm run decode`): learn the empty scene and stop searching it closely.
   */
  steadyCamera?: boolean;
  /** Told about every pass, for the benchmark and for tuning. */
  onPass?: (pass: PassReport) => void;
}

export interface PassReport {
  pass: string;
  engine: string;
  milliseconds: number;
  pixels: number;
  found: boolean;
}

export interface DecodePipeline {
  decode(frame: RgbaFrame): Promise<DecodedCode | null>;
}

export function createDecodePipeline(options: PipelineOptions): DecodePipeline {
  const [primary, ...others] = options.engines;
  if (!primary) throw new Error('A decode pipeline needs at least one engine');
  const budgetMs = options.budgetMs ?? 15;
  const now = options.now ?? (() => performance.now());
  const scene = options.steadyCamera ? createSteadyScene() : undefined;

  async function decode(frame: RgbaFrame): Promise<DecodedCode | null> {
    if (isEmpty(frame)) return null;
    const deadline = now() + budgetMs;
    let first = true;
    for (const next of planPasses(frame, primary as BarcodeEngine, others, scene)) {
      // The first pass (the overview) always runs: it is the cheapest look there is. A pass
      // already started is never cut short, so a frame overruns by at most one pass.
      if (!first && now() >= deadline) return null;
      first = false;
      const found = await run(next);
      if (found) return found;
    }
    return null;
  }

  async function run(next: PlannedPass): Promise<DecodedCode | null> {
    const image = next.image();
    const started = now();
    const result = next.engine.decodeGrey
      ? await next.engine.decodeGrey(image, next.hints)
      : await next.engine.decode(greyToRgba(image), next.hints);
    options.onPass?.({
      pass: next.name,
      engine: next.engine.name,
      milliseconds: now() - started,
      pixels: next.pixels,
      found: result !== null,
    });
    if (!result) return null;
    // 'zxing-wasm' alone for the overview, 'zxing-wasm+upscale' and so on for the rest.
    const step = next.name === 'overview' ? '' : `+${next.name}`;
    return { ...result, engine: `${next.engine.name}${step}` };
  }

  return { decode };
}
