// The console's export through dispatch(): the day's log as .xlsx and CSV bytes that a
// spreadsheet reader opens with the right rows, ID numbers masked unless full numbers are asked
// for (and then audited, with no number in the audit), formula injection neutralised, a bad day
// refused, and a guard refused.
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryColumns } from '../../../backend/export/export-labels';
import { insertEntryRow } from '../../fixtures/entry-rows';
import { startConsoleKiosk, type ConsoleKiosk } from '../roster/console-kiosk';

let kiosk: ConsoleKiosk;
const clock = new Date('2026-11-23T01:00:00.000Z');
const idNumber = '11010519491231002X';

interface ExportFile {
  fileName: string;
  mimeType: string;
  base64: string;
  rows: number;
}

beforeEach(async () => {
  kiosk = await startConsoleKiosk(() => clock);
  const db = new Database(path.join(kiosk.dir, 'kiosk.db'));
  db.pragma('busy_timeout = 5000');
  try {
    const person = { name: '王小明', kind: 'student', className: '一年级1班', idNumber };
    // 08:30 in Beijing on the 23rd, and the evening before (another day).
    insertEntryRow(db, { ...person, at: '2026-11-23T00:30:00.000Z', cardText: 'S2026001' });
    insertEntryRow(db, { at: '2026-11-23T00:31:00.000Z', cardText: '=HYPERLINK("x")' });
    insertEntryRow(db, { ...person, at: '2026-11-22T10:00:00.000Z', cardText: 'S2026001' });
  } finally {
    db.close();
  }
});

afterEach(async () => {
  await kiosk.close();
});

const columnOf = (key: string) => entryColumns.findIndex((column) => column.key === key);

async function exported(input: object): Promise<ExportFile> {
  return kiosk.value<ExportFile>('exportDay', input);
}

describe('exportDay', () => {
  it('gives the Beijing day as an .xlsx an xlsx reader opens, ID numbers masked', async () => {
    const file = await exported({ date: '2026-11-23', format: 'xlsx', fullIdNumbers: false });
    expect(file).toMatchObject({ fileName: '出入记录-2026-11-23.xlsx', rows: 2 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(Buffer.from(file.base64, 'base64')).buffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.rowCount).toBe(3);
    const cell = (row: number, key: string) => sheet?.getRow(row).getCell(columnOf(key) + 1).value;
    expect(cell(1, 'name')).toBe('姓名 Name');
    expect(cell(2, 'name')).toBe('王小明');
    expect(cell(2, 'idNumber')).toBe('110***********002X');
    expect(cell(3, 'card')).toBe(`'=HYPERLINK("x")`);
  });

  it('gives CSV with the formula neutralised, and full numbers only when asked', async () => {
    const masked = await exported({ date: '2026-11-23', format: 'csv', fullIdNumbers: false });
    const text = Buffer.from(masked.base64, 'base64').toString('utf8');
    const records = parse(text, { bom: true }) as string[][];
    expect(records).toHaveLength(3);
    expect(records[2]?.[columnOf('card')]).toBe(`'=HYPERLINK("x")`);
    expect(text).not.toContain(idNumber);

    const full = await exported({ date: '2026-11-23', format: 'csv', fullIdNumbers: true });
    expect(full.fileName).toContain('完整证件号');
    expect(Buffer.from(full.base64, 'base64').toString('utf8')).toContain(idNumber);
  });

  it('audits the request for full numbers, and the audit holds no ID number', async () => {
    await exported({ date: '2026-11-23', format: 'xlsx', fullIdNumbers: true });
    const [entry] = await kiosk.value<{ action: string; detail: string; origin: string }[]>(
      'auditLog',
      { limit: 1 },
    );
    expect(entry).toMatchObject({ action: 'exportDay', origin: 'office PC' });
    expect(JSON.parse(entry?.detail ?? '{}')).toEqual({
      date: '2026-11-23',
      format: 'xlsx',
      fullIdNumbers: true,
    });
    expect(entry?.detail).not.toContain(idNumber);
  });

  it('refuses a day that is not on the calendar, and refuses a guard', async () => {
    const input = { date: '2026-02-30', format: 'csv', fullIdNumbers: false };
    expect(await kiosk.call('exportDay', input, kiosk.admin)).toMatchObject({
      ok: false,
      error: { code: 'bad-input' },
    });
    const today = { ...input, date: '2026-11-23' };
    expect(await kiosk.call('exportDay', today, kiosk.guard)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});
