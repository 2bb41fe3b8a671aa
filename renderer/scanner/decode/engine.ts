// What every barcode engine and the decode pipeline offer: RGBA frames in, a code or null
// out. Pure compute: no DOM, no node:, so the kiosk's worker and the `npm run decode` tool
// under Node run exactly the same code.

export interface RgbaFrame {
  /** RGBA, 4 bytes per pixel, row after row, no padding. */
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export type BarcodeFormat = 'QR_CODE' | 'CODE_128' | 'CODE_39' | 'EAN_13' | 'EAN_8';

export interface DecodedCode {
  text: string;
  format: BarcodeFormat;
  /** Which engine (and pipeline step) found it, for the benchmark and the logs. */
  engine: string;
}

export interface BarcodeEngine {
  readonly name: string;
  /** Null when the frame holds no code it can read; never throws for an ordinary frame. */
  decode(frame: RgbaFrame): Promise<DecodedCode | null>;
}

export type EngineName = 'zxing-js' | 'zxing-wasm';
