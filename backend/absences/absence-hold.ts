// The hold at the gate is the person's roster status (needs-certificate, or isolating), which
// the policy's blockingStatuses already blocks and the hub's feed already carries to every gate.
// The register sets and clears it here. Its reason is shown to the guard at every gate, so it
// says why in a few words and never carries symptoms (health data, kept on the register only).
import type { Database } from 'better-sqlite3';

export function illnessReason(since: string): string {
  return `因病缺勤，自 ${since}`;
}

export function feverReason(celsius: number | null, since: string): string {
  const reading = celsius === null ? '' : ` ${celsius.toFixed(1)} °C`;
  return `门口发热转诊${reading}，自 ${since}`;
}

export interface PersonOnRoster {
  id: number;
  name: string;
  kind: 'student' | 'staff';
  class_name: string;
  status: string;
}

export function createHolds(db: Database) {
  const selectPerson = db.prepare<[number], PersonOnRoster>(
    'SELECT id, name, kind, class_name, status FROM people WHERE id = ?',
  );
  const updateStatus = db.prepare<[string, string | null, string, string, number]>(
    `UPDATE people SET status = ?, status_reason = ?, status_set_by = ?, status_set_at = ?
     WHERE id = ?`,
  );
  return {
    /** The person on the roster (taken off it — status 'left' — counts as not on it). */
    person(id: number): PersonOnRoster | null {
      const row = selectPerson.get(id);
      return row === undefined || row.status === 'left' ? null : row;
    },
    /** Holds the person until a certificate; `at` is an ISO time. */
    hold(personId: number, reason: string, by: string, at: string): void {
      updateStatus.run('needs-certificate', reason, by, at, personId);
    },
    /** Ends a hold: the person is active again at every gate. */
    release(personId: number, by: string, at: string): void {
      updateStatus.run('active', null, by, at, personId);
    },
  };
}

export type Holds = ReturnType<typeof createHolds>;
