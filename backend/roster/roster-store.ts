// The roster in SQLite: importing a checked list of people in one transaction, and the card
// lookup the gate runs for every person in the morning rush. Only prepared statements with
// parameters; never deletes a person, because entries point at people(id): someone taken off
// the roster gets the status 'left' instead. ID numbers are stored sealed, never in the clear.
import type { Database, Statement } from 'better-sqlite3';
import type { PersonKind } from '../../contract/api';
import { openNullable, sealNullable, type FieldCipher } from '../privacy/field-cipher';
import { idTailHash } from './person-lookup';
import type { RosterPerson } from './roster-csv';
import type { RosterColumn } from './roster-messages';

export interface Person {
  id: number;
  card: string;
  name: string;
  kind: PersonKind;
  className: string;
  idNumber: string | null;
  /** active, isolating, needs-certificate, or left (taken off the roster). */
  status: string;
  /** Why the status was set, who set it and when; null until an admin or an import sets one. */
  statusReason: string | null;
  statusSetBy: string | null;
  statusSetAt: string | null;
  importedAt: string;
}

export interface RosterImportCounts {
  added: number;
  updated: number;
  unchanged: number;
  /** People not in the file marked as left (only when the import was asked to). */
  left: number;
}

export interface RosterImportOptions {
  /** Marks everyone on the roster but not in this file as left. Off by default: a file may hold one grade. */
  markMissingAsLeft?: boolean;
  /** Who imports, for the status of people marked as left or back on the roster. */
  by?: string;
}

/** The hot query at the gate; people.card is UNIQUE, so this is a search of its index. */
export const personByCardSql = `
  SELECT id, card, name, kind, class_name AS className, id_number AS idNumber, status,
         status_reason AS statusReason, status_set_by AS statusSetBy,
         status_set_at AS statusSetAt, imported_at AS importedAt
  FROM people WHERE card = ?`;

// kind is one of PersonKind: the CHECK constraint on people.kind guarantees it. idNumber is
// the stored (sealed) form until openPerson() has opened it.
export type PersonRow = Person;

/** A row as stored, with its ID number opened. */
export function openPerson(cipher: FieldCipher, row: PersonRow): Person {
  return { ...row, idNumber: openNullable(cipher, 'id-number', row.idNumber) };
}

/**
 * What people.id_number, id_number_hash and id_tail_hash store for a roster file's ID number:
 * the tail hash is how the guard's forgotten-card search finds its last four characters.
 */
function sealedIdNumber(cipher: FieldCipher, idNumber: string | null) {
  return {
    sealed: sealNullable(cipher, 'id-number', idNumber),
    hash: idNumber === null ? null : cipher.lookup('id-number', idNumber),
    tailHash: idTailHash(cipher, idNumber),
  };
}

type SealedColumns = [string | null, string | null, string | null];

interface RosterStatements {
  byCard: Statement<[string], PersonRow>;
  insert: Statement<[string, string, PersonKind, string, ...SealedColumns, string]>;
  update: Statement<[string, PersonKind, string, ...SealedColumns, string, number]>;
  touch: Statement<[string, number]>;
  setStatus: Statement<[string, string | null, string | null, string, number]>;
  count: Statement<[], { count: number }>;
  all: Statement<[], PersonRow>;
}

// Prepared once per connection: preparing is most of the cost of a query this small.
const statementsOf = new WeakMap<Database, RosterStatements>();

