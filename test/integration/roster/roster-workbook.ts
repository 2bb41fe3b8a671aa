// Test helper: real .xlsx roster files built with exceljs, cell by cell, so a test can put a
// number, a date or an error where Excel would, and read back what the kiosk wrote.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { CellValue } from 'exceljs';
import { makeTempDir } from '../../fixtures/temp-data-dir';

/** A cell and, optionally, its number format (e.g. `000000`, `@`). */
export type TestCell = CellValue | { value: CellValue; numFmt: string };

/** The bytes of a workbook whose first sheet holds these rows from A1. */
export async function workbookBytes(
  rows: readonly (readonly TestCell[])[],
  setUp?: (sheet: ExcelJS.Worksheet) => void,
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  rows.forEach((row, rowIndex) => {
    row.forEach((cell, columnIndex) => {
      const target = sheet.getCell(rowIndex + 1, columnIndex + 1);
      if (cell !== null && typeof cell === 'object' && 'numFmt' in cell) {
        target.value = cell.value;
        target.numFmt = cell.numFmt;
      } else {
        target.value = cell;
      }
    });
  });
  setUp?.(sheet);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Writes bytes to a new temporary file with this name; returns its path. */
export function tempFile(name: string, bytes: Uint8Array | string): string {
  const file = join(makeTempDir(), name);
  writeFileSync(file, bytes);
  return file;
}

/** A workbook read back from bytes or a file. */
export async function readWorkbook(source: Uint8Array | string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  if (typeof source === 'string') {
    await workbook.xlsx.readFile(source);
  } else {
    await workbook.xlsx.load(new Uint8Array(source).buffer);
  }
  return workbook;
}
