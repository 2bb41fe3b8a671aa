// One absence as the register shows it: its row, its follow-ups, the certificate that ended it,
// whether a follow-up is due on the day asked about and whether the person is held at the gates.
// Symptoms are opened here (sealed as health data) and shown only on this register.
import type { Database } from 'better-sqlite3';
import { shanghaiDayRange } from '../../contract/school-time';
import {
  illnessCauses,
  type Absence,
  type AbsenceCause,
  type AbsenceFollowUp,
  type ReturnCertificate,
} from '../../contract/operations/absence-operations';
import type { PersonKind } from '../../contract/api';
import { openNullable, type FieldCipher } from '../privacy/field-cipher';

export interface AbsenceRow {
  id: number;
  person_id: number | null;
  name: string | null;
  kind: Exclude<PersonKind, 'visitor'>;
  class_name: string;
  cause: AbsenceCause;
  symptoms: string | null;
  celsius: number | null;
  fever_case_id: number | null;
  gate_id: string | null;
  since: string;
  expected_return: string | null;
  source: Absence['source'];
  opened_at: string;
  opened_by_name: string;
  note: string | null;
  ended_at: string | null;
  ended_how: 'certificate' | 'returned' | 'cancelled' | null;
  ended_by_name: string | null;
  ended_note: string | null;
  /** The person's roster status now (null once purged or off the roster). */
  status: string | null;
}

interface FollowUpRow {
  id: number;
  at: string;
  method: AbsenceFollowUp['method'];
  outcome: AbsenceFollowUp['outcome'];
  contact: string | null;
  note: string | null;
  recorded_by_name: string;
}

export interface CertificateRow {
  id: number;
  issuer: string | null;
  issued_on: string;
  recorded_at: string;
  recorded_by_name: string;
  scan_type: string | null;
  cleared: ReturnCertificate['cleared'];
}

/** The absences' columns with the person's current status, for `FROM absences a` + a WHERE. */
export const absenceSelect = `SELECT a.id, a.person_id, a.name, a.kind, a.class_name, a.cause,
    a.symptoms, a.celsius, a.fever_case_id, a.gate_id, a.since, a.expected_return, a.source,
    a.opened_at, a.opened_by_name, a.note, a.ended_at, a.ended_how, a.ended_by_name,
    a.ended_note, p.status
  FROM absences a LEFT JOIN people p ON p.id = a.person_id`;

/** The statuses that keep a person out at every gate until a certificate is recorded. */
export const heldStatuses: readonly string[] = ['needs-certificate', 'isolating'];

export function certificateView(row: CertificateRow): ReturnCertificate {
  return {
    id: row.id,
    issuer: row.issuer,
    issuedOn: row.issued_on,
    recordedAt: row.recorded_at,
    recordedBy: row.recorded_by_name,
    hasScan: row.scan_type !== null,
    cleared: row.cleared,
  };
}

export const certificateColumns = `id, issuer, issued_on, recorded_at, recorded_by_name,
  scan_type, cleared`;

/**
 * Turns absence rows into views; `date` is the day whose follow-ups are asked about. `gateName`
 * names a gate as people know it (the hub's gates by the names they report).
 */
export function createAbsenceViews(
  db: Database,
  cipher: FieldCipher,
  gateName: (gateId: string) => string,
) {
  const selectById = db.prepare<[number], AbsenceRow>(`${absenceSelect} WHERE a.id = ?`);
  const selectFollowUps = db.prepare<[number], FollowUpRow>(
    `SELECT id, at, method, outcome, contact, note, recorded_by_name
     FROM absence_follow_ups WHERE absence_id = ? ORDER BY id`,
  );
  const selectCertificate = db.prepare<[number], CertificateRow>(
    `SELECT ${certificateColumns} FROM return_certificates WHERE absence_id = ?
     ORDER BY id DESC LIMIT 1`,
  );

  function view(row: AbsenceRow, date: string): Absence {
    const followUps = selectFollowUps.all(row.id).map((each): AbsenceFollowUp => ({
      id: each.id,
      at: each.at,
      method: each.method,
      outcome: each.outcome,
      contact: each.contact,
      note: each.note,
      recordedBy: each.recorded_by_name,
    }));
    const { from, to } = shanghaiDayRange(date);
    const open = row.ended_at === null;
    const certificate = selectCertificate.get(row.id);
    return {
      id: row.id,
      person:
        row.person_id === null || row.name === null
          ? null
          : { id: row.person_id, name: row.name, kind: row.kind, className: row.class_name },
      className: row.class_name,
      cause: row.cause,
      symptoms: openNullable(cipher, 'symptoms', row.symptoms),
      celsius: row.celsius,
      feverCaseId: row.fever_case_id,
      gateId: row.gate_id,
      gateName: row.gate_id === null ? null : gateName(row.gate_id),
      since: row.since,
      expectedReturn: row.expected_return,
      source: row.source,
      openedAt: row.opened_at,
      openedBy: row.opened_by_name,
      note: row.note,
      followUps,
      // Due on a day the absence had begun by, until a call is noted that day.
      followUpDue:
        open &&
        illnessCauses.includes(row.cause) &&
        row.since <= date &&
        !followUps.some((each) => each.at >= from && each.at < to),
      held: row.status !== null && heldStatuses.includes(row.status),
      ended:
        row.ended_at === null || row.ended_how === null
          ? null
          : {
              at: row.ended_at,
              how: row.ended_how,
              by: row.ended_by_name ?? '',
              note: row.ended_note,
            },
      certificate: certificate === undefined ? null : certificateView(certificate),
    };
  }

  return {
    view,
    /** The absence with this id, as of `date`; null when there is none. */
    byId(id: number, date: string): Absence | null {
      const row = selectById.get(id);
      return row === undefined ? null : view(row, date);
    },
    row(id: number): AbsenceRow | null {
      return selectById.get(id) ?? null;
    },
  };
}

export type AbsenceViews = ReturnType<typeof createAbsenceViews>;
