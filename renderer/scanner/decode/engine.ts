// What every barcode engine and the decode pipeline offer: RGBA frames in, a code or null
// out. Pure compute: no DOM, no node:, so the kiosk's worker and the `npm run decode` tool
// under Node run exactly the same code.

export interface RgbaFrame {
  /** RGBA, 4 bytes per pixel, row after row, no padding. */
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** One byte of luminance per pixel, row after row: what the pipeline's passes work on. */
export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** An axis-aligned area of an image, in pixels. */
export interface Rectangle {
  left: number;
  top: number;
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

/**
 * How hard one call should look, for the pipeline's cheap and thorough passes. Each engine maps
 * these onto its own options; a field left out means the engine's configured default.
 */
export interface DecodeHints {
  /** Spend more time on this image (ZXing's "try harder": more scan lines, more candidates). */
  tryHarder?: boolean;
  /** Also look for light-on-dark codes (phones in dark mode, negative prints). */
  tryInverted?: boolean;
  /**
   * Told when the engine located a symbol it could not read (a checksum or format error), and
   * where in the image, if it knows: a sharper look there is likely to pay off. Engines that
   * cannot tell ignore it.
   */
  onUnreadable?: (format: BarcodeFormat, area: Rectangle | null) => void;
}

export interface BarcodeEngine {
  readonly name: string;
  /** Null when the frame holds no code it can read; never throws for an ordinary frame. */
  decode(frame: RgbaFrame, hints?: DecodeHints): Promise<DecodedCode | null>;
  /**
   * The same on a grey image, when the engine can take one without an RGBA round trip (the
   * pipeline's crops, scalings and contrast passes are grey). Optional: fakes may omit it.
   */
  decodeGrey?(image: GreyImage, hints?: DecodeHints): Promise<DecodedCode | null>;
}

export type EngineName = 'zxing-js' | 'zxing-wasm';
