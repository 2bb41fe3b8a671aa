// The hub's list of visitors' passes used beyond their allowance (hub_pass_overuse, written by
// hub-intake.ts when a gate's entry arrives after the school's count was already full): gates
// that could not reach each other each admitted the visitor by their own count. The office sees
// them on the hub's console (status.passOveruse), newest first.
import type { Database } from 'better-sqlite3';
import type { PassOveruse } from '../../contract/api';

/** A screenful: the office looks at the recent ones; the entries themselves stay in the log. */
const shown = 50;

export function createPassOveruse(db: Database) {
  const recent = db.prepare<[number], PassOveruse>(
    `SELECT o.entry_id AS entryId, o.appointment_id AS appointmentId,
            a.visitor_name AS visitorName, a.entries_allowed AS entriesAllowed,
            o.gate_id AS gateId, o.at AS at
       FROM hub_pass_overuse o LEFT JOIN appointments a ON a.id = o.appointment_id
      ORDER BY o.at DESC, o.entry_id DESC
      LIMIT ?`,
  );
  return {
    list: (): PassOveruse[] => recent.all(shown),
  };
}

export type PassOveruseList = ReturnType<typeof createPassOveruse>;
