// A roster file of either kind, chosen by its name the way the admin saved it: .xlsx is read
// as a workbook, anything else as CSV (Excel's "CSV UTF-8" and its older GBK CSV alike).
// An old .xls is refused with a sentence, since it would otherwise read as garbled CSV.
import { extname } from 'node:path';
import type { IdNumberOptions } from '../../contract/id-number';
import { decodeRosterFile, parseRosterCsv } from './roster-csv';
import type { RosterPlace } from './roster-messages';
import type { RosterParseResult } from './roster-rows';
import { refuseRoster } from './roster-rows';
import { parseRosterXlsx } from './roster-xlsx';

export type RosterFileFormat = 'csv' | 'xlsx' | 'xls';

export function rosterFileFormat(fileName: string): RosterFileFormat {
  const extension = extname(fileName).toLowerCase();
  if (extension === '.xlsx' || extension === '.xlsm') return 'xlsx';
  if (extension === '.xls') return 'xls';
  return 'csv';
}

/** How problems in this file are numbered for the admin: CSV lines or worksheet rows. */
export function rosterFilePlace(fileName: string): RosterPlace {
  return rosterFileFormat(fileName) === 'csv' ? 'line' : 'row';
}

/** Parses and checks a roster file's bytes as the format its name says. */
export async function parseRosterFile(
  fileName: string,
  bytes: Uint8Array,
  options: IdNumberOptions = {},
): Promise<RosterParseResult> {
  switch (rosterFileFormat(fileName)) {
    case 'xlsx':
      return parseRosterXlsx(bytes, options);
    case 'xls':
      return refuseRoster(1, { code: 'old-excel-format' }, 'row');
    case 'csv':
      return parseRosterCsv(decodeRosterFile(bytes), options);
  }
}
