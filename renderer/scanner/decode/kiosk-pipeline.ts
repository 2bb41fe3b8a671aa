// The decoder the kiosk's worker and `npm run decode` both build, so an admin checking a card
// print run sees exactly what the gate camera would read. Pure compute: the caller supplies
// the .wasm (a URL in the browser, bytes under Node); nothing here fetches or reads files.
import type { BarcodeEngine, BarcodeFormat, DecodedCode, RgbaFrame } from './engine';
import { createDecodePipeline, type DecodePipeline } from './pipeline';
import { createZxingJsEngine } from './zxing-js-engine';
import { createZxingWasmEngine } from './zxing-wasm-engine';

export type KioskEngineChoice = 'pipeline' | 'zxing-wasm' | 'zxing-js';

export interface KioskDecoderOptions {
  /** 'pipeline' (the default in settings) or one engine alone, one call per frame. */
  engine: KioskEngineChoice;
  wasm: { url?: string; binary?: Uint8Array };
  /** Per-frame budget of the pipeline, milliseconds. */
  budgetMs?: number;
  /** Frames from one fixed camera, one after another (the worker), not unrelated images. */
  steadyCamera?: boolean;
  now?: () => number;
}

/** What campus cards carry: QR on new cards and phones, Code 128 / 39 and EAN-13 on old prints. */
export const kioskFormats: BarcodeFormat[] = ['QR_CODE', 'CODE_128', 'CODE_39', 'EAN_13'];

export const kioskEngineChoices: readonly KioskEngineChoice[] = [
  'pipeline',
  'zxing-wasm',
  'zxing-js',
];

export async function createKioskDecoder(options: KioskDecoderOptions): Promise<DecodePipeline> {
  const choice = options.engine;
  switch (choice) {
    case 'zxing-js':
      return singleEngine(createZxingJsEngine({ formats: kioskFormats }));
    case 'zxing-wasm':
      return singleEngine(await loadWasmEngine(options));
    case 'pipeline': {
      // zxing-wasm reads more and faster (alone on 153 gate-like frames: 133 codes, median
      // 9 ms; zxing-js 83 codes, about 20 ms), so it runs every pass. The JavaScript port looks
      // only where zxing-cpp located a symbol it could not read: cheap on empty frames, and a
      // second opinion on damaged codes (it reads one glare-washed QR zxing-cpp alone cannot).
      const engines = [
        await loadWasmEngine(options),
        createZxingJsEngine({ formats: kioskFormats }),
      ];
      const { budgetMs, steadyCamera, now } = options;
      return createDecodePipeline({ engines, budgetMs, steadyCamera, now });
    }
    default:
      return unknownChoice(choice);
  }
}

export function isKioskEngineChoice(value: string): value is KioskEngineChoice {
  return (kioskEngineChoices as readonly string[]).includes(value);
}

function loadWasmEngine(options: KioskDecoderOptions): Promise<BarcodeEngine> {
  return createZxingWasmEngine({
    wasmUrl: options.wasm.url,
    wasmBinary: options.wasm.binary,
    formats: kioskFormats,
  });
}

/** One engine call per frame, as the benchmark's "engine alone" lines measure. */
function singleEngine(engine: BarcodeEngine): DecodePipeline {
  return {
    decode: (frame: RgbaFrame): Promise<DecodedCode | null> => engine.decode(frame),
  };
}

function unknownChoice(choice: never): never {
  throw new Error(`Unknown decoder engine: ${String(choice)}`);
}
