// Reads the school's roster CSV (exported from its Excel sheet) into people, all or nothing:
// one bad row refuses the whole file and every bad row is listed with its physical line number.
// This file only turns the text into lines of cells; the checks are in roster-rows.ts.
// Never touches the database and never returns a half-checked list.
import { parse } from 'csv-parse/sync';
import type { IdNumberOptions } from '../../contract/id-number';
import type { RosterProblem } from './roster-messages';
import type { RosterParseResult, RosterRow } from './roster-rows';
import { checkRosterRows, isBlankRow, refuseRoster } from './roster-rows';

// Where these types were first defined; other modules and tests import them from here.
export type { RosterLineError, RosterParseResult, RosterPerson } from './roster-rows';

/** Parses and checks a whole roster file. `options.today` bounds birth dates in ID numbers. */
export function parseRosterCsv(text: string, options: IdNumberOptions = {}): RosterParseResult {
  const read = readRows(text);
  if ('problem' in read) {
    return refuseRoster(read.line, read.problem);
  }
  return checkRosterRows(read.rows, { code: 'empty-file' }, { ...options, place: 'line' });
}

/** Decodes the bytes of a roster file: UTF-8 (with or without BOM), else GB18030 (Excel's CSV). */
export function decodeRosterFile(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Excel on a Chinese Windows saves "CSV (comma delimited)" in the ANSI code page, GBK.
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** The non-blank lines of a CSV text as cells (the absence sheet reads its CSV with it too). */
export function readRows(
  text: string,
): { rows: RosterRow[] } | { line: number; problem: RosterProblem } {
  const rows: RosterRow[] = [];
  const source = text.replace(/^\uFEFF/, '');
  const lines = lineCounter(new TextEncoder().encode(source));
  let recordStart = 0;
  try {
    parse(source, {
      relax_column_count: true,
      skip_empty_lines: false,
      on_record: (record: string[], context) => {
        // csv-parse's own line count is off after a quoted CRLF, so lines are counted here
        // from byte offsets: a record starts where the previous one ended.
        const line = lines.lineAt(recordStart);
        recordStart = context.bytes;
        const cells = record.map((cell) => cell.trim());
        if (!isBlankRow(cells)) {
          rows.push({ line, cells });
        }
        return null;
      },
    });
  } catch (error) {
    const line = typeof error === 'object' && error !== null && 'lines' in error ? error.lines : 1;
    const detail = error instanceof Error ? error.message : String(error);
    // csv-parse names its errors (CSV_QUOTE_NOT_CLOSED, CSV_INVALID_CLOSING_QUOTE, …).
    const name = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : '';
    const why = typeof name === 'string' && name.includes('QUOTE') ? 'quote' : 'other';
    return {
      line: typeof line === 'number' ? line : 1,
      problem: { code: 'csv-syntax', why, detail },
    };
  }
  return { rows };
}

/** Physical line (1-based) of a byte offset; offsets must be asked in increasing order. */
function lineCounter(bytes: Uint8Array): { lineAt(offset: number): number } {
  let scanned = 0;
  let line = 1;
  return {
    lineAt(offset) {
      for (; scanned < offset && scanned < bytes.length; scanned += 1) {
        if (bytes[scanned] === 0x0a) {
          line += 1;
        }
      }
      return line;
    },
  };
}
