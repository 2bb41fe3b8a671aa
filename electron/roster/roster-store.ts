// The roster in SQLite: importing a checked list of people in one transaction, and the card
// lookup the gate runs for every person in the morning rush. Only prepared statements with
// parameters; never deletes a person, because entries point at people(id).
import type { Database, Statement } from 'better-sqlite3';
import type { PersonKind } from '../contract/api';
import type { RosterPerson } from './roster-csv';
import type { RosterColumn } from './roster-messages';

export interface Person {
  id: number;
  card: string;
  name: string;
  kind: PersonKind;
  className: string;
  idNumber: string | null;
  status: string;
  importedAt: string;
}

export interface RosterImportCounts {
  added: number;
  updated: number;
  unchanged: number;
}

/** The hot query at the gate; people.card is UNIQUE, so this is a search of its index. */
export const personByCardSql = `
  SELECT id, card, name, kind, class_name AS className, id_number AS idNumber, status,
         imported_at AS importedAt
  FROM people WHERE card = ?`;

// kind is one of PersonKind: the CHECK constraint on people.kind guarantees it.
type PersonRow = Person;

interface RosterStatements {
  byCard: Statement<[string], PersonRow>;
  insert: Statement<[string, string, PersonKind, string, string | null, string]>;
  update: Statement<[string, PersonKind, string, string | null, string, number]>;
  touch: Statement<[string, number]>;
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
      `INSERT INTO people (card, name, kind, class_name, id_number, imported_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    update: db.prepare(
      `UPDATE people SET name = ?, kind = ?, class_name = ?, id_number = ?, imported_at = ?
       WHERE id = ?`,
    ),
    touch: db.prepare('UPDATE people SET imported_at = ? WHERE id = ?'),
    count: db.prepare<[], { count: number }>('SELECT count(*) AS count FROM people'),
    all: db.prepare<[], PersonRow>(
      `SELECT id, card, name, kind, class_name AS className, id_number AS idNumber, status,
              imported_at AS importedAt
       FROM people ORDER BY id`,
    ),
  };
  statementsOf.set(db, prepared);
  return prepared;
}

/** The person holding this card, or null. Surrounding spaces (from a scanner) are ignored. */
export function findPersonByCard(db: Database, card: string): Person | null {
  return statements(db).byCard.get(card.trim()) ?? null;
}

export function countPeople(db: Database): number {
  return statements(db).count.get()?.count ?? 0;
}

/** Everyone on the roster, in the order they were first imported (for the import preview). */
export function listPeople(db: Database): Person[] {
  return statements(db).all.all();
}

/**
 * Writes a checked roster in one transaction: upsert by card. A known card keeps its person id
 * (entries reference people(id)) and gets the file's name, kind, class and ID number; its status
 * (isolating, needs a certificate …) is the admin's and is kept. People not in the file are left
 * alone: a file may hold one grade only, and removing a person is a separate, deliberate act.
 * Every person in the file gets imported_at = now, so "not in the latest file" stays answerable.
 */
export function importRoster(
  db: Database,
  people: readonly RosterPerson[],
  now: Date,
): RosterImportCounts {
  const prepared = statements(db);
  const importedAt = now.toISOString();
  const write = db.transaction((list: readonly RosterPerson[]): RosterImportCounts => {
    const counts: RosterImportCounts = { added: 0, updated: 0, unchanged: 0 };
    for (const person of list) {
      const existing = prepared.byCard.get(person.card);
      if (existing === undefined) {
        prepared.insert.run(
          person.card,
          person.name,
          person.kind,
          person.className,
          person.idNumber,
          importedAt,
        );
        counts.added += 1;
      } else if (isSamePerson(existing, person)) {
        prepared.touch.run(importedAt, existing.id);
        counts.unchanged += 1;
      } else {
        prepared.update.run(
          person.name,
          person.kind,
          person.className,
          person.idNumber,
          importedAt,
          existing.id,
        );
        counts.updated += 1;
      }
    }
    return counts;
  });
  return write.immediate(people);
}

function isSamePerson(existing: Person, person: RosterPerson): boolean {
  return rosterFieldsChanged(existing, person).length === 0;
}

/**
 * Which of the columns a roster file sets differ between the stored person and the file's.
 * The import and its preview both use this, so "changed" in the preview is what the import
 * will update. Status and imported_at are not columns of the file.
 */
export function rosterFieldsChanged(existing: Person, person: RosterPerson): RosterColumn[] {
  const fields: RosterColumn[] = [];
  if (existing.name !== person.name) fields.push('name');
  if (existing.kind !== person.kind) fields.push('kind');
  if (existing.className !== person.className) fields.push('className');
  if (existing.idNumber !== person.idNumber) fields.push('idNumber');
  return fields;
}
