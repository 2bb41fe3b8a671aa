// The guard's forgotten-card search over the roster: the people still on it (not 'left') by part
// of a name or class, the end of a card, or the last four characters or the whole of an ID number
// (through keyed hashes only: the numbers stay sealed). Prepared statements with parameters; it
// never returns an ID number, and never stores or logs what was typed.
import type { Database, Statement } from 'better-sqlite3';
import type { SettableStatus } from '../../contract/operations/roster-operations';
import { FieldCipherError, type FieldCipher } from '../privacy/field-cipher';
import { idNumberTailOf, likeLiteral, readLookupQuery } from './lookup-query';

/** The most people one search shows: a guard reads a short list, and types more to narrow it. */
export const lookupLimit = 12;

export interface FoundPerson {
  id: number;
  name: string;
  kind: 'student' | 'staff';
  className: string;
  /** The whole card: the handler masks it before it leaves the backend. */
  card: string;
  /** Every status but 'left' (the statuses an admin sets): people who left are never found. */
  status: SettableStatus;
}

export interface LookupResult {
  /** At most `limit`, best first: a whole ID number, an exact name, a card or ID tail, the rest. */
  people: FoundPerson[];
  /** More people match than were returned. */
  more: boolean;
}

interface SearchParameters {
  text: string;
  normalized: string;
  textPattern: string;
  normalizedPattern: string;
  cardEnd: string | null;
  idHash: string | null;
  tailHash: string | null;
  limit: number;
}

// Name, class and card need a scan (a LIKE with a leading %); the roster is a few thousand rows,
// and the two hashes are compared in the same pass. NULL parameters match nothing.
const searchSql = `
  SELECT id, name, kind, class_name AS className, card, status
  FROM people
  WHERE status IN ('active', 'isolating', 'needs-certificate')
    AND (id_number_hash = @idHash OR id_tail_hash = @tailHash
      OR name LIKE @textPattern ESCAPE '\\' OR class_name LIKE @textPattern ESCAPE '\\'
      OR name LIKE @normalizedPattern ESCAPE '\\'
      OR class_name LIKE @normalizedPattern ESCAPE '\\'
      OR card LIKE @cardEnd ESCAPE '\\')
  ORDER BY CASE
      WHEN id_number_hash = @idHash THEN 0
      WHEN name = @text OR name = @normalized THEN 1
      WHEN id_tail_hash = @tailHash OR card LIKE @cardEnd ESCAPE '\\' THEN 2
      ELSE 3
    END, class_name, name, id
  LIMIT @limit`;

const statementsOf = new WeakMap<Database, Statement<[SearchParameters], FoundPerson>>();

function searchStatement(db: Database): Statement<[SearchParameters], FoundPerson> {
  let statement = statementsOf.get(db);
  if (statement === undefined) {
    statement = db.prepare<[SearchParameters], FoundPerson>(searchSql);
    statementsOf.set(db, statement);
  }
  return statement;
}

/** The keyed hash people.id_tail_hash holds for an ID number (null without a number). */
export function idTailHash(cipher: FieldCipher, idNumber: string | null): string | null {
  const tail = idNumber === null ? null : idNumberTailOf(idNumber);
  return tail === null ? null : cipher.lookup('id-number-tail', tail);
}

/** The people on the roster matching `query`, best first; see LookupResult. */
export function findPeople(
  db: Database,
  cipher: FieldCipher,
  query: string,
  limit = lookupLimit,
): LookupResult {
  const forms = readLookupQuery(query);
  if (forms.text === '') return { people: [], more: false };
  const rows = searchStatement(db).all({
    text: forms.text,
    normalized: forms.normalized,
    textPattern: `%${likeLiteral(forms.text)}%`,
    normalizedPattern: `%${likeLiteral(forms.normalized)}%`,
    cardEnd: forms.cardSuffix === null ? null : `%${likeLiteral(forms.cardSuffix)}`,
    idHash: forms.idNumber === null ? null : cipher.lookup('id-number', forms.idNumber),
    tailHash: forms.idTail === null ? null : cipher.lookup('id-number-tail', forms.idTail),
    limit: limit + 1,
  });
  return { people: rows.slice(0, limit), more: rows.length > limit };
}

/**
 * Fills id_tail_hash where a person has an ID number but no tail hash yet (rows written before
 * migration 0170); at start, after sealPlaintext. Answers how many were filled, and takes the
 * write lock only when there are some. A number that does not open is left without one.
 */
export function fillIdTailHashes(db: Database, cipher: FieldCipher): number {
  const pending = db.prepare<[], { id: number; idNumber: string }>(
    `SELECT id, id_number AS idNumber FROM people
     WHERE id_tail_hash IS NULL AND id_number IS NOT NULL AND id_number <> ''`,
  );
  if (pending.get() === undefined) return 0;
  const update = db.prepare<[string, number]>('UPDATE people SET id_tail_hash = ? WHERE id = ?');
  const fill = db.transaction(() => {
    let count = 0;
    for (const row of pending.all()) {
      const hash = tailHashOfStored(cipher, row);
      if (hash === null) continue;
      update.run(hash, row.id);
      count += 1;
    }
    return count;
  });
  return fill.immediate();
}

function tailHashOfStored(cipher: FieldCipher, row: { id: number; idNumber: string }) {
  try {
    return idTailHash(cipher, cipher.open('id-number', row.idNumber));
  } catch (error) {
    if (!(error instanceof FieldCipherError)) throw error;
    // One altered value must not keep the gate from starting; the person is still found by name.
    console.error(`The ID number of person ${row.id} does not open: ${error.message}`);
    return null;
  }
}
