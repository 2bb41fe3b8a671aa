// A day's picture of the absence register (R9, R10): who was absent by class and cause, the
// follow-up calls due, the returns expected, the people a gate held for want of a certificate,
// and the certificates recorded; the list of everyone held now, for the school doctor; and the
// day's certificates, each with whom it cleared.
import type { Database } from 'better-sqlite3';
import { shanghaiDayRange } from '../../contract/school-time';
import type {
  AbsencePicture,
  AwaitingCertificate,
  RecordedCertificate,
} from '../../contract/operations/absence-operations';
import type { PersonKind } from '../../contract/api';
import { classOrderKey } from '../roster/class-order';
import { absentOnDay, createAbsenceCounts } from './absence-counts';
import { certificateView, type CertificateRow } from './absence-view';

type Day = { date: string; from: string; to: string };

/** An entry that held its person at a gate: denied for a status that wants a certificate. */
// A status reason only ever comes with a deny (backend/checks/decide.ts), and 0220's partial
// index on the denials by person and time finds them without reading the day's other entries.
const heldEntry = `e.decision = 'deny' AND EXISTS (SELECT 1 FROM json_each(e.reasons)
  WHERE json_each.value IN ('status-needs-certificate', 'status-isolating'))`;

interface AwaitingRow {
  id: number;
  name: string;
  kind: Exclude<PersonKind, 'visitor'>;
  class_name: string;
  status: AwaitingCertificate['status'];
  status_reason: string | null;
  status_set_at: string | null;
  absence_id: number | null;
}

type RecordedRow = CertificateRow & {
  person_id: number | null;
  name: string | null;
  class_name: string;
  absence_id: number | null;
};

/** `gateName` names a gate as people know it (its id where no name is known). */
export function createAbsencePicture(
  db: Database,
  gateName: (gateId: string) => string = (gateId) => gateId,
) {
  const counts = createAbsenceCounts(db);
  const followUpsDue = db.prepare<Day, { n: number }>(
    `SELECT count(*) AS n FROM absences a
     WHERE ${absentOnDay} AND a.cause IN ('illness', 'fever-at-gate')
       AND NOT EXISTS (SELECT 1 FROM absence_follow_ups f
         WHERE f.absence_id = a.id AND f.at >= @from AND f.at < @to)`,
  );
  const returnsExpected = db.prepare<Day, { n: number }>(
    `SELECT count(*) AS n FROM absences a
     WHERE ${absentOnDay} AND a.expected_return IS NOT NULL AND a.expected_return <= @date`,
  );
  const heldAtGate = db.prepare<Day, { n: number }>(
    `SELECT count(DISTINCT e.person_id) AS n FROM entries e
     WHERE e.at >= @from AND e.at < @to AND e.person_id IS NOT NULL AND ${heldEntry}`,
  );
  const awaiting = db.prepare<[], AwaitingRow>(
    `SELECT p.id, p.name, p.kind, p.class_name, p.status, p.status_reason, p.status_set_at,
       a.id AS absence_id
     FROM people p LEFT JOIN absences a ON a.person_id = p.id AND a.ended_at IS NULL
     WHERE p.status IN ('needs-certificate', 'isolating')`,
  );
  const lastHeld = db.prepare<
    { person: number; from: string; to: string },
    { at: string; gate_id: string }
  >(
    `SELECT e.at, e.gate_id FROM entries e
     WHERE e.person_id = @person AND e.at >= @from AND e.at < @to AND ${heldEntry}
     ORDER BY e.at DESC, e.id DESC LIMIT 1`,
  );
  // Every certificate of the day, as returnsCleared counts them: also one that cleared a hold
  // with no absence (an isolation set on the roster), which no ended absence would show.
  const recorded = db.prepare<{ from: string; to: string }, RecordedRow>(
    `SELECT c.id, c.issuer, c.issued_on, c.recorded_at, c.recorded_by_name, c.scan_type,
       c.cleared, c.person_id, p.name, c.class_name, c.absence_id
     FROM return_certificates c LEFT JOIN people p ON p.id = c.person_id
     WHERE c.recorded_at >= @from AND c.recorded_at < @to
     ORDER BY c.recorded_at DESC, c.id DESC`,
  );

  return {
    picture(date: string): AbsencePicture {
      const day: Day = { date, ...shanghaiDayRange(date) };
      return {
        date,
        // As a school reads its classes: 一年级 before 二年级.
        byClass: counts.byClass(date).sort(byClassName),
        absentIll: counts.absentIll(date),
        absentOther: counts.absentOther(date),
        followUpsDue: followUpsDue.get(day)?.n ?? 0,
        returnsExpected: returnsExpected.get(day)?.n ?? 0,
        heldAtGate: heldAtGate.get(day)?.n ?? 0,
        returnsCleared: counts.returnsCleared(date),
      };
    },
    /** Everyone whose status keeps them out now, with where a gate last held them on `date`. */
    awaitingCertificate(date: string): AwaitingCertificate[] {
      const { from, to } = shanghaiDayRange(date);
      return awaiting
        .all()
        .map((row): AwaitingCertificate => {
          const held = lastHeld.get({ person: row.id, from, to });
          return {
            personId: row.id,
            name: row.name,
            kind: row.kind,
            className: row.class_name,
            status: row.status,
            reason: row.status_reason,
            since: row.status_set_at,
            absenceId: row.absence_id,
            heldAt: held?.at ?? null,
            // The doctor knows the gates by name, not by the id in their config.
            heldGate: held === undefined ? null : gateName(held.gate_id),
          };
        })
        .sort((a, b) => byClassName(a, b) || a.name.localeCompare(b.name, 'zh-CN'));
    },
    /** The certificates recorded on `date`, newest first, with whom each cleared. */
    certificates(date: string): RecordedCertificate[] {
      return recorded.all(shanghaiDayRange(date)).map((row) => ({
        ...certificateView(row),
        // The class as it was when recorded; no one once retention erased who it was.
        person:
          row.person_id === null || row.name === null
            ? null
            : { id: row.person_id, name: row.name, className: row.class_name },
        absenceId: row.absence_id,
      }));
    },
  };
}

function byClassName(a: { className: string }, b: { className: string }): number {
  const [left, right] = [classOrderKey(a.className), classOrderKey(b.className)];
  return left < right ? -1 : left > right ? 1 : 0;
}
