// The frame decoder on synthetic frames: a QR code drawn into RGBA pixels decodes to its text;
// a blank or noisy frame is "no code" (null), never an exception.
import bwipjs from 'bwip-js/node';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import {
  createBarcodeDecoder,
  toLuminance,
  type RgbaFrame,
} from '../../../../renderer/scanner/barcode-decoder';

/** A QR code as a camera might see it: dark modules on white, with a quiet zone, scaled up. */
function qrFrame(text: string, scale = 6, quiet = 4): RgbaFrame {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const side = (modules.size + quiet * 2) * scale;
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < side; y += 1) {
    for (let x = 0; x < side; x += 1) {
      const moduleX = Math.floor(x / scale) - quiet;
      const moduleY = Math.floor(y / scale) - quiet;
      const inside =
        moduleX >= 0 && moduleY >= 0 && moduleX < modules.size && moduleY < modules.size;
      if (inside && modules.get(moduleY, moduleX)) {
        const offset = (y * side + x) * 4;
        data[offset] = data[offset + 1] = data[offset + 2] = 0;
      }
    }
  }
  return { data, width: side, height: side };
}

/** A Code 128 barcode (a 1-D campus card) from bwip-js's bar/space widths, on white. */
function code128Frame(text: string, scale = 3, height = 80, quiet = 12): RgbaFrame {
  const [symbol] = bwipjs.raw('code128', text);
  const widths = (symbol as { sbs: number[] }).sbs;
  const modules = widths.reduce((sum, width) => sum + width, 0) + quiet * 2;
  const width = modules * scale;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  let x = quiet * scale;
  widths.forEach((barOrSpace, index) => {
    const span = barOrSpace * scale;
    if (index % 2 === 0) {
      for (let y = 0; y < height; y += 1) {
        const start = (y * width + x) * 4;
        data.fill(0, start, start + span * 4);
        for (let p = start + 3; p < start + span * 4; p += 4) data[p] = 255;
      }
    }
    x += span;
  });
  return { data, width, height };
}

function noiseFrame(width: number, height: number, seed = 7): RgbaFrame {
  let state = seed;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let index = 0; index < data.length; index += 1) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    data[index] = state & 0xff;
  }
  return { data, width, height };
}

describe('createBarcodeDecoder', () => {
  it('decodes a QR code from RGBA pixels', () => {
    const decoder = createBarcodeDecoder();
    expect(decoder.decode(qrFrame('S20240001'))).toEqual({ text: 'S20240001', format: 'QR_CODE' });
  });

  it('decodes a Code 128 card number (1-D barcode)', () => {
    const decoder = createBarcodeDecoder();
    expect(decoder.decode(code128Frame('S2026001'))).toEqual({
      text: 'S2026001',
      format: 'CODE_128',
    });
  });

  it('decodes frame after frame with the same decoder', () => {
    const decoder = createBarcodeDecoder();
    expect(decoder.decode(qrFrame('CARD-A'))?.text).toBe('CARD-A');
    expect(decoder.decode(noiseFrame(64, 64))).toBeNull();
    expect(decoder.decode(qrFrame('CARD-B'))?.text).toBe('CARD-B');
  });

  it('returns null for frames without a code', () => {
    const decoder = createBarcodeDecoder();
    const blank = { data: new Uint8ClampedArray(320 * 240 * 4).fill(255), width: 320, height: 240 };
    expect(decoder.decode(blank)).toBeNull();
    expect(decoder.decode(noiseFrame(320, 240))).toBeNull();
  });
});

describe('toLuminance', () => {
  it('weights green twice, like ZXing', () => {
    const frame = {
      data: new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 255]),
      width: 2,
      height: 1,
    };
    expect([...toLuminance(frame)]).toEqual([63, 127]);
  });
});
