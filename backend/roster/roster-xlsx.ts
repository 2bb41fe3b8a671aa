// Reads the school's roster straight from an Excel workbook (.xlsx): the first worksheet, the
// first non-empty row as the header, every cell as the text the admin typed. Excel stores
// what it thinks is a number or a date as one, so each cell comes back with what it really
// holds and roster-rows.ts decides per column whether that can be trusted (a card number
// stored as a number is fine; an 18-digit ID number stored as one has already lost digits).
// Same checks and all-or-nothing as the CSV; never touches the database.
import ExcelJS from 'exceljs';
import type { CellValue, Worksheet } from 'exceljs';
import type { IdNumberOptions } from '../../contract/id-number';
import type { NotWorkbookWhy } from './roster-messages';
import type { RosterCell, RosterParseResult, RosterRow } from './roster-rows';
import { checkRosterRows, isBlankRow, refuseRoster } from './roster-rows';

/** Excel keeps 15 significant digits of a number; any integer at or above this may be cut. */
const largestExactInteger = 1e15;

/** Parses and checks a roster workbook. `options.today` bounds birth dates in ID numbers. */
export async function parseRosterXlsx(
  bytes: Uint8Array,
  options: IdNumberOptions = {},
): Promise<RosterParseResult> {
  const notZip = notZipDetail(bytes);
  if (notZip !== null) {
    return refuseRoster(1, { code: 'not-a-workbook', ...notZip }, 'row');
  }
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's types want an ArrayBuffer of exactly the file; a roster is small to copy.
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return refuseRoster(
      1,
      { code: 'not-a-workbook', why: 'damaged', detail: shorten(detail) },
      'row',
    );
  }
  // In tab order: the sheet the admin sees first when opening the file.
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) {
    return refuseRoster(1, { code: 'no-worksheet' }, 'row');
  }
  return checkRosterRows(
    readSheetRows(sheet),
    { code: 'empty-sheet', sheet: sheet.name },
    { ...options, place: 'row' },
  );
}

/** The non-empty rows of a worksheet, numbered as Excel numbers them. */
export function readSheetRows(sheet: Worksheet): RosterRow[] {
  const rows: RosterRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: RosterCell[] = [];
    for (let column = 1; column <= row.cellCount; column += 1) {
      const cell = row.getCell(column);
      // A merged cell (a class name merged down its students) reads as its top-left value,
      // which is what the admin sees in every row of it.
      cells.push(cellOf(cell.value, cell.numFmt));
    }
    if (!isBlankRow(cells)) {
      rows.push({ line: rowNumber, cells });
    }
  });
  return rows;
}

function cellOf(value: CellValue, numFmt: string | undefined): RosterCell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return numberCell(value, numFmt);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return { kind: 'date' };
  if ('error' in value) return { kind: 'error', error: String(value.error) };
  if ('richText' in value)
    return value.richText
      .map((run) => run.text)
      .join('')
      .trim();
  if ('hyperlink' in value) return cellOf(value.text, numFmt);
  // A formula counts as the value Excel last calculated for it, which is what was on screen.
  if ('result' in value) return cellOf(value.result ?? null, numFmt);
  return '';
}

/**
 * A number as the digits the admin typed: no `.0`, no exponent, and the leading zeros back
 * when the cell's format shows them (a custom format 000000 is how some schools keep them).
 */
function numberCell(value: number, numFmt: string | undefined): RosterCell {
  if (!Number.isFinite(value)) return { kind: 'error', error: String(value) };
  const integer = Number.isInteger(value);
  let text = integer && Math.abs(value) < 1e21 ? value.toFixed(0) : String(value);
  const zeros = /^0+$/.exec(numFmt ?? '');
  if (zeros !== null && value >= 0 && text.length < zeros[0].length) {
    text = text.padStart(zeros[0].length, '0');
  }
  return { kind: 'number', text, exact: !integer || Math.abs(value) < largestExactInteger };
}

/** Why the bytes cannot be an .xlsx file, before asking the zip reader; null if they may be. */
function notZipDetail(bytes: Uint8Array): { why: NotWorkbookWhy; detail: string } | null {
  const start = Array.from(bytes.subarray(0, 4));
  if (start.join() === [0x50, 0x4b, 0x03, 0x04].join()) return null;
  if (start.join() === [0xd0, 0xcf, 0x11, 0xe0].join()) {
    // The OLE compound file of Excel 97-2003, also used for a workbook saved with a password.
    return {
      why: 'old-or-locked',
      detail: 'it is an old .xls workbook or one protected by a password',
    };
  }
  return bytes.length === 0
    ? { why: 'empty', detail: 'the file is empty' }
    : { why: 'not-zip', detail: 'it is not a zip archive, as every .xlsx is' };
}

function shorten(detail: string): string {
  const firstSentence = detail.split(/(?<=[.?!])\s/)[0] ?? detail;
  return firstSentence.length > 160 ? `${firstSentence.slice(0, 157)}...` : firstSentence;
}
