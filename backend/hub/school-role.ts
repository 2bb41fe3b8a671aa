// Which part of a school this database plays (docs/school-hub.md): the hub, a gate of a hub,
// or — neither — a single kiosk, which stays exactly as it was. The role is kept in kiosk_meta
// because the triggers of 0200 read it there: the hub notes changes for its feed, a gate notes
// what it writes for its outbox to the hub, and a single kiosk writes neither.
import type { Database } from 'better-sqlite3';
import type { Handlers, OperationName } from '../../contract/api';
import { ApiError } from '../../contract/errors';

export type SchoolRole = 'hub' | 'gate';

export function setSchoolRole(db: Database, role: SchoolRole | null): void {
  if (role === null) {
    db.prepare("DELETE FROM kiosk_meta WHERE key = 'school_role'").run();
  } else {
    db.prepare(
      `INSERT INTO kiosk_meta (key, value) VALUES ('school_role', ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ).run(role);
  }
}

/**
 * What the hub owns and a gate only copies: changed at the hub, refused at a gate (with words
 * that say where to go), so that no gate's copy drifts from the school's. Fever cases are
 * followed up at the hub, where every gate's are; passes are signed there with the school's key.
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
  'passImage',
  'walkInPass',
  'approveWalkIn',
  'declineWalkIn',
  'addFeverCaseEvent',
  'closeFeverCase',
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
