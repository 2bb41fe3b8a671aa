// The contract's importAbsences: a class teacher's sheet of the day's absences, checked in full
// against the roster and then opened on the register in one go, or refused with every bad row.
import type { Database } from 'better-sqlite3';
import type { Handlers } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import { absenceSheetMaxBytes } from '../../contract/operations/absence-operations';
import type { AbsenceRegisterService } from './absence-register';
import { readAbsenceSheet } from './absence-sheet';

export function absenceImportHandlers(
  db: Database,
  /** Opens the sheet's absences in one transaction, counting anyone already absent. */
  register: Pick<AbsenceRegisterService, 'openMany'>,
): Pick<Handlers, 'importAbsences'> {
  return {
    async importAbsences({ fileName, fileBase64, date }, caller) {
      const actor = caller.actor;
      if (actor === null) {
        throw new ApiError('unauthorized', 'Sign in to import an absence sheet.');
      }
      const bytes = Buffer.from(fileBase64, 'base64');
      if (bytes.length > absenceSheetMaxBytes) {
        throw new ApiError('bad-input', `The absence sheet ${fileName} is larger than 2 MB.`);
      }
      // No await between the sheet's roster look-ups and the register's writes (see absence-sheet.ts).
      const sheet = await readAbsenceSheet(db, bytes, date);
      if (!sheet.ok) return sheet;
      return { ok: true, ...register.openMany(sheet.rows, actor) };
    },
  };
}
