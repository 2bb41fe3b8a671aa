// Which part of a school this database plays (docs/school-hub.md): the hub, a gate of a hub,
// or — neither — a single kiosk, which stays exactly as it was. The role is kept in kiosk_meta
// because the triggers of 0200 read it there: the hub notes changes for its feed, a gate notes
// what it writes for its outbox to the hub, and a single kiosk writes neither.
import type { Database } from 'better-sqlite3';
import type { Handlers, OperationName } from '../../contract/api';
import { ApiError } from '../../contract/errors';

export type SchoolRole = 'hub' | 'gate';

/**
 * Records the role this start plays, refusing a change that would lose data: a hub started
 * without --hub would note no changes for its gates, a gate started without its hub section
 * would note no records for the hub, and a folder with a kiosk's own roster or records cannot
 * take the hub's (the same cards, other ids). A single kiosk may become the hub.
 */
export function setSchoolRole(db: Database, role: SchoolRole | null): void {
  const current =
    db
      .prepare<[], { value: string }>("SELECT value FROM kiosk_meta WHERE key = 'school_role'")
      .get()?.value ?? null;
  if (current === role) return;
  if (current === 'hub') {
    throw new Error(
      'This data folder is the school hub: start it with --hub (npm run serve -- --data-dir DIR ' +
        '--hub). Without it, changes made here would never reach the gates.',
    );
  }
  if (current === 'gate') {
    throw new Error(
      'This data folder is a gate of a school hub, and the config has no hub section: put it ' +
        'back. Without it, what this gate records would never reach the hub.',
    );
  }
  if (role === 'gate' && holdsOwnData(db)) {
    throw new Error(
      'This data folder holds a kiosk of its own (its roster, accounts or entries): a gate ' +
        'joins its school hub with a new data folder (docs/school-hub.md "Joining a gate").',
    );
  }
  if (role !== null) {
    db.prepare("INSERT INTO kiosk_meta (key, value) VALUES ('school_role', ?)").run(role);
  }
}

function holdsOwnData(db: Database): boolean {
  return (
    db
      .prepare(
        `SELECT 1 WHERE EXISTS (SELECT 1 FROM people) OR EXISTS (SELECT 1 FROM accounts)
           OR EXISTS (SELECT 1 FROM entries) OR EXISTS (SELECT 1 FROM policies)`,
      )
      .get() !== undefined
  );
}

/**
 * What the hub owns and a gate only copies: changed at the hub, refused at a gate (with words
 * that say where to go), so that no gate's copy drifts from the school's. Fever cases are
 * followed up at the hub, where every gate's are; passes are signed there with the school's key
 * (a gate shows the pass the hub signed: its copy of the appointment holds it).
 */
export const hubOwnedOperations = [
  'createFirstAdmin',
  'createAccount',
  'disableAccount',
  'enableAccount',
  'deleteAccount',
  'resetSecret',
  'savePolicy',
  'importRoster',
  'setPersonStatus',
  'createAppointment',
  'approveAppointment',
  'revokeAppointment',
  'approveWalkIn',
  'declineWalkIn',
  'addFeverCaseEvent',
  'closeFeverCase',
  // The absence register is kept at the hub; a gate sees only its hold (the person's status).
  'absenceRegister',
  'openAbsence',
  'addAbsenceFollowUp',
  'setExpectedReturn',
  'endAbsence',
  'recordReturnCertificate',
  'returnCertificateScan',
  'importAbsences',
] as const satisfies readonly OperationName[];

export function refuseAtGate(handlers: Handlers): Handlers {
  const refused = { ...handlers } as Record<OperationName, unknown>;
  for (const name of hubOwnedOperations) {
    refused[name] = () =>
      Promise.reject(
        new ApiError('at-hub', `${name}: this is changed at the school hub, not at a gate.`),
      );
  }
  return refused as Handlers;
}
