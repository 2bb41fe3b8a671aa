// The contract's export for the admin console: one Beijing day of the entry log as the same
// .xlsx or CSV file `npm run export` writes, handed back as base64 for a download. Read-only;
// full ID numbers only when the input asks (dispatch() has audited that input by then).
import type { Database } from 'better-sqlite3';
import type { Handlers } from '../contract/api';
import { ApiError } from '../contract/errors';
import type { FieldCipher } from '../privacy/field-cipher';
import { exportEntriesCsv, readEntriesOfDay } from './entry-export';
import { renderEntriesXlsx } from './entry-xlsx';
import { isCalendarDate } from './shanghai-time';

export function exportHandlers(db: Database, cipher: FieldCipher): Pick<Handlers, 'exportDay'> {
  return {
    async exportDay({ date, format, fullIdNumbers }) {
      if (!isCalendarDate(date)) {
        throw new ApiError('bad-input', `${date} is not a day of the calendar.`);
      }
      const options = { date, fullIdNumbers };
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
