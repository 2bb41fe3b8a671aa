// The absence register (R9, R10), kept where the roster is (the school hub, or a single kiosk):
// absences opened for illness or another cause, follow-up calls only ever appended, the expected
// return, and the return-to-school certificate that ends the hold at every gate and the absence
// with it. Every change that touches the hold is one transaction with it. Symptoms and scans are
// health data, stored sealed.
import type { Database } from 'better-sqlite3';
import type { ActorView } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import { isCalendarDate, shanghaiDate, shanghaiDayRange } from '../../contract/school-time';
import {
  illnessCauses,
  type Absence,
  type AbsenceRegister,
  type NewAbsence,
  type ReturnCertificate,
} from '../../contract/operations/absence-operations';
import { sealNullable, type FieldCipher } from '../privacy/field-cipher';
import { createHolds, illnessReason, type PersonOnRoster } from './absence-hold';
import { createAbsencePicture } from './absence-picture';
import {
  absenceSelect,
  certificateColumns,
  certificateView,
  createAbsenceViews,
  heldStatuses,
  type AbsenceRow,
} from './absence-view';
import type { SheetAbsence } from './absence-sheet';
import { checkedScan, type CertificateScan } from './certificate-scan';

export interface NewFollowUp {
  absenceId: number;
  method: 'phone' | 'message' | 'visit';
  outcome: 'recovering' | 'seen-doctor' | 'in-hospital' | 'recovered' | 'no-answer' | 'other';
  contact: string | null;
  note: string | null;
}

export interface NewCertificate {
  personId: number;
  issuer: string;
  issuedOn: string;
  scan: CertificateScan | null;
}

type Opened = Omit<NewAbsence, 'note'> & { note: string | null; source: 'register' | 'import' };

