// From the gate to the register (R9, R10): a refer opens an absence for the person referred,
// linked to its fever case, with the confirmed reading, and holds them until a return-to-school
// certificate. Called by the entry log inside the transaction that writes the refer and opens
// its fever case (a single kiosk's own refer, or a gate's at the hub), so the three are one.
// A gate keeps no register: it holds the pupil on its own copy of the roster at once, and the hub
// opens the absence (and holds them at every gate) when the gate's entry reaches it.
import type { Database } from 'better-sqlite3';
import { shanghaiDate } from '../../contract/school-time';
import { createHolds, feverReason } from './absence-hold';

interface ReferRow {
  person_id: number | null;
  at: string;
  gate_id: string;
  temperature_c: number | null;
  guard_name: string | null;
}

/**
 * Answers the hook for the entry log: (the refer's entry id, its fever case's id). `gateName`
 * names the referring gate where no guard's name is on the entry: the hold's setter is shown to
 * the guard at every gate, who knows the gate by its name, not its id.
 */
export function createFeverReferral(
  db: Database,
  gateName: (gateId: string) => string,
): (entryId: number, feverCaseId: number) => void {
  const role = db.prepare<[], { value: string }>(
    "SELECT value FROM kiosk_meta WHERE key = 'school_role'",
  );
  const selectEntry = db.prepare<[number], ReferRow>(
    'SELECT person_id, at, gate_id, temperature_c, guard_name FROM entries WHERE id = ?',
  );
  const hasOpen = db.prepare<[number], { id: number }>(
    'SELECT id FROM absences WHERE person_id = ? AND ended_at IS NULL',
  );
  const insert = db.prepare(
    `INSERT INTO absences (person_id, name, kind, class_name, cause, celsius, fever_case_id,
       gate_id, since, source, opened_at, opened_by, opened_by_name)
     VALUES (?, ?, ?, ?, 'fever-at-gate', ?, ?, ?, ?, 'gate', ?, NULL, ?)`,
  );
  const holds = createHolds(db);

  const refer = db.transaction((entryId: number, feverCaseId: number, atGate: boolean): void => {
    const entry = selectEntry.get(entryId);
    if (entry?.person_id == null) return; // a visitor or an unknown card: not on the roster
    const person = holds.person(entry.person_id);
    if (person === null) return;
    // Opened and held as of the refer itself: at the hub, a gate's entry may arrive later.
    const since = shanghaiDate(new Date(entry.at));
    const by = entry.guard_name ?? gateName(entry.gate_id);
    // Someone already on the register (off for another cause, say) keeps that absence: the
    // certificate that ends the hold ends it too.
    if (!atGate && hasOpen.get(person.id) === undefined) {
      insert.run(
        person.id,
        person.name,
        person.kind,
        person.class_name,
        entry.temperature_c,
        feverCaseId,
        entry.gate_id,
        since,
        entry.at,
        by,
      );
    }
    // A fever confirmed is held until a certificate, whatever else is on the register. An
    // isolating person stays isolating; someone already held keeps the reason they have. A gate
    // holds them on its own copy of the roster at once, so a pupil sent to the observation point
    // is not let in there while the hub is away; the hub holds them the same way when the entry
    // reaches it, and its feed brings that status down to every gate.
    if (person.status === 'active') {
      holds.hold(person.id, feverReason(entry.temperature_c, since), by, entry.at);
    }
  });

  return (entryId, feverCaseId) => {
    // A savepoint inside the entry's transaction: should the register refuse (a database
    // altered by hand), the refer and its fever case are still written — losing the entry would
    // be worse — and the office follows the case up as before.
    try {
      refer(entryId, feverCaseId, role.get()?.value === 'gate');
    } catch (error) {
      console.error(`The refer ${entryId} opened no absence on the register:`, error);
    }
  };
}
