// The decoder the kiosk worker and `npm run decode` build: each settings choice reads a card,
// the engines alone are one call per frame, and zxing-wasm never starts without a local .wasm.
import { describe, expect, it } from 'vitest';
import {
  createKioskDecoder,
  isKioskEngineChoice,
  kioskEngineChoices,
  kioskFormats,
} from '../../../../../renderer/scanner/decode/kiosk-pipeline';
import {
  codeOnWhite,
  linearPattern,
  qrPattern,
  readReaderWasm,
  renderScene,
} from './decode-fixtures';

describe('createKioskDecoder', () => {
  it.each(kioskEngineChoices)('reads a QR card and a Code 128 card with %s', async (engine) => {
    const decoder = await createKioskDecoder({ engine, wasm: { binary: await readReaderWasm() } });
    const qr = renderScene({ code: qrPattern('S2026003'), moduleSize: 5, noise: 4 });
    expect(await decoder.decode(qr)).toMatchObject({ text: 'S2026003', format: 'QR_CODE' });
    const barcode = codeOnWhite(linearPattern('code128', 'T0003', { height: 30 }), 3);
    expect(await decoder.decode(barcode)).toMatchObject({ text: 'T0003', format: 'CODE_128' });
  });

  it('says which engine read the code: the engine alone, or the pipeline step', async () => {
    const frame = codeOnWhite(qrPattern('S2026005'), 5);
    const binary = await readReaderWasm();
    const wasm = await createKioskDecoder({ engine: 'zxing-wasm', wasm: { binary } });
    const javascript = await createKioskDecoder({ engine: 'zxing-js', wasm: {} });
    const pipeline = await createKioskDecoder({ engine: 'pipeline', wasm: { binary } });
    expect((await wasm.decode(frame))?.engine).toBe('zxing-wasm');
    expect((await javascript.decode(frame))?.engine).toBe('zxing-js');
    expect((await pipeline.decode(frame))?.engine).toMatch(/^zxing-wasm(\+\w+)?$/);
  });

  it('needs no .wasm for zxing-js, and refuses zxing-wasm without one', async () => {
    await expect(createKioskDecoder({ engine: 'zxing-js', wasm: {} })).resolves.toBeDefined();
    await expect(createKioskDecoder({ engine: 'pipeline', wasm: {} })).rejects.toThrow(/CDN/);
  });

  it('reads the campus formats: QR, Code 128, and the older Code 39 and EAN-13 prints', async () => {
    expect(kioskFormats).toEqual(['QR_CODE', 'CODE_128', 'CODE_39', 'EAN_13']);
    const decoder = await createKioskDecoder({
      engine: 'pipeline',
      wasm: { binary: await readReaderWasm() },
    });
    const code39 = codeOnWhite(linearPattern('code39', 'S2026001', { height: 30 }), 3);
    expect(await decoder.decode(code39)).toMatchObject({ text: 'S2026001', format: 'CODE_39' });
    const ean = codeOnWhite(linearPattern('ean13', '590123412345', { height: 30 }), 3);
    expect(await decoder.decode(ean)).toMatchObject({ text: '5901234123457', format: 'EAN_13' });
  });

  it('knows the settings choices', () => {
    expect(kioskEngineChoices).toEqual(['pipeline', 'zxing-wasm', 'zxing-js']);
    expect(isKioskEngineChoice('zxing-wasm')).toBe(true);
    expect(isKioskEngineChoice('quagga')).toBe(false);
  });
});