/** `gateName` names a gate as people know it (the hub's gates by the names they report). */
export function createAbsenceRegister(
  db: Database,
  now: () => Date,
  cipher: FieldCipher,
  gateName: (gateId: string) => string = (gateId) => gateId,
) {
  const views = createAbsenceViews(db, cipher, gateName);
  const picture = createAbsencePicture(db, gateName);
  const holds = createHolds(db);
  const today = () => shanghaiDate(now());
  const selectOpenList = db.prepare<[], AbsenceRow>(
    `${absenceSelect} WHERE a.ended_at IS NULL ORDER BY a.since, a.id`,
  );
  const selectEnded = db.prepare<{ from: string; to: string }, AbsenceRow>(
    `${absenceSelect} WHERE a.ended_at >= @from AND a.ended_at < @to ORDER BY a.ended_at DESC, a.id DESC`,
  );
  const selectOpenOf = db.prepare<[number], AbsenceRow>(
    `${absenceSelect} WHERE a.person_id = ? AND a.ended_at IS NULL`,
  );
  const insertAbsence = db.prepare(
    `INSERT INTO absences (person_id, name, kind, class_name, cause, symptoms, since,
       expected_return, source, opened_at, opened_by, opened_by_name, note)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertFollowUp = db.prepare(
    `INSERT INTO absence_follow_ups (absence_id, at, method, outcome, contact, note, recorded_by,
       recorded_by_name)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const updateExpected = db.prepare<[string | null, number]>(
    'UPDATE absences SET expected_return = ? WHERE id = ? AND ended_at IS NULL',
  );
  const endAbsence = db.prepare<[string, string, number, string, string | null, number]>(
    `UPDATE absences SET ended_at = ?, ended_how = ?, ended_by = ?, ended_by_name = ?,
       ended_note = ?
     WHERE id = ? AND ended_at IS NULL`,
  );
  const insertCertificate = db.prepare(
    `INSERT INTO return_certificates (person_id, absence_id, kind, class_name, cleared, issuer,
       issued_on, scan, scan_type, recorded_at, recorded_by, recorded_by_name)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const selectCertificate = db.prepare<[number], Parameters<typeof certificateView>[0]>(
    `SELECT ${certificateColumns} FROM return_certificates WHERE id = ?`,
  );
  const selectScan = db.prepare<[number], { scan: string | null; scan_type: string | null }>(
    'SELECT scan, scan_type FROM return_certificates WHERE id = ?',
  );

  function onRoster(personId: number): PersonOnRoster {
    const person = holds.person(personId);
    if (person === null) {
      throw new ApiError('bad-input', `No person with id ${personId} is on the roster.`);
    }
    return person;
  }

  function openRow(absenceId: number, doing: string): AbsenceRow {
    const row = views.row(absenceId);
    if (row === null) throw new ApiError('bad-input', `No absence ${absenceId}.`);
    if (row.ended_at !== null) {
      throw new ApiError(
        'bad-input',
        `Absence ${absenceId} has ended: ${doing} only on an absence still open.`,
      );
    }
    return row;
  }

  function checkDays(since: string, expectedReturn: string | null): void {
    if (!isCalendarDate(since)) {
      throw new ApiError('bad-input', `The first day of the absence, ${since}, is no real date.`);
    }
    if (expectedReturn === null) return;
    if (!isCalendarDate(expectedReturn)) {
      throw new ApiError('bad-input', `The expected return, ${expectedReturn}, is no real date.`);
    }
    if (expectedReturn < since) {
      throw new ApiError(
        'bad-input',
        `The expected return (${expectedReturn}) is before the absence began (${since}).`,
      );
    }
  }

  /** Inserts one absence and holds the person when it is for illness; answers its id. */
  function insert(person: PersonOnRoster, absence: Opened, actor: ActorView): number {
    const at = now().toISOString();
    const id = Number(
      insertAbsence.run(
        person.id,
        person.name,
        person.kind,
        person.class_name,
        absence.cause,
        sealNullable(cipher, 'symptoms', absence.symptoms),
        absence.since,
        absence.expectedReturn,
        absence.source,
        at,
        actor.id,
        actor.displayName,
        absence.note,
      ).lastInsertRowid,
    );
    // An isolating person stays isolating: the certificate ends that hold too.
    if (absence.cause === 'illness' && person.status !== 'isolating') {
      holds.hold(person.id, illnessReason(absence.since), actor.displayName, at);
    }
    return id;
  }

  const open = db.transaction((absence: NewAbsence, actor: ActorView): number => {
    const person = onRoster(absence.personId);
    checkDays(absence.since, absence.expectedReturn);
    const already = selectOpenOf.get(person.id);
    if (already !== undefined) {
      throw new ApiError(
        'bad-input',
        `${person.name} already has an open absence (since ${already.since}, number ` +
          `${already.id}): add a follow-up to it, or end it first.`,
      );
    }
    return insert(person, { ...absence, source: 'register' }, actor);
  });

  const openMany = db.transaction((rows: SheetAbsence[], actor: ActorView) => {
    let opened = 0;
    let alreadyOpen = 0;
    for (const row of rows) {
      const person = onRoster(row.personId);
      checkDays(row.since, row.expectedReturn);
      if (selectOpenOf.get(person.id) !== undefined) {
        alreadyOpen += 1;
        continue;
      }
      insert(person, { ...row, note: null, source: 'import' }, actor);
      opened += 1;
    }
    return { opened, alreadyOpen };
  });

  const addFollowUp = db.transaction((followUp: NewFollowUp, actor: ActorView): void => {
    openRow(followUp.absenceId, 'a follow-up is added');
    insertFollowUp.run(
      followUp.absenceId,
      now().toISOString(),
      followUp.method,
      followUp.outcome,
      followUp.contact,
      followUp.note,
      actor.id,
      actor.displayName,
    );
  });

  const setExpectedReturn = db.transaction((absenceId: number, expected: string | null) => {
    const row = openRow(absenceId, 'the expected return is set');
    checkDays(row.since, expected);
    updateExpected.run(expected, absenceId);
  });

  const end = db.transaction(
    (absenceId: number, how: 'returned' | 'cancelled', note: string, actor: ActorView) => {
      const row = openRow(absenceId, 'an absence is ended');
      const ill = illnessCauses.includes(row.cause);
      if (how === 'returned' && ill) {
        throw new ApiError(
          'bad-input',
          `Absence ${absenceId} is for illness: it ends when the return-to-school certificate ` +
            'is recorded, not as returned.',
        );
      }
      const at = now().toISOString();
      endAbsence.run(at, how, actor.id, actor.displayName, note, absenceId);
      // Recorded in error: the hold it set goes with it (an isolation stays, set for its own
      // reason; an absence not for illness set no hold).
      if (how === 'cancelled' && ill && row.person_id !== null) {
        if (row.status === 'needs-certificate') {
          holds.release(row.person_id, actor.displayName, at);
        }
      }
    },
  );

  const recordCertificate = db.transaction(
    (
      input: NewCertificate,
      actor: ActorView,
    ): { certificateId: number; absenceId: number | null } => {
      const person = onRoster(input.personId);
      if (!heldStatuses.includes(person.status)) {
        throw new ApiError(
          'bad-input',
          `${person.name} is not held (their status is ${person.status}): no return ` +
            'certificate is needed.',
        );
      }
      if (!isCalendarDate(input.issuedOn)) {
        throw new ApiError(
          'bad-input',
          `The date of the certificate, ${input.issuedOn}, is no real date.`,
        );
      }
      if (input.issuedOn > today()) {
        throw new ApiError(
          'bad-input',
          `The certificate is dated ${input.issuedOn}, after today (${today()}).`,
        );
      }
      const scan = input.scan === null ? null : checkedScan(input.scan);
      const at = now().toISOString();
      const absence = selectOpenOf.get(person.id) ?? null;
      if (absence !== null && input.issuedOn < absence.since) {
        throw new ApiError(
          'bad-input',
          `The certificate is dated ${input.issuedOn}, before ${person.name}'s absence began ` +
            `(${absence.since}): it cannot clear them to come back.`,
        );
      }
      const certificateId = Number(
        insertCertificate.run(
          person.id,
          absence?.id ?? null,
          person.kind,
          person.class_name,
          person.status,
          input.issuer,
          input.issuedOn,
          sealNullable(cipher, 'certificate-scan', scan?.base64 ?? null),
          scan?.type ?? null,
          at,
          actor.id,
          actor.displayName,
        ).lastInsertRowid,
      );
      holds.release(person.id, actor.displayName, at);
      if (absence !== null) {
        endAbsence.run(at, 'certificate', actor.id, actor.displayName, null, absence.id);
      }
      return { certificateId, absenceId: absence?.id ?? null };
    },
  );

  const viewOf = (id: number): Absence => {
    const view = views.byId(id, today());
    if (view === null) throw new Error(`absence ${id} vanished after it was written`);
    return view;
  };

  return {
    /** The register of a day (YYYY-MM-DD, Shanghai): its picture, what is open, what ended. */
    register(date: string): AbsenceRegister {
      if (!isCalendarDate(date)) throw new ApiError('bad-input', `${date} is no real date.`);
      return db.transaction(() => ({
        picture: picture.picture(date),
        open: selectOpenList.all().map((row) => views.view(row, date)),
        ended: selectEnded.all(shanghaiDayRange(date)).map((row) => views.view(row, date)),
        awaitingCertificate: picture.awaitingCertificate(date),
        certificates: picture.certificates(date),
      }))();
    },
    open(absence: NewAbsence, actor: ActorView): Absence {
      return viewOf(open.immediate(absence, actor));
    },
    /** The class teachers' sheet: one transaction; someone already absent is left as they are. */
    openMany(rows: SheetAbsence[], actor: ActorView): { opened: number; alreadyOpen: number } {
      return openMany.immediate(rows, actor);
    },
    addFollowUp(followUp: NewFollowUp, actor: ActorView): Absence {
      addFollowUp.immediate(followUp, actor);
      return viewOf(followUp.absenceId);
    },
    setExpectedReturn(absenceId: number, expectedReturn: string | null): Absence {
      setExpectedReturn.immediate(absenceId, expectedReturn);
      return viewOf(absenceId);
    },
    end(absenceId: number, how: 'returned' | 'cancelled', note: string, actor: ActorView): Absence {
      end.immediate(absenceId, how, note, actor);
      return viewOf(absenceId);
    },
    recordCertificate(
      input: NewCertificate,
      actor: ActorView,
    ): { certificate: ReturnCertificate; absence: Absence | null } {
      const { certificateId, absenceId } = recordCertificate.immediate(input, actor);
      const certificate = selectCertificate.get(certificateId);
      if (certificate === undefined) throw new Error(`certificate ${certificateId} vanished`);
      return {
        certificate: certificateView(certificate),
        absence: absenceId === null ? null : viewOf(absenceId),
      };
    },
    /** The scan of a certificate as it was given. */
    certificateScan(certificateId: number): CertificateScan {
      const row = selectScan.get(certificateId);
      if (row === undefined) throw new ApiError('bad-input', `No certificate ${certificateId}.`);
      if (row.scan === null || row.scan_type === null) {
        throw new ApiError('bad-input', `Certificate ${certificateId} has no scan kept.`);
      }
      return {
        type: row.scan_type as CertificateScan['type'],
        base64: cipher.open('certificate-scan', row.scan),
      };
    },
  };
}

export type AbsenceRegisterService = ReturnType<typeof createAbsenceRegister>;
