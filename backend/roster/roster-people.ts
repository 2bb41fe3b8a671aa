// The people on the roster as the admin console lists them (a search by name, card or class,
// a page at a time) and a person's status set by an admin with a reason, who and when.
// Prepared statements with parameters only; never deletes a person and never hands out a
// full ID number (the caller masks them before they leave the backend).
import type { Database } from 'better-sqlite3';
import type { FieldCipher } from '../privacy/field-cipher';
import { openPerson, type Person, type PersonRow } from './roster-store';
import { classOrderKey } from './class-order';

export interface PeoplePage {
  /** How many people match the search, of which `people` is one page. */
  total: number;
  people: Person[];
}

export interface StatusChange {
  personId: number;
  status: string;
  reason: string;
  /** The admin, as the audit log names them. */
  by: string;
  at: Date;
}

const personColumns = `id, card, name, kind, class_name AS className, id_number AS idNumber,
  status, status_reason AS statusReason, status_set_by AS statusSetBy,
  status_set_at AS statusSetAt, imported_at AS importedAt`;

// `@pattern` is the LIKE pattern or NULL for everyone; `\` escapes % and _ typed by the admin.
const matching = `(@pattern IS NULL OR name LIKE @pattern ESCAPE '\\'
  OR card LIKE @pattern ESCAPE '\\' OR class_name LIKE @pattern ESCAPE '\\')`;

interface SearchParameters {
  pattern: string | null;
  limit: number;
  offset: number;
}

/** One page of the people matching `query` (part of a name, card or class), by class and name. */
export function searchPeople(
  db: Database,
  cipher: FieldCipher,
  query: string,
  limit: number,
  offset: number,
): PeoplePage {
  useClassOrder(db);
  const pattern = query.trim() === '' ? null : `%${escapeLike(query.trim())}%`;
  const total = db
    .prepare<[{ pattern: string | null }], { total: number }>(
      `SELECT count(*) AS total FROM people WHERE ${matching}`,
    )
    .get({ pattern });
  const rows = db
    .prepare<[SearchParameters], PersonRow>(
      `SELECT ${personColumns} FROM people WHERE ${matching}
       ORDER BY class_order(class_name), name, id LIMIT @limit OFFSET @offset`,
    )
    .all({ pattern, limit, offset });
  return { total: total?.total ?? 0, people: rows.map((row) => openPerson(cipher, row)) };
}

const withClassOrder = new WeakSet<Database>();

/** class_order(): classes as a school reads them (一年级 before 二年级), for ORDER BY. */
function useClassOrder(db: Database): void {
  if (withClassOrder.has(db)) return;
  db.function('class_order', { deterministic: true }, (name: unknown) =>
    typeof name === 'string' ? classOrderKey(name) : name,
  );
  withClassOrder.add(db);
}

/** The person with this id, or null. */
export function personById(db: Database, cipher: FieldCipher, id: number): Person | null {
  const row = storedPersonById(db, id);
  return row === null ? null : openPerson(cipher, row);
}

/** The same, with the ID number as stored (sealed): the gate carries it to the entry unopened. */
export function storedPersonById(db: Database, id: number): PersonRow | null {
  return (
    db.prepare<[number], PersonRow>(`SELECT ${personColumns} FROM people WHERE id = ?`).get(id) ??
    null
  );
}

/** Sets a status with its reason, who and when; null when there is no such person. */
export function setPersonStatus(
  db: Database,
  cipher: FieldCipher,
  change: StatusChange,
): Person | null {
  const result = db
    .prepare<[string, string, string, string, number]>(
      `UPDATE people SET status = ?, status_reason = ?, status_set_by = ?, status_set_at = ?
       WHERE id = ?`,
    )
    .run(change.status, change.reason, change.by, change.at.toISOString(), change.personId);
  return result.changes === 0 ? null : personById(db, cipher, change.personId);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
