import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { entryColumns } from '../../../backend/export/export-labels';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { insertEntryRow } from '../../fixtures/entry-rows';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { runExport } from './run-export-cli';

function dataDirWithEntries(): string {
  const dataDir = makeTempDir();
  const db = openDatabase(databaseFile(dataDir));
  const person = { name: '王小明', kind: 'student', idNumber: '11010519491231002X' };
  insertEntryRow(db, { at: '2026-11-23T00:00:00.000Z', cardText: '@evil', ...person });
  insertEntryRow(db, { at: '2026-11-23T01:00:00.000Z', gateId: 'gate-2', ...person });
  db.close();
  return dataDir;
}

async function cellsOf(file: string, column: number): Promise<unknown[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const values: unknown[] = [];
  workbook.worksheets[0]?.getColumn(column).eachCell((cell) => values.push(cell.value));
  return values;
}

const idColumn = entryColumns.findIndex((column) => column.key === 'idNumber') + 1;
const cardColumn = entryColumns.findIndex((column) => column.key === 'card') + 1;

afterEach(removeTempDirs);

describe('npm run export -- --format xlsx', () => {
  it('writes the day as a workbook, ID numbers masked, and says nothing of the name', async () => {
    const dataDir = dataDirWithEntries();
    // A workbook called .csv is the admin's choice; the tool neither refuses nor warns.
    const out = join(makeTempDir(), 'entries.csv');
    const result = await runExport([
      ...['--data-dir', dataDir, '--date', '2026-11-23', '--format', 'xlsx', '--out', out],
    ]);
    expect(result).toMatchObject({ code: 0, error: '' });
    expect(result.out).toBe(`Wrote 2 entries of 2026-11-23 to ${out}.`);
    expect(readFileSync(out).subarray(0, 2).toString('latin1')).toBe('PK');
    expect(await cellsOf(out, idColumn)).toEqual([
      '证件号码 ID number',
      '110***********002X',
      '110***********002X',
    ]);
    expect((await cellsOf(out, cardColumn))[1]).toBe("'@evil");
  });

  it('writes full ID numbers only when asked, with a warning on stderr', async () => {
    const dataDir = dataDirWithEntries();
    const out = join(makeTempDir(), 'entries.xlsx');
    const result = await runExport([
      ...['--data-dir', dataDir, '--date', '2026-11-23', '--format', 'xlsx', '--out', out],
      ...['--gate', 'gate-2', '--full-id-numbers'],
    ]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Wrote 1 entry of 2026-11-23');
    expect(result.error).toMatch(/^Warning: .*entries\.xlsx holds full ID numbers/);
    expect(await cellsOf(out, idColumn)).toEqual(['证件号码 ID number', '11010519491231002X']);
  });

  it('writes full ID numbers to a CSV too when asked', async () => {
    const dataDir = dataDirWithEntries();
    const out = join(makeTempDir(), 'entries.csv');
    const result = await runExport([
      ...['--data-dir', dataDir, '--date', '2026-11-23', '--out', out, '--full-id-numbers'],
    ]);
    expect(result.code).toBe(0);
    expect(result.error).toContain('holds full ID numbers');
    expect(readFileSync(out, 'utf8')).toContain('"11010519491231002X"');
  });

  it('names every format in the usage and refuses another', async () => {
    const result = await runExport([
      ...['--data-dir', 'd', '--date', '2026-11-23', '--out', 'f.doc', '--format', 'doc'],
    ]);
    expect(result.code).toBe(2);
    expect(result.error).toContain('The format "doc" is not supported; use csv, xlsx or pdf.');
    expect(result.error).toContain('--format csv|xlsx|pdf');
    expect(result.error).toContain('--full-id-numbers');
  });
});
