// Decodes one video frame (RGBA pixels) into the text of a QR or 1-D barcode with ZXing.
// Plain data in, plain data out and no DOM, so it can move into a worker unchanged; it must
// never throw for a frame without a code — that is the normal case, ten times a second.
import {
  BarcodeFormat,
  BinaryBitmap,
  ChecksumException,
  DecodeHintType,
  FormatException,
  HybridBinarizer,
  MultiFormatReader,
  NotFoundException,
  RGBLuminanceSource,
} from '@zxing/library';

/** The shape of ImageData, without needing the DOM type (workers and tests have neither). */
export interface RgbaFrame {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export interface DecodedCode {
  text: string;
  format: string;
}

export interface BarcodeDecoder {
  decode(frame: RgbaFrame): DecodedCode | null;
}

export const scannedFormats = [
  BarcodeFormat.QR_CODE,
  BarcodeFormat.CODE_128,
  BarcodeFormat.EAN_13,
  BarcodeFormat.CODE_39,
];

export function createBarcodeDecoder(): BarcodeDecoder {
  const reader = new MultiFormatReader();
  // TRY_HARDER stays off: at ten frames a second a missed frame is cheaper than a slow one.
  reader.setHints(
    new Map<DecodeHintType, unknown>([[DecodeHintType.POSSIBLE_FORMATS, scannedFormats]]),
  );

  return {
    decode(frame) {
      const luminance = toLuminance(frame);
      const source = new RGBLuminanceSource(luminance, frame.width, frame.height);
      const bitmap = new BinaryBitmap(new HybridBinarizer(source));
      try {
        const result = reader.decodeWithState(bitmap);
        const text = result.getText();
        return text
          ? { text, format: BarcodeFormat[result.getBarcodeFormat()] ?? 'unknown' }
          : null;
      } catch (error) {
        if (isNoCodeInFrame(error)) return null;
        throw error;
      } finally {
        reader.reset();
      }
    },
  };
}

/** One byte per pixel, green-weighted like ZXing's own conversion ((r + 2g + b) / 4). */
export function toLuminance(frame: RgbaFrame): Uint8ClampedArray {
  const pixels = frame.width * frame.height;
  const luminance = new Uint8ClampedArray(pixels);
  const data = frame.data;
  for (let pixel = 0, offset = 0; pixel < pixels; pixel += 1, offset += 4) {
    const red = data[offset] ?? 0;
    const green = data[offset + 1] ?? 0;
    const blue = data[offset + 2] ?? 0;
    luminance[pixel] = (red + green * 2 + blue) >> 2;
  }
  return luminance;
}

function isNoCodeInFrame(error: unknown): boolean {
  return (
    error instanceof NotFoundException ||
    error instanceof ChecksumException ||
    error instanceof FormatException
  );
}
