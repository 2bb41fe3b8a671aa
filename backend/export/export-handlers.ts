// The contract's export for the admin console: one Beijing day of the entry log as the same
// .xlsx, CSV or printable PDF file `npm run export` writes, handed back as base64. Read-only;
// full ID numbers only when the input asks (dispatch() has audited that input by then).
import type { Database } from 'better-sqlite3';
import type { Handlers } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import type { FieldCipher } from '../privacy/field-cipher';
import { exportEntriesCsv, readEntriesOfDay, type EntryExportOptions } from './entry-export';
import { renderEntriesPdf } from './entry-pdf';
import { renderEntriesXlsx } from './entry-xlsx';
import { PaperFontError } from './paper-font';
import { isCalendarDate } from '../../contract/school-time';

/** The config's words for the files: gate names by id, the school's name. */
export type ExportNames = Pick<EntryExportOptions, 'gateNames' | 'schoolName'>;

export function exportHandlers(
  db: Database,
  cipher: FieldCipher,
  /** Or, where they change (a hub learns its gates' names), the names as they are now. */
  names: ExportNames | (() => ExportNames) = {},
): Pick<Handlers, 'exportDay'> {
  return {
    async exportDay({ date, format, fullIdNumbers }) {
      if (!isCalendarDate(date)) {
        throw new ApiError('bad-input', `${date} is not a day of the calendar.`);
      }
      const options = { date, fullIdNumbers, ...(typeof names === 'function' ? names() : names) };
      // The name says what the file is, and warns whoever finds it that it holds full numbers.
      const fileName = `出入记录-${date}${fullIdNumbers ? '-完整证件号' : ''}.${format}`;
      if (format === 'xlsx') {
        const { bytes, rows } = await renderEntriesXlsx(db, cipher, options);
        return {
          fileName,
          mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          base64: Buffer.from(bytes).toString('base64'),
          rows,
        };
      }
      if (format === 'pdf') {
        const { bytes, rows } = await renderPdf(db, cipher, options);
        return {
          fileName,
          mimeType: 'application/pdf',
          base64: Buffer.from(bytes).toString('base64'),
          rows,
        };
      }
      const rows = readEntriesOfDay(db, cipher, options).length;
      return {
        fileName,
        mimeType: 'text/csv;charset=utf-8',
        base64: Buffer.from(exportEntriesCsv(db, cipher, options), 'utf8').toString('base64'),
        rows,
      };
    },
  };
}

/** A kiosk without a Chinese font cannot print: the admin is told which package to install. */
async function renderPdf(
  db: Database,
  cipher: FieldCipher,
  options: EntryExportOptions,
): Promise<{ bytes: Uint8Array; rows: number }> {
  try {
    return await renderEntriesPdf(db, cipher, options);
  } catch (error) {
    if (error instanceof PaperFontError) throw new ApiError('unavailable', error.message);
    throw error;
  }
}
