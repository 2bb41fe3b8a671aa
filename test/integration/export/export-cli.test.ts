import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { insertEntryRow } from '../../fixtures/entry-rows';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { runExport } from './run-export-cli';

function dataDirWithEntries(): string {
  const dataDir = makeTempDir();
  const db = openDatabase(databaseFile(dataDir));
  insertEntryRow(db, { at: '2026-11-22T23:59:00.000Z', cardText: '@evil' });
  insertEntryRow(db, { at: '2026-11-23T00:00:00.000Z' });
  insertEntryRow(db, { at: '2026-11-23T16:00:00.000Z' });
  db.close();
  return dataDir;
}

afterEach(removeTempDirs);

describe('npm run export', () => {
  it('writes the day to a file and says how many rows', async () => {
    const dataDir = dataDirWithEntries();
    const out = join(makeTempDir(), 'entries-2026-11-23.csv');
    const result = await runExport([
      '--data-dir',
      dataDir,
      '--date',
      '2026-11-23',
      '--format',
      'csv',
      '--out',
      out,
    ]);
    expect(result).toMatchObject({ code: 0, error: '' });
    expect(result.out).toContain('Wrote 2 entries of 2026-11-23');
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.split('\r\n').filter((line) => line !== '')).toHaveLength(3);
    expect(text).toContain('"\'@evil"');
  });

  it.each([
    [[]],
    [['--data-dir', 'd', '--date', '2026-11-23']],
    [['--data-dir', 'd', '--out', 'f.csv']],
    [['--data-dir', 'd', '--date', '23/11/2026', '--out', 'f.csv']],
    [['--data-dir', 'd', '--date', '2026-11-23', '--out', 'f.csv', '--format', 'doc']],
    [['--data-dir', 'd', '--date', '2026-11-23', '--out', 'f.csv', 'extra']],
    [['--data-dir', 'd', '--date', '2026-11-23', '--out', 'f.csv', '--colour']],
  ])('shows the usage and exits 2 for %j', async (argv) => {
    const result = await runExport(argv);
    expect(result.code).toBe(2);
    expect(result.error).toContain('Usage: npm run export');
  });

  it('exits 1 without creating a database where there is none', async () => {
    const dataDir = join(makeTempDir(), 'not-the-data-dir');
    const out = join(makeTempDir(), 'out.csv');
    const result = await runExport(['--data-dir', dataDir, '--date', '2026-11-23', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.error).toContain('There is no database');
    expect(existsSync(databaseFile(dataDir))).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 1 with a clear message for a damaged database', async () => {
    const dataDir = makeTempDir();
    writeFileSync(databaseFile(dataDir), 'garbage '.repeat(100));
    const result = await runExport([
      '--data-dir',
      dataDir,
      '--date',
      '2026-11-23',
      '--out',
      join(dataDir, 'x.csv'),
    ]);
    expect(result.code).toBe(1);
    expect(result.error).toContain('is damaged');
  });

  it('exits 1 when the file cannot be written', async () => {
    const dataDir = dataDirWithEntries();
    const out = join(dataDir, 'no-such-folder', 'out.csv');
    const result = await runExport(['--data-dir', dataDir, '--date', '2026-11-23', '--out', out]);
    expect(result.code).toBe(1);
    expect(result.error).toContain('Cannot write');
  });
});
