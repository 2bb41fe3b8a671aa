// Both engines behind the one interface, on the same synthetic frames: a QR and the 1-D campus
// formats decode to their text (from RGBA and from grey), frame after frame; blank and noise
// frames are null, never an exception. (Replaces the old barcode-decoder test.)
import { beforeAll, describe, expect, it } from 'vitest';
import type { BarcodeEngine } from '../../../../../renderer/scanner/decode/engine';
import { rgbaToGrey } from '../../../../../renderer/scanner/decode/grey-image';
import { createZxingJsEngine } from '../../../../../renderer/scanner/decode/zxing-js-engine';
import { createZxingWasmEngine } from '../../../../../renderer/scanner/decode/zxing-wasm-engine';
import {
  blankFrame,
  codeOnWhite,
  linearPattern,
  noiseFrame,
  qrPattern,
  readReaderWasm,
  renderScene,
} from './decode-fixtures';

const engines: Record<string, () => Promise<BarcodeEngine>> = {
  'zxing-js': async () => createZxingJsEngine(),
  'zxing-wasm': async () => createZxingWasmEngine({ wasmBinary: await readReaderWasm() }),
};

describe.each(Object.keys(engines))('%s engine', (name) => {
  let engine: BarcodeEngine;
  beforeAll(async () => {
    engine = await (engines[name] as () => Promise<BarcodeEngine>)();
  });

  it('is named for the benchmark and the logs', () => {
    expect(engine.name).toBe(name);
  });

  it('decodes a QR code from RGBA pixels', async () => {
    const frame = codeOnWhite(qrPattern('S20240001'), 6);
    expect(await engine.decode(frame)).toEqual({
      text: 'S20240001',
      format: 'QR_CODE',
      engine: name,
    });
  });

  it('decodes a Code 128 card number', async () => {
    const frame = codeOnWhite(linearPattern('code128', 'S2026001', { height: 30 }), 3);
    expect(await engine.decode(frame)).toMatchObject({ text: 'S2026001', format: 'CODE_128' });
  });

  it('decodes Code 39 and EAN-13, the older card prints', async () => {
    const code39 = codeOnWhite(linearPattern('code39', 'S2026001', { height: 30 }), 3);
    expect(await engine.decode(code39)).toMatchObject({ text: 'S2026001', format: 'CODE_39' });
    const ean = codeOnWhite(linearPattern('ean13', '590123412345', { height: 30 }), 3);
    expect(await engine.decode(ean)).toMatchObject({ text: '5901234123457', format: 'EAN_13' });
  });

  it('decodes a QR code in a camera-like 1280x720 frame', async () => {
    const frame = renderScene({ code: qrPattern('T0002'), moduleSize: 5, angle: 10, noise: 8 });
    expect((await engine.decode(frame))?.text).toBe('T0002');
  });

  it('reads the same from a grey image as from the RGBA frame', async () => {
    const frame = codeOnWhite(qrPattern('CARD-GREY'), 5);
    expect(engine.decodeGrey).toBeDefined();
    expect(await engine.decodeGrey?.(rgbaToGrey(frame))).toEqual(await engine.decode(frame));
  });

  it('decodes frame after frame with the same engine', async () => {
    expect((await engine.decode(codeOnWhite(qrPattern('CARD-A'), 5)))?.text).toBe('CARD-A');
    expect(await engine.decode(noiseFrame(64, 64))).toBeNull();
    expect((await engine.decode(codeOnWhite(qrPattern('CARD-B'), 5)))?.text).toBe('CARD-B');
  });

  it('returns null for blank and noise frames without throwing', async () => {
    expect(await engine.decode(blankFrame(320, 240))).toBeNull();
    expect(await engine.decode(blankFrame(1280, 720, 90))).toBeNull();
    expect(await engine.decode(noiseFrame(320, 240))).toBeNull();
    expect(await engine.decode(noiseFrame(1280, 720, 3))).toBeNull();
    expect(await engine.decode(renderScene({ noise: 12, seed: 5 }))).toBeNull();
  });

  it('returns null for a frame without pixels (a camera not started yet)', async () => {
    const empty = { data: new Uint8ClampedArray(0), width: 0, height: 0 };
    expect(await engine.decode(empty)).toBeNull();
    expect(await engine.decodeGrey?.({ data: new Uint8Array(0), width: 0, height: 0 })).toBeNull();
  });

  it('reads a light-on-dark code only when asked to', async () => {
    const frame = renderScene({
      code: qrPattern('DARK-MODE'),
      moduleSize: 5,
      inverted: true,
      width: 480,
      height: 360,
    });
    expect(await engine.decode(frame, { tryInverted: false })).toBeNull();
    expect((await engine.decode(frame, { tryInverted: true }))?.text).toBe('DARK-MODE');
  });

  it('looks only for the formats it was given', async () => {
    const qrOnly =
      name === 'zxing-js'
        ? createZxingJsEngine({ formats: ['QR_CODE'] })
        : await createZxingWasmEngine({ wasmBinary: await readReaderWasm(), formats: ['QR_CODE'] });
    const frame = codeOnWhite(linearPattern('code128', 'S2026001', { height: 30 }), 3);
    expect(await qrOnly.decode(frame)).toBeNull();
  });
});

describe('zxing-wasm engine loading', () => {
  it('refuses to start without a wasm URL or bytes (it must never use the CDN)', async () => {
    await expect(createZxingWasmEngine({})).rejects.toThrow(/never load from a CDN/);
  });

  it('reports a symbol it located but could not read, and where', async () => {
    const engine = await createZxingWasmEngine({ wasmBinary: await readReaderWasm() });
    const frame = codeOnWhite(qrPattern('S2026004'), 4);
    // Scratch out most of the data area: the finders stay, the error correction cannot cope.
    const { data, width } = frame;
    for (let y = 60; y < 100; y += 1) {
      for (let x = 40; x < 104; x += 1)
        data.fill(x % 8 < 4 ? 0 : 255, (y * width + x) * 4, (y * width + x) * 4 + 3);
    }
    const seen: { format: string; area: unknown }[] = [];
    const hints = { onUnreadable: (format: string, area: unknown) => seen.push({ format, area }) };
    expect(await engine.decode(frame, hints)).toBeNull();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.format).toBe('QR_CODE');
    expect(seen[0]?.area).toMatchObject({ left: expect.any(Number), width: expect.any(Number) });
  });
});
