// The pass as a PNG: a QR code at level M, a 4-module quiet zone and 8 pixels per module, that
// the gate's own decoder (the JavaScript engine alone, and the pipeline the kiosk runs) reads
// back as exactly the signed text, which still verifies.
//
// The key is fixed, so the pass text, and with it the QR, is the same on every run (Ed25519
// signatures are deterministic). That matters: a typical pass is a version 15 QR, and the
// JavaScript engine alone fails on some of those even when drawn perfectly (about 6 in 40
// different passes, with or without TRY_HARDER; zxing-wasm, the kiosk's first engine, reads
// them all), so a random key would make the zxing-js test fail now and then.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { renderPassPng } from '../../../backend/visitors/pass-image';
import { keyId, signPass, verifyPass } from '../../../backend/visitors/pass-token';
import { createKioskDecoder } from '../../../renderer/scanner/decode/kiosk-pipeline';
import { decodeImage } from '../../../cli/read-image';

// PKCS#8 DER of an Ed25519 key: a fixed 16-byte header, then the 32-byte seed.
const privateKey = createPrivateKey({
  key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.alloc(32, 7)]),
  format: 'der',
  type: 'pkcs8',
});
const publicKey = createPublicKey(privateKey);
const kid = keyId(publicKey);
const fields = {
  appointmentId: 'A2026112300017',
  name: '张伟',
  host: '王老师（三年级二班）',
  area: '教学楼A座',
  validFrom: new Date('2026-11-23T09:00:00Z'),
  validTo: new Date('2026-11-23T11:30:00Z'),
  uses: 2,
  issuedAt: new Date('2026-11-22T16:05:00Z'),
};
const token = signPass(fields, privateKey, kid);
const during = new Date('2026-11-23T10:00:00Z');

async function wasmBinary(): Promise<Uint8Array> {
  const file = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  return new Uint8Array(await readFile(file));
}

describe('renderPassPng', () => {
  it('draws a level-M QR with a 4-module margin at 8 pixels per module', async () => {
    const png = PNG.sync.read(await renderPassPng(token));
    const qr = QRCode.create(token, { errorCorrectionLevel: 'M' });
    // A typical visitor's pass (387 characters) needs version 15: 77 modules a side.
    expect(qr.version).toBe(15);
    expect(png.width).toBe((qr.modules.size + 2 * 4) * 8);
    expect(png.height).toBe(png.width);
    // The quiet zone is white: no dark pixel in the outer 32 pixels on any side.
    let dark = 0;
    for (let y = 0; y < png.height; y += 1) {
      for (let x = 0; x < png.width; x += 1) {
        const inside = x >= 32 && y >= 32 && x < png.width - 32 && y < png.height - 32;
        if (!inside && png.data[(y * png.width + x) * 4] !== 255) dark += 1;
      }
    }
    expect(dark).toBe(0);
  });

  it.each(['zxing-js', 'pipeline'] as const)(
    'is read back exactly by the kiosk decoder (%s)',
    async (engine) => {
      const wasm = engine === 'zxing-js' ? {} : { binary: await wasmBinary() };
      const decoder = await createKioskDecoder({ engine, wasm });
      const found = await decoder.decode(decodeImage(await renderPassPng(token)));
      expect(found?.format).toBe('QR_CODE');
      expect(found?.text).toBe(token);
      expect(verifyPass(found?.text, new Map([[kid, publicKey]]), during)).toEqual({
        ok: true,
        pass: { ...fields, kid },
      });
    },
  );

  it('is read by the kiosk pipeline for 12 different passes, short and long', async () => {
    const decoder = await createKioskDecoder({
      engine: 'pipeline',
      wasm: { binary: await wasmBinary() },
    });
    for (let index = 0; index < 12; index += 1) {
      // From a one-character area up to every field at its longest (QR version 31).
      const size = Math.max(1, Math.round((index / 11) * 120));
      const pass = signPass(
        {
          ...fields,
          appointmentId: `A${index}`,
          name: '欧'.repeat(size),
          host: '王'.repeat(size),
          area: 'B'.repeat(size),
        },
        privateKey,
        kid,
      );
      const found = await decoder.decode(decodeImage(await renderPassPng(pass)));
      expect([index, found?.text]).toEqual([index, pass]);
    }
  });

  it('refuses text that is not a pass', async () => {
    await expect(renderPassPng('hello')).rejects.toThrow(RangeError);
    await expect(renderPassPng(`GP1.${'A'.repeat(3000)}`)).rejects.toThrow(RangeError);
  });
});
