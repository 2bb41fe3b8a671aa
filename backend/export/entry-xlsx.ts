// The daily entry log as an Excel workbook: the same rows, columns and words as the CSV
// (entry-export.ts), but typed so Excel can sort and sum them without the admin converting
// anything: times are real date-times, temperatures and entry numbers are numbers, and card
// numbers are text so leading zeros survive. Read-only on the database.
import type { Database } from 'better-sqlite3';
import ExcelJS from 'exceljs';
import type { FieldCipher } from '../privacy/field-cipher';
import type { EntryExportOptions, EntryRow } from './entry-export';
import { entryCells, neutraliseCsvCell, readEntriesOfDay } from './entry-export';
import type { EntryColumnKey } from './export-labels';
import { entryColumns } from './export-labels';
import { shanghaiOffsetMilliseconds } from '../../contract/school-time';
import { writeFileAtomically } from '../store/atomic-file';

type XlsxCell = string | number | Date | null;

/** Excel's codes for how a cell is shown; `@` is Text, so typing into the column stays text. */
const numberFormats: Partial<Record<EntryColumnKey, string>> = {
  time: 'yyyy-mm-dd hh:mm:ss',
  temperature: '0.0',
  entryId: '0',
  correctsEntryId: '0',
  card: '@',
  idNumber: '@',
};

/** Display width of a formatted date-time cell, which the text-based measure cannot see. */
const timeWidth = 'yyyy-mm-dd hh:mm:ss'.length;
const minimumWidth = 8;
const maximumWidth = 50;

/** The day's entries as the bytes of an .xlsx file, and how many rows it holds. */
export async function renderEntriesXlsx(
  db: Database,
  cipher: FieldCipher,
  options: EntryExportOptions,
): Promise<{ bytes: Uint8Array; rows: number }> {
  // Read before the first await, so the rows are one consistent snapshot of the log.
  const entries = readEntriesOfDay(db, cipher, options);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Campus Gate Kiosk';
  const sheet = workbook.addWorksheet(options.date, {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  const widths = entryColumns.map((column) => displayWidth(column.header));

  const header = sheet.addRow(entryColumns.map((column) => column.header));
  header.font = { bold: true };
  for (const entry of entries) {
    const cells = xlsxCells(entry, options);
    sheet.addRow(
      entryColumns.map((column, index) => {
        const value = cells[column.key];
        const width = column.key === 'time' ? timeWidth : displayWidth(String(value ?? ''));
        widths[index] = Math.max(widths[index] ?? 0, width);
        return value;
      }),
    );
  }
  entryColumns.forEach((column, index) => {
    const sheetColumn = sheet.getColumn(index + 1);
    const width = widths[index] ?? minimumWidth;
    sheetColumn.width = Math.min(maximumWidth, Math.max(minimumWidth, width + 2));
    const numFmt = numberFormats[column.key];
    if (numFmt !== undefined) {
      // Set on the cells, not only the column: a column style is not applied to cells that
      // already have a value when the file is read.
      sheetColumn.eachCell((cell, rowNumber) => {
        if (rowNumber > 1) cell.numFmt = numFmt;
      });
    }
  });
  // The header is data-free, so a filter on it lets the admin pick one gate or decision.
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: entryColumns.length } };

  const buffer = await workbook.xlsx.writeBuffer();
  return { bytes: new Uint8Array(buffer), rows: entries.length };
}

/** The day's entries as the bytes of an .xlsx file. */
export async function exportEntriesXlsx(
  db: Database,
  cipher: FieldCipher,
  options: EntryExportOptions,
): Promise<Uint8Array> {
  return (await renderEntriesXlsx(db, cipher, options)).bytes;
}

/**
 * Writes the day's entries to an .xlsx file and returns how many rows it has; written to a
 * temporary name and renamed, like the CSV, so a reader never sees half a workbook.
 */
export async function writeEntriesXlsxFile(
  db: Database,
  cipher: FieldCipher,
  options: EntryExportOptions,
  file: string,
): Promise<number> {
  const { bytes, rows } = await renderEntriesXlsx(db, cipher, options);
  writeFileAtomically(file, bytes);
  return rows;
}

/**
 * One entry as typed cells. Text cells are neutralised exactly as in the CSV: a string cell in
 * .xlsx is never a formula, but an admin who saves the sheet as CSV would bring it back.
 */
function xlsxCells(entry: EntryRow, options: EntryExportOptions): Record<EntryColumnKey, XlsxCell> {
  const text = entryCells(entry, options);
  const cells = {} as Record<EntryColumnKey, XlsxCell>;
  for (const column of entryColumns) {
    // An empty string would still be a cell to Excel (ISBLANK false, COUNTA counts it).
    cells[column.key] = text[column.key] === '' ? null : neutraliseCsvCell(text[column.key]);
  }
  const time = shanghaiWallClock(entry.at);
  if (time !== null) cells.time = time;
  cells.temperature = entry.temperature === null ? null : Math.round(entry.temperature * 10) / 10;
  cells.entryId = entry.id;
  cells.correctsEntryId = entry.followsEntryId;
  return cells;
}

/**
 * The Shanghai wall-clock time of a stored UTC instant, as a Date whose UTC fields read that
 * wall time: Excel date-times have no time zone and exceljs converts a Date by its UTC fields.
 * Cut to whole seconds so the cell equals what it shows and what the CSV says.
 */
function shanghaiWallClock(utc: string): Date | null {
  const instant = Date.parse(utc);
  if (Number.isNaN(instant)) return null;
  return new Date(Math.floor((instant + shanghaiOffsetMilliseconds) / 1000) * 1000);
}

/** Roughly how many character widths Excel needs: CJK and full-width characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) {
    width +=
      /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(
        character,
      )
        ? 2
        : 1;
  }
  return width;
}
