// `npm run decode` on image files made in a temp folder: PNG and JPEG cards print their text,
// an empty picture prints "-", a broken, cut-short or missing file prints "-" with an error and
// exit 1, wrong arguments exit 2; and once for real through npm as a child process.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RgbaFrame } from '../../../renderer/scanner/decode/engine';
import { main, printable } from '../../../cli/decode-cli';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import {
  codeOnWhite,
  linearPattern,
  qrPattern,
  renderScene,
} from '../../unit/renderer/scanner/decode/decode-fixtures';

const run = promisify(execFile);

function writePng(file: string, frame: RgbaFrame): string {
  const png = new PNG({ width: frame.width, height: frame.height });
  png.data.set(frame.data);
  writeFileSync(file, PNG.sync.write(png));
  return file;
}

function writeJpeg(file: string, frame: RgbaFrame): string {
  const encoded = jpeg.encode({ data: frame.data, width: frame.width, height: frame.height }, 90);
  writeFileSync(file, encoded.data);
  return file;
}

async function decode(argv: string[]) {
  const out: string[] = [];
  const error: string[] = [];
  const code = await main(argv, {
    out: (line) => out.push(line),
    error: (line) => error.push(line),
  });
  return { code, out, error: error.join('\n') };
}

describe('npm run decode', () => {
  const files: Record<string, string> = {};
  beforeAll(() => {
    const dir = makeTempDir('kiosk-decode-');
    const qrCard = renderScene({ code: qrPattern('S2026001'), moduleSize: 4, angle: 6, noise: 5 });
    const barcodeCard = renderScene({ code: linearPattern('code128', 'T0002'), moduleSize: 3 });
    files.qrPng = writePng(join(dir, 'qr card.png'), qrCard);
    files.qrJpeg = writeJpeg(join(dir, 'qr-card.jpg'), qrCard);
    files.barcodePng = writePng(join(dir, 'code128.png'), barcodeCard);
    files.barcodeJpeg = writeJpeg(join(dir, 'code128.jpeg'), barcodeCard);
    files.empty = writePng(join(dir, 'empty.png'), renderScene({ noise: 5, seed: 4 }));
    const fullPng = readFileSync(files.qrPng);
    files.truncatedPng = join(dir, 'truncated.png');
    writeFileSync(files.truncatedPng, fullPng.subarray(0, fullPng.length >> 1));
    const fullJpeg = readFileSync(files.qrJpeg);
    files.truncatedJpeg = join(dir, 'truncated.jpg');
    writeFileSync(files.truncatedJpeg, fullJpeg.subarray(0, fullJpeg.length >> 1));
    files.garbage = join(dir, 'notes.png');
    writeFileSync(files.garbage, 'not an image at all');
    files.missing = join(dir, 'missing.png');
    files.multiline = writePng(join(dir, 'lines.png'), codeOnWhite(qrPattern('A\tB\nC'), 4));
  });
  afterAll(removeTempDirs);

  it('prints the text of PNG and JPEG cards and "-" for an empty picture, exit 0', async () => {
    const names = ['qrPng', 'qrJpeg', 'barcodePng', 'barcodeJpeg', 'empty'] as const;
    const result = await decode(names.map((name) => files[name] as string));
    expect(result).toMatchObject({ code: 0, error: '' });
    expect(result.out).toEqual([
      `${files.qrPng}\tS2026001`,
      `${files.qrJpeg}\tS2026001`,
      `${files.barcodePng}\tT0002`,
      `${files.barcodeJpeg}\tT0002`,
      `${files.empty}\t-`,
    ]);
  });

  it('gives broken, cut-short and missing files a "-" line, an error, and exit 1', async () => {
    const names = ['truncatedPng', 'qrPng', 'truncatedJpeg', 'garbage', 'missing'] as const;
    const result = await decode(names.map((name) => files[name] as string));
    expect(result.code).toBe(1);
    expect(result.out).toEqual([
      `${files.truncatedPng}\t-`,
      `${files.qrPng}\tS2026001`,
      `${files.truncatedJpeg}\t-`,
      `${files.garbage}\t-`,
      `${files.missing}\t-`,
    ]);
    expect(result.error).toContain(`Cannot read ${files.truncatedPng}: broken or cut-short PNG`);
    expect(result.error).toContain(`Cannot read ${files.truncatedJpeg}: broken or cut-short JPEG`);
    expect(result.error).toContain(`Cannot read ${files.garbage}: not a PNG or JPEG image`);
    expect(result.error).toContain(`Cannot read ${files.missing}: no such file`);
    expect(result.error).not.toContain('    at '); // sentences, not stack traces
  });

  it.each(['zxing-wasm', 'zxing-js', 'pipeline'])('decodes with --engine %s', async (engine) => {
    const result = await decode(['--engine', engine, files.qrPng as string]);
    expect(result).toMatchObject({ code: 0, out: [`${files.qrPng}\tS2026001`] });
  });

  it('keeps one line per file when the text holds tabs or line breaks', async () => {
    const result = await decode([files.multiline as string]);
    expect(result.out).toEqual([`${files.multiline}\tA\\tB\\nC`]);
    expect(printable('plain')).toBe('plain');
  });

  it.each([
    [[]],
    [['--engine', 'quagga', 'card.png']],
    [['--budget-ms', 'soon', 'card.png']],
    [['--colour', 'card.png']],
  ])('shows the usage and exits 2 for %j', async (argv) => {
    const result = await decode(argv);
    expect(result.code).toBe(2);
    expect(result.out).toEqual([]);
    expect(result.error).toContain('Usage: npm run decode');
  });

  it('runs as `npm run decode` in a child process', async () => {
    const result = await run(
      'npm',
      ['run', '--silent', 'decode', '--', files.qrPng as string, files.empty as string],
      { cwd: join(import.meta.dirname, '../../..') },
    );
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      `${files.qrPng}\tS2026001`,
      `${files.empty}\t-`,
    ]);
  });

  it('exits 1 as a child process when a file cannot be read', async () => {
    const child = run('npm', ['run', '--silent', 'decode', '--', files.garbage as string], {
      cwd: join(import.meta.dirname, '../../..'),
    });
    await expect(child).rejects.toMatchObject({
      code: 1,
      stdout: `${files.garbage}\t-\n`,
      stderr: expect.stringContaining('not a PNG or JPEG image'),
    });
  });
});
