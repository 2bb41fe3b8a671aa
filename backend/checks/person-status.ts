// Why and by whom a person's roster status was set (R10), for the guard's view of a refusal.
// Read only, one prepared statement by id; asked only for someone whose status is not active,
// so the morning rush's card lookup stays one indexed query.
import type { Database } from 'better-sqlite3';
import type { PersonStatusView } from '../../contract/api';

export function createPersonStatusLookup(
  db: Database,
): (personId: number, status: string) => PersonStatusView {
  const byId = db.prepare<[number], PersonStatusView>(
    `SELECT status, status_reason AS reason, status_set_by AS setBy, status_set_at AS setAt
     FROM people WHERE id = ?`,
  );
  return (personId, status) =>
    byId.get(personId) ?? { status, reason: null, setBy: null, setAt: null };
}
