// The contract's importAbsences: a class teacher's sheet of the day's absences, checked in full
// against the roster and then opened on the register in one go, or refused with every bad row.
import type { Database } from 'better-sqlite3';
import type { ActorView, Handlers } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import { absenceSheetMaxBytes } from '../../contract/operations/absence-operations';
import type { SheetAbsence } from './absence-sheet';
import { readAbsenceSheet } from './absence-sheet';

/**
 * What the import needs of the register (absence-register.ts): opening a sheet's absences in one
 * transaction, leaving (and counting) anyone who has an open absence already.
 */
export interface AbsenceRegister {
  openMany(rows: SheetAbsence[], actor: ActorView): { opened: number; alreadyOpen: number };
}

export function absenceImportHandlers(
  db: Database,
  register: Pick<AbsenceRegister, 'openMany'>,
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
