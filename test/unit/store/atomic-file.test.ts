// The one atomic file writer: the file holds exactly the new bytes with the mode asked for, an
// old file is replaced whole, and no temporary file is left behind, whether the write worked
// or failed.
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../../backend/store/atomic-file';

const posix = process.platform !== 'win32';

describe('writeFileAtomically', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'atomic-file-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('writes the content, 0600 unless told otherwise, and leaves no temporary file', () => {
    const file = join(folder, 'export.csv');
    writeFileAtomically(file, '姓名\n');
    writeFileAtomically(join(folder, 'public.pem'), Buffer.from('key'), 0o644);
    expect(readFileSync(file, 'utf8')).toBe('姓名\n');
    expect(readdirSync(folder).sort()).toEqual(['export.csv', 'public.pem']);
    if (posix) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(join(folder, 'public.pem')).mode & 0o777).toBe(0o644);
    }
  });

  it('replaces an existing file whole, taking the new mode', () => {
    const file = join(folder, 'config.json');
    writeFileSync(file, 'a much longer old content than the new one', { mode: 0o644 });
    writeFileAtomically(file, '{}\n');
    expect(readFileSync(file, 'utf8')).toBe('{}\n');
    if (posix) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(folder)).toEqual(['config.json']);
  });

  it('writes a large file in full', () => {
    const file = join(folder, 'big.bin');
    const bytes = new Uint8Array(8 * 1024 * 1024).map((_, index) => index % 251);
    writeFileAtomically(file, bytes);
    expect(readFileSync(file).equals(Buffer.from(bytes))).toBe(true);
  });

  it('leaves no temporary file and the old state when the rename fails', () => {
    // A folder where the file should go: the temporary file is written, the rename refused.
    const target = join(folder, 'taken');
    mkdirSync(join(target, 'inside'), { recursive: true });
    expect(() => writeFileAtomically(target, 'x')).toThrow();
    expect(readdirSync(folder)).toEqual(['taken']);
    expect(readdirSync(target)).toEqual(['inside']);
  });

  it('leaves nothing when the folder does not exist', () => {
    expect(() => writeFileAtomically(join(folder, 'missing', 'file'), 'x')).toThrow();
    expect(readdirSync(folder)).toEqual([]);
  });
});
