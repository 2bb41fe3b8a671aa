// The pure-JavaScript ZXing port (@zxing/library) behind the engine interface: no WebAssembly,
// so it works wherever the worker runs. It must never throw for a frame without a code; ZXing
// signals "nothing here" with exceptions, which become null.
import {
  BarcodeFormat as ZxingFormat,
  BinaryBitmap,
  DecodeHintType,
  Exception as ZxingException,
  HybridBinarizer,
  InvertedLuminanceSource,
  MultiFormatReader,
  RGBLuminanceSource,
  type LuminanceSource,
} from '@zxing/library';
import type {
  BarcodeEngine,
  BarcodeFormat,
  DecodeHints,
  DecodedCode,
  GreyImage,
  RgbaFrame,
} from './engine';
import { isEmpty, rgbaToGrey } from './grey-image';

export interface ZxingJsEngineOptions {
  formats?: BarcodeFormat[];
  /** ZXing's TRY_HARDER for calls without hints: more scan lines, roughly twice the time. */
  tryHarder?: boolean;
}

const zxingFormats: Record<BarcodeFormat, ZxingFormat> = {
  QR_CODE: ZxingFormat.QR_CODE,
  CODE_128: ZxingFormat.CODE_128,
  CODE_39: ZxingFormat.CODE_39,
  EAN_13: ZxingFormat.EAN_13,
  EAN_8: ZxingFormat.EAN_8,
};

const allFormats: BarcodeFormat[] = ['QR_CODE', 'CODE_128', 'CODE_39', 'EAN_13', 'EAN_8'];

export function createZxingJsEngine(options: ZxingJsEngineOptions = {}): BarcodeEngine {
  const formats = options.formats ?? allFormats;
  const possibleFormats = formats.map((format) => zxingFormats[format]);
  // Two readers, because MultiFormatReader keeps its hints between calls and setHints rebuilds
  // its sub-readers: switching per call would cost more than the decode.
  const quick = readerWith(possibleFormats, false);
  const thorough = readerWith(possibleFormats, true);

  function decodeLuminance(image: GreyImage, hints: DecodeHints | undefined): DecodedCode | null {
    if (isEmpty(image)) return null;
    const reader = (hints?.tryHarder ?? options.tryHarder ?? false) ? thorough : quick;
    // RGBLuminanceSource takes one-byte luminance as it is when given a Uint8ClampedArray.
    const luminance = new Uint8ClampedArray(
      image.data.buffer,
      image.data.byteOffset,
      image.data.length,
    );
    const source = new RGBLuminanceSource(luminance, image.width, image.height);
    const found = tryRead(reader, source, formats);
    if (found || !hints?.tryInverted) return found;
    return tryRead(reader, new InvertedLuminanceSource(source), formats);
  }

  return {
    name: 'zxing-js',
    decode: async (frame: RgbaFrame, hints?: DecodeHints) =>
      decodeLuminance(rgbaToGrey(frame), hints),
    decodeGrey: async (image: GreyImage, hints?: DecodeHints) => decodeLuminance(image, hints),
  };
}

function readerWith(formats: ZxingFormat[], tryHarder: boolean): MultiFormatReader {
  const reader = new MultiFormatReader();
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.POSSIBLE_FORMATS, formats]]);
  if (tryHarder) hints.set(DecodeHintType.TRY_HARDER, true);
  reader.setHints(hints);
  return reader;
}

function tryRead(
  reader: MultiFormatReader,
  source: LuminanceSource,
  formats: BarcodeFormat[],
): DecodedCode | null {
  try {
    const result = reader.decodeWithState(new BinaryBitmap(new HybridBinarizer(source)));
    const text = result.getText();
    const format = formats.find((name) => zxingFormats[name] === result.getBarcodeFormat());
    return text && format ? { text, format, engine: 'zxing-js' } : null;
  } catch (error) {
    // NotFound, Checksum and Format mean "no readable code"; on noisy frames the port also
    // slips an index now and then (ArrayIndexOutOfBounds). All are ZXing's own exceptions and
    // mean "nothing here"; anything else is our bug and must surface.
    if (error instanceof ZxingException) return null;
    throw error;
  } finally {
    reader.reset();
  }
}
