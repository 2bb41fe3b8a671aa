import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Worksheet } from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportEntriesCsv } from '../../../backend/export/entry-export';
import { exportEntriesXlsx, writeEntriesXlsxFile } from '../../../backend/export/entry-xlsx';
import { entryColumns } from '../../../backend/export/export-labels';
import { openDatabase } from '../../../backend/store/database';
import { insertEntryRow } from '../../fixtures/entry-rows';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { testCipher } from '../../rigs/field-cipher';
import { insertEntriesAroundMidnight, student } from './entries-around-midnight';

let db: Database;

/** Column numbers (1-based) by key. */
const column = Object.fromEntries(entryColumns.map((entry, index) => [entry.key, index + 1])) as {
  [key in (typeof entryColumns)[number]['key']]: number;
};

async function sheetOf(bytes: Uint8Array): Promise<Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  expect(workbook.worksheets).toHaveLength(1);
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) throw new Error('no sheet');
  return sheet;
}

beforeEach(() => {
  db = openDatabase(join(makeTempDir(), 'kiosk.db'));
  insertEntriesAroundMidnight(db, { cardText: '00123', temperatureCelsius: 37.46 });
});

afterEach(() => {
  db.close();
  removeTempDirs();
});

describe('exportEntriesXlsx', () => {
  it('is one sheet named for the day with a bold, frozen, filterable header', async () => {
    const sheet = await sheetOf(await exportEntriesXlsx(db, testCipher, { date: '2026-11-23' }));
    expect(sheet.name).toBe('2026-11-23');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = sheet.getRow(1);
    expect(header.values).toEqual([undefined, ...entryColumns.map((entry) => entry.header)]);
    header.eachCell((cell) => expect(cell.font?.bold).toBe(true));
    const lastColumn = String.fromCharCode('A'.charCodeAt(0) + entryColumns.length - 1);
    expect(sheet.autoFilter).toBe(`A1:${lastColumn}1`);
    expect(sheet.actualRowCount).toBe(4);
    for (let index = 1; index <= entryColumns.length; index += 1) {
      const width = sheet.getColumn(index).width ?? 0;
      expect(width).toBeGreaterThanOrEqual(8);
      expect(width).toBeLessThanOrEqual(50);
    }
    // Wide enough for the date-time as Excel shows it, not the header alone.
    expect(sheet.getColumn(column.time).width).toBeGreaterThanOrEqual(19);
  });

  it('writes times as date-times of the Beijing wall clock, numbers as numbers', async () => {
    const sheet = await sheetOf(await exportEntriesXlsx(db, testCipher, { date: '2026-11-23' }));
    const times = [2, 3, 4].map((row) => sheet.getCell(row, column.time));
    // Excel has no time zones: the Date's UTC fields are what the cell shows.
    expect(times.map((cell) => (cell.value as Date).toISOString())).toEqual([
      '2026-11-23T00:00:00.000Z',
      '2026-11-23T08:05:01.000Z',
      '2026-11-23T09:00:00.000Z',
    ]);
    expect(times.every((cell) => cell.value instanceof Date)).toBe(true);
    expect(times[0]?.numFmt).toBe('yyyy-mm-dd hh:mm:ss');

    const retest = sheet.getRow(2);
    expect(retest.getCell(column.temperature).value).toBe(37.5);
    expect(retest.getCell(column.temperature).numFmt).toBe('0.0');
    expect(retest.getCell(column.entryId).value).toBe(2);
    expect(sheet.getCell(4, column.correctsEntryId).value).toBe(2);
    expect(sheet.getCell(3, column.temperature).value).toBeNull();
  });

  it('keeps card 00123 as text and neutralises a card written like a formula', async () => {
    const sheet = await sheetOf(await exportEntriesXlsx(db, testCipher, { date: '2026-11-23' }));
    const card = sheet.getCell(2, column.card);
    expect(card.value).toBe('00123');
    expect(card.type).toBe(ExcelJS.ValueType.String);
    expect(card.numFmt).toBe('@');
    const formula = sheet.getCell(3, column.card);
    expect(formula.type).toBe(ExcelJS.ValueType.String);
    expect(formula.value).toBe("'=cmd|' /C calc'!A0");
  });

  it('masks ID numbers unless full numbers are asked for', async () => {
    const masked = await sheetOf(await exportEntriesXlsx(db, testCipher, { date: '2026-11-23' }));
    expect(masked.getCell(2, column.idNumber).value).toBe('110***********002X');
    const values: unknown[] = [];
    masked.eachRow((row) => values.push(...(row.values as unknown[])));
    expect(values).not.toContain('11010519491231002X');

    const full = await sheetOf(
      await exportEntriesXlsx(db, testCipher, { date: '2026-11-23', fullIdNumbers: true }),
    );
    expect(full.getCell(2, column.idNumber).value).toBe('11010519491231002X');
    expect(full.getCell(3, column.idNumber).value).toBeNull();
  });

  it('says the same as the CSV in every text column', async () => {
    for (const date of ['2026-11-22', '2026-11-23']) {
      const csv = parse(exportEntriesCsv(db, testCipher, { date }).replace(/^\uFEFF/, ''), {
        from_line: 2,
      }) as string[][];
      const sheet = await sheetOf(await exportEntriesXlsx(db, testCipher, { date }));
      csv.forEach((cells, index) => {
        const row = sheet.getRow(index + 2);
        entryColumns.forEach((entry, columnIndex) => {
          const value = row.getCell(columnIndex + 1).value;
          const text =
            value instanceof Date
              ? value.toISOString().slice(0, 19).replace('T', ' ')
              : typeof value === 'number' && entry.key === 'temperature'
                ? value.toFixed(1)
                : String(value ?? '');
          expect(text, `${date} row ${index + 2} ${entry.key}`).toBe(cells[columnIndex]);
        });
      });
      expect(sheet.actualRowCount).toBe(csv.length + 1);
    }
  });

  it('writes the file through a temporary name and leaves nothing when it cannot', async () => {
    const folder = makeTempDir();
    const file = join(folder, 'entries.xlsx');
    expect(
      await writeEntriesXlsxFile(db, testCipher, { date: '2026-11-23', gateId: 'gate-2' }, file),
    ).toBe(1);
    expect(readdirSync(folder)).toEqual(['entries.xlsx']);
    const missing = join(folder, 'no-such-folder', 'entries.xlsx');
    await expect(
      writeEntriesXlsxFile(db, testCipher, { date: '2026-11-23' }, missing),
    ).rejects.toThrow();
    expect(existsSync(missing)).toBe(false);
    expect(readdirSync(folder)).toEqual(['entries.xlsx']);
  });

  it('writes a busy day of 2,000 entries quickly', async () => {
    const start = Date.parse('2026-11-24T00:00:00.000Z');
    db.transaction(() => {
      for (let index = 0; index < 2000; index += 1) {
        const at = new Date(start + index * 13_000).toISOString();
        insertEntryRow(db, { at, ...student, cardText: `S${index}`, temperatureCelsius: 36.5 });
      }
    })();
    const file = join(makeTempDir(), 'busy.xlsx');
    const began = performance.now();
    expect(await writeEntriesXlsxFile(db, testCipher, { date: '2026-11-24' }, file)).toBe(2000);
    const milliseconds = performance.now() - began;
    console.info(`2,000 entries as xlsx: ${Math.round(milliseconds)} ms`);
    expect(milliseconds).toBeLessThan(10_000);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    expect(workbook.worksheets[0]?.actualRowCount).toBe(2001);
  });
});