function statements(db: Database): RosterStatements {
  const cached = statementsOf.get(db);
  if (cached !== undefined) {
    return cached;
  }
  const prepared: RosterStatements = {
    byCard: db.prepare<[string], PersonRow>(personByCardSql),
    insert: db.prepare(
      `INSERT INTO people (card, name, kind, class_name, id_number, id_number_hash,
         id_tail_hash, imported_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    update: db.prepare(
      `UPDATE people SET name = ?, kind = ?, class_name = ?, id_number = ?, id_number_hash = ?,
         id_tail_hash = ?, imported_at = ?
       WHERE id = ?`,
    ),
    touch: db.prepare('UPDATE people SET imported_at = ? WHERE id = ?'),
    setStatus: db.prepare(
      `UPDATE people SET status = ?, status_reason = ?, status_set_by = ?, status_set_at = ?
       WHERE id = ?`,
    ),
    count: db.prepare<[], { count: number }>('SELECT count(*) AS count FROM people'),
    all: db.prepare<[], PersonRow>(
      `SELECT id, card, name, kind, class_name AS className, id_number AS idNumber, status,
              status_reason AS statusReason, status_set_by AS statusSetBy,
              status_set_at AS statusSetAt, imported_at AS importedAt
       FROM people ORDER BY id`,
    ),
  };
  statementsOf.set(db, prepared);
  return prepared;
}

/** The person holding this card, or null. Surrounding spaces (from a scanner) are ignored. */
export function findPersonByCard(db: Database, cipher: FieldCipher, card: string): Person | null {
  const row = findStoredPersonByCard(db, card);
  return row === null ? null : openPerson(cipher, row);
}

/** The same, with the ID number as stored (sealed): the gate carries it to the entry unopened. */
export function findStoredPersonByCard(db: Database, card: string): PersonRow | null {
  return statements(db).byCard.get(card.trim()) ?? null;
}

export function countPeople(db: Database): number {
  return statements(db).count.get()?.count ?? 0;
}

/** Everyone on the roster, in the order they were first imported (for the import preview). */
export function listPeople(db: Database, cipher: FieldCipher): Person[] {
  return statements(db)
    .all.all()
    .map((row) => openPerson(cipher, row));
}

/**
 * Writes a checked roster in one transaction: upsert by card. A known card keeps its person id
 * (entries reference people(id)) and gets the file's name, kind, class and ID number; its status
 * (isolating, needs a certificate …) is the admin's and is kept, except that someone marked as
 * left who is in the file again is back on the roster (active). People not in the file are left
 * alone unless `markMissingAsLeft`: a file may hold one grade only, and taking a person off the
 * roster is a deliberate act. Every person in the file gets imported_at = now.
 */
export function importRoster(
  db: Database,
  cipher: FieldCipher,
  people: readonly RosterPerson[],
  now: Date,
  options: RosterImportOptions = {},
): RosterImportCounts {
  const prepared = statements(db);
  const importedAt = now.toISOString();
  const by = options.by ?? null;
  const write = db.transaction((list: readonly RosterPerson[]): RosterImportCounts => {
    const counts: RosterImportCounts = { added: 0, updated: 0, unchanged: 0, left: 0 };
    const inFile = new Set<string>();
    for (const person of list) {
      inFile.add(person.card);
      const row = prepared.byCard.get(person.card);
      if (row === undefined) {
        const { sealed, hash, tailHash } = sealedIdNumber(cipher, person.idNumber);
        prepared.insert.run(
          person.card,
          person.name,
          person.kind,
          person.className,
          sealed,
          hash,
          tailHash,
          importedAt,
        );
        counts.added += 1;
        continue;
      }
      // Compared opened: two seals of one number differ (a fresh nonce each time).
      const existing = openPerson(cipher, row);
      if (existing.status === 'left') {
        prepared.setStatus.run('active', null, by, importedAt, existing.id);
      }
      if (isSamePerson(existing, person)) {
        prepared.touch.run(importedAt, existing.id);
        counts.unchanged += 1;
      } else {
        const { sealed, hash, tailHash } = sealedIdNumber(cipher, person.idNumber);
        prepared.update.run(
          person.name,
          person.kind,
          person.className,
          sealed,
          hash,
          tailHash,
          importedAt,
          existing.id,
        );
        counts.updated += 1;
      }
    }
    if (options.markMissingAsLeft === true) {
      for (const person of prepared.all.all()) {
        if (inFile.has(person.card) || person.status === 'left') continue;
        prepared.setStatus.run('left', null, by, importedAt, person.id);
        counts.left += 1;
      }
    }
    return counts;
  });
  return write.immediate(people);
}

/** Same details and still on the roster: a person back from 'left' counts as a change. */
function isSamePerson(existing: Person, person: RosterPerson): boolean {
  return existing.status !== 'left' && rosterFieldsChanged(existing, person).length === 0;
}

/**
 * Which of the columns a roster file sets differ between the stored person and the file's.
 * The import and its preview both use this, so "changed" in the preview is what the import
 * will update. Status and imported_at are not columns of the file. `existing` must be opened
 * (openPerson): a sealed ID number never equals a plain one.
 */
export function rosterFieldsChanged(existing: Person, person: RosterPerson): RosterColumn[] {
  const fields: RosterColumn[] = [];
  if (existing.name !== person.name) fields.push('name');
  if (existing.kind !== person.kind) fields.push('kind');
  if (existing.className !== person.className) fields.push('className');
  if (existing.idNumber !== person.idNumber) fields.push('idNumber');
  return fields;
}
