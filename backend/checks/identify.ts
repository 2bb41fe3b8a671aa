// Who a scanned text names: a roster card, a visitor's pass (verified offline with the school's
// key, then checked against the appointment: revoked, used up), or an unknown card. Reads only;
// a pass's use is counted later, when the check decides to let the visitor in. A roster person's
// ID number stays sealed: the check carries it to the entry as the roster stores it.
import type { Database } from 'better-sqlite3';
import { findStoredPersonByCard } from '../roster/roster-store';
import type { Appointments } from '../visitors/appointments';
import { passDecision, passPrefix, verifyPass } from '../visitors/pass-token';
import type { KeyObject } from 'node:crypto';
import type { Identity } from './gate-check';

export interface IdentifyOptions {
  db: Database;
  /** The school's public pass keys by kid (its own at the hub, the hub's copy at a gate). */
  passKeys: () => Map<string, KeyObject>;
  appointments: Pick<Appointments, 'standing'>;
  now: () => Date;
}

export function createIdentify(options: IdentifyOptions): (text: string) => Identity {
  const { db, passKeys, appointments, now } = options;
  return (text) => {
    if (!text.startsWith(passPrefix)) {
      const person = findStoredPersonByCard(db, text);
      return person ? { kind: 'person', person } : { kind: 'unknown' };
    }
    const verified = verifyPass(text, passKeys(), now());
    const id = verified.ok ? verified.pass.appointmentId : null;
    // A pass this school signed for an appointment made on another gate's kiosk verifies by
    // its signature and dates alone: this database cannot count its uses.
    const standing = (id !== null && appointments.standing(id)) || { revoked: false, used: 0 };
    const decided = passDecision(verified, standing);
    if (!decided.ok) {
      return {
        kind: 'refused',
        reason: decided.reason === 'not-a-pass' ? 'pass-malformed' : `pass-${decided.reason}`,
      };
    }
    const { pass } = decided;
    return {
      kind: 'visitor',
      person: { id: null, name: pass.name, kind: 'visitor', className: pass.area, idNumber: null },
      visit: {
        appointmentId: pass.appointmentId,
        host: pass.host,
        area: pass.area,
        until: pass.validTo.toISOString(),
      },
    };
  };
}
