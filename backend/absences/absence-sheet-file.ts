// Turns the bytes of a class teacher's absence sheet into rows of cells, numbered as the teacher
// sees them (Excel's row numbers, a CSV's lines). The roster's readers do the reading; this adds
// what an absence sheet needs and a roster does not: the day an Excel date cell holds.
// Which format it is comes from the bytes, not the name: a teacher's "缺勤.csv" may be a
// workbook renamed, and a file from a chat app may have lost its extension.
import ExcelJS from 'exceljs';
import type { CellValue, Worksheet } from 'exceljs';
import { decodeRosterFile, readRows } from '../roster/roster-csv';
import type { RosterCell, RosterRow } from '../roster/roster-rows';
import { readSheetRows } from '../roster/roster-xlsx';

/** A cell as read: the roster's kinds, and a date cell with the day it holds. */
export type SheetCell = Exclude<RosterCell, { kind: 'date' }> | { kind: 'date'; day: string };

export interface SheetRow {
  line: number;
  cells: readonly SheetCell[];
}

export type SheetFile = { ok: true; rows: SheetRow[] } | { ok: false; why: 'unreadable' | 'empty' };

const zipStart = [0x50, 0x4b, 0x03, 0x04];

/** The non-blank rows of the first worksheet of a workbook, or of a CSV file. */
export async function readSheetFile(bytes: Uint8Array): Promise<SheetFile> {
  if (bytes.length === 0) return { ok: false, why: 'empty' };
  if (zipStart.every((byte, index) => bytes[index] === byte)) return readWorkbook(bytes);
  // A text file never holds a NUL byte; an old .xls, a picture or a PDF does.
  if (bytes.includes(0)) return { ok: false, why: 'unreadable' };
  const read = readRows(decodeRosterFile(bytes));
  if ('problem' in read) return { ok: false, why: 'unreadable' };
  return { ok: true, rows: read.rows.map(textRow) };
}

async function readWorkbook(bytes: Uint8Array): Promise<SheetFile> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's types want an ArrayBuffer of exactly the file; a sheet is small to copy.
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  } catch {
    return { ok: false, why: 'unreadable' };
  }
  // In tab order: the sheet the teacher sees first when opening the file.
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) return { ok: false, why: 'empty' };
  return { ok: true, rows: readSheetRows(sheet).map((row) => withDays(sheet, row)) };
}

function textRow(row: RosterRow): SheetRow {
  return { line: row.line, cells: row.cells.map((cell) => withDay(cell, null)) };
}

/** The roster's reader only says a cell is a date; the day is read from the cell itself. */
function withDays(sheet: Worksheet, row: RosterRow): SheetRow {
  const excelRow = sheet.getRow(row.line);
  return {
    line: row.line,
    cells: row.cells.map((cell, index) => withDay(cell, excelRow.getCell(index + 1).value)),
  };
}

function withDay(cell: RosterCell, value: CellValue): SheetCell {
  if (typeof cell === 'string' || cell.kind !== 'date') return cell;
  const date = dateOf(value);
  return date === null ? { kind: 'error', error: '#VALUE!' } : { kind: 'date', day: dayOf(date) };
}

function dateOf(value: CellValue): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  // A formula (=TODAY(), =A2+3) counts as the value Excel last calculated for it.
  if (value !== null && typeof value === 'object' && 'result' in value) {
    return value.result instanceof Date ? dateOf(value.result) : null;
  }
  return null;
}

/** An Excel date has no time zone: exceljs gives it as the day's wall-clock time in UTC. */
function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}
