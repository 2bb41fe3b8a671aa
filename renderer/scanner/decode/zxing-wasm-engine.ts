// zxing-cpp compiled to WebAssembly (zxing-wasm's reader build) behind the engine interface.
// The .wasm is never fetched from a CDN (the library's default): the caller passes a URL it
// serves itself (the worker) or the bytes it read from node_modules (the CLI and the tests).
import {
  prepareZXingModule,
  readBarcodes,
  type Position,
  type ReaderOptions,
} from 'zxing-wasm/reader';
import type {
  BarcodeEngine,
  BarcodeFormat,
  DecodeHints,
  DecodedCode,
  GreyImage,
  Rectangle,
  RgbaFrame,
} from './engine';
import { isEmpty } from './grey-image';

export interface ZxingWasmEngineOptions {
  /** Where the worker serves zxing_reader.wasm (a Vite `?url` import of the package's file). */
  wasmUrl?: string;
  /** The .wasm bytes themselves, read from node_modules under Node. */
  wasmBinary?: Uint8Array;
  formats?: BarcodeFormat[];
  /** Defaults for calls without hints; the pipeline sets them per pass. */
  tryHarder?: boolean;
  tryInverted?: boolean;
}

const allFormats: BarcodeFormat[] = ['QR_CODE', 'CODE_128', 'CODE_39', 'EAN_13', 'EAN_8'];

const wasmFormatNames: Record<BarcodeFormat, 'QRCode' | 'Code128' | 'Code39' | 'EAN13' | 'EAN8'> = {
  QR_CODE: 'QRCode',
  CODE_128: 'Code128',
  CODE_39: 'Code39',
  EAN_13: 'EAN13',
  EAN_8: 'EAN8',
};

export async function createZxingWasmEngine(
  options: ZxingWasmEngineOptions,
): Promise<BarcodeEngine> {
  await loadZxingWasm(options);
  const formats = (options.formats ?? allFormats).map((format) => wasmFormatNames[format]);
  // Measured alone on 193 gate-like 1280x720 frames: without tryRotate and tryDownscale it
  // finds the same 150 codes and an empty frame costs 10 instead of 13 ms (the pipeline
  // rotates and scales itself). One symbol is all a gate needs, so stop at the first.
  const base: ReaderOptions = {
    formats,
    maxNumberOfSymbols: 1,
    tryRotate: false,
    tryDownscale: false,
    tryDenoise: false,
  };

  async function read(
    input: Uint8Array | RgbaFrame,
    hints: DecodeHints | undefined,
  ): Promise<DecodedCode | null> {
    const onUnreadable = hints?.onUnreadable;
    const readerOptions: ReaderOptions = {
      ...base,
      tryHarder: hints?.tryHarder ?? options.tryHarder ?? true,
      tryInvert: hints?.tryInverted ?? options.tryInverted ?? true,
      // An unreadable symbol counts towards maxNumberOfSymbols: allow a second, readable one.
      ...(onUnreadable ? { returnErrors: true, maxNumberOfSymbols: 2 } : {}),
    };
    const results = await readBarcodes(
      input instanceof Uint8Array ? input : asImageData(input),
      readerOptions,
    );
    let unreadable: { format: BarcodeFormat; area: Rectangle } | null = null;
    for (const result of results) {
      const format = formatFromWasm(result.format);
      if (format && result.isValid && result.text) {
        return { text: result.text, format, engine: 'zxing-wasm' };
      }
      // Micro QR is no campus format; "seen" on a frame it is nearly always a QR read badly.
      const seen = format ?? (result.format === 'MicroQRCode' ? 'QR_CODE' : null);
      if (seen && !unreadable) unreadable = { format: seen, area: boundingBox(result.position) };
    }
    if (unreadable && onUnreadable) onUnreadable(unreadable.format, unreadable.area);
    return null;
  }

  return {
    name: 'zxing-wasm',
    decode: async (frame, hints) => (isEmpty(frame) ? null : read(frame, hints)),
    decodeGrey: async (image, hints) =>
      isEmpty(image) ? null : read(greyToPortableGreymap(image), hints),
  };
}

/**
 * A grey image as a binary PGM file: readBarcodes takes only RGBA pixels or an encoded image,
 * and its RGBA path converts to grey again in JavaScript. A PGM header in front of the bytes
 * we already have costs one copy and lets zxing-cpp read them as they are.
 */
export function greyToPortableGreymap(image: GreyImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${image.width} ${image.height}\n255\n`);
  const file = new Uint8Array(header.length + image.data.length);
  file.set(header);
  file.set(image.data, header.length);
  return file;
}

/**
 * The frame in the DOM's ImageData shape, which readBarcodes is typed with: it reads only data,
 * width and height. Frames from a canvas or a decoded file are ArrayBuffer-backed already. Typed
 * through readBarcodes, not the DOM's name: the decoder also runs under Node (npm run decode).
 */
function asImageData(frame: RgbaFrame): Parameters<typeof readBarcodes>[0] {
  const { buffer, byteOffset, length } = frame.data;
  const data =
    buffer instanceof ArrayBuffer
      ? new Uint8ClampedArray(buffer, byteOffset, length)
      : new Uint8ClampedArray(frame.data);
  return { data, width: frame.width, height: frame.height, colorSpace: 'srgb' };
}

let loaded: { key: string | Uint8Array; ready: Promise<unknown> } | undefined;

/** Instantiates the module once per source; later engines with the same source reuse it. */
function loadZxingWasm(options: ZxingWasmEngineOptions): Promise<unknown> {
  const key = options.wasmBinary ?? options.wasmUrl;
  if (key === undefined) {
    throw new Error('zxing-wasm needs wasmUrl or wasmBinary; it must never load from a CDN');
  }
  if (loaded?.key === key) return loaded.ready;
  const wasmUrl = options.wasmUrl;
  const binary = options.wasmBinary;
  const overrides = binary
    ? { wasmBinary: binary.buffer.slice(binary.byteOffset, binary.byteOffset + binary.byteLength) }
    : {
        // Every file the module asks for resolves to our URL: nothing leaves the kiosk.
        locateFile: (path: string, prefix: string) =>
          path.endsWith('.wasm') && wasmUrl ? wasmUrl : prefix + path,
      };
  const ready = prepareZXingModule({ overrides, fireImmediately: true });
  loaded = { key, ready };
  ready.catch(() => {
    if (loaded?.ready === ready) loaded = undefined; // A failed load may be retried.
  });
  return ready;
}

function boundingBox(position: Position): Rectangle {
  const corners = [position.topLeft, position.topRight, position.bottomRight, position.bottomLeft];
  const xs = corners.map((corner) => corner.x);
  const ys = corners.map((corner) => corner.y);
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  return { left, top, width: Math.max(...xs) - left, height: Math.max(...ys) - top };
}

function formatFromWasm(format: string): BarcodeFormat | null {
  if (format === 'QRCode' || format === 'QRCodeModel2') return 'QR_CODE';
  if (format === 'Code128') return 'CODE_128';
  if (format.startsWith('Code39')) return 'CODE_39';
  if (format === 'EAN13') return 'EAN_13';
  if (format === 'EAN8') return 'EAN_8';
  return null;
}
