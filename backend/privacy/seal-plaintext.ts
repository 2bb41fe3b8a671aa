// At start, after the migrations: seals the ID, document and phone numbers an older version
// stored in plain text, and fills their lookup hashes. Runs before the entry chain is extended,
// so entries not chained yet are sealed first; chained entries keep their plain text until the
// retention purge erases it (migration 0140 says why). Never touches a value already sealed.
import type { Database } from 'better-sqlite3';
import { validateIdNumber } from '../../contract/id-number';
import { withSecureDelete } from '../retention/retention-purge';
import { isSealed, type FieldCipher, type FieldKind } from './field-cipher';

interface SealedColumn {
  table: string;
  key: string;
  column: string;
  kind: FieldKind;
  /** The lookup hash's column, when the table has one. */
  hash: string | null;
}

/** Every sealed column; the lookup hash sits beside it in the same row. */
export const sealedColumns: readonly SealedColumn[] = [
  { table: 'people', key: 'id', column: 'id_number', kind: 'id-number', hash: 'id_number_hash' },
  {
    table: 'appointments',
    key: 'id',
    column: 'document_number',
    kind: 'document-number',
    hash: 'document_number_hash',
  },
  { table: 'appointments', key: 'id', column: 'phone', kind: 'phone', hash: 'phone_hash' },
  {
    table: 'walk_in_requests',
    key: 'id',
    column: 'document_number',
    kind: 'document-number',
    hash: 'document_number_hash',
  },
  { table: 'walk_in_requests', key: 'id', column: 'phone', kind: 'phone', hash: 'phone_hash' },
  { table: 'courier_drop_offs', key: 'id', column: 'phone', kind: 'phone', hash: 'phone_hash' },
  { table: 'entries', key: 'id', column: 'id_number', kind: 'id-number', hash: null },
];

/** Answers how many values were sealed; takes the write lock only when there are some. */
export function sealPlaintext(db: Database, cipher: FieldCipher): number {
  const work = sealedColumns.map((target) => {
    // Entries: only those the chain has not hashed yet (the 0140 trigger allows no others). The
    // chain goes in id order, so they are the ids after its head: a range, not a million rows.
    const unchained =
      target.table === 'entries'
        ? ' AND id > (SELECT coalesce(max(entry_id), 0) FROM entry_chain)'
        : '';
    const select = db.prepare<[], { key: string | number; value: string }>(
      `SELECT ${target.key} AS key, ${target.column} AS value FROM ${target.table}
       WHERE ${target.column} IS NOT NULL AND substr(${target.column}, 1, 5) IS NOT 'enc1:'
       ${unchained}`,
    );
    const withHash = db.prepare<[string, string, string | number]>(
      `UPDATE ${target.table} SET ${target.column} = ?, ${target.hash ?? target.column} = ?
       WHERE ${target.key} = ?`,
    );
    const withoutHash = db.prepare<[string, string | number]>(
      `UPDATE ${target.table} SET ${target.column} = ? WHERE ${target.key} = ?`,
    );
    const write = (plain: string, key: string | number) => {
      const sealed = cipher.seal(target.kind, plain);
      if (target.hash === null) withoutHash.run(sealed, key);
      else withHash.run(sealed, cipher.lookup(target.kind, plain), key);
    };
    return { select, write };
  });
  const pending = () => work.some(({ select }) => select.get() !== undefined);
  if (!pending()) return 0;
  const sealAll = db.transaction(() => {
    let count = 0;
    for (const { select, write } of work) {
      for (const row of select.all()) {
        if (row.value === '' || isSealed(row.value)) continue;
        write(row.value, row.key);
        count += 1;
      }
    }
    return count;
  });
  // secure_delete: the plain bytes an update moves out of a cell are zeroed, not left in free
  // space; the caller still has the file vacuumed (the old copies in the WAL and in pages freed
  // by the migrations go then).
  let count = 0;
  withSecureDelete(db, () => (count = sealAll.immediate()));
  return count;
}

/**
 * Values still in plain text, per `table.column` (only those with any): for `npm run verify`.
 * Reads only; a database from before 0140 has no hash columns but the same number columns.
 * `entries.card_text` counts the card texts that are ID numbers, written before such a card text
 * was sealed; chained, they keep their text until the retention purge, like `id_number`.
 */
export function plainTextCounts(db: Database): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const target of sealedColumns) {
    const count = db
      .prepare<[], number>(
        `SELECT count(*) FROM ${target.table}
         WHERE ${target.column} IS NOT NULL AND ${target.column} <> ''
           AND substr(${target.column}, 1, 5) IS NOT 'enc1:'`,
      )
      .pluck()
      .get();
    if (count) counts[`${target.table}.${target.column}`] = count;
  }
  // An ID number is 18 characters, a Home Return Permit 9: only those lengths are looked at.
  const cardTexts = db
    .prepare<[], string>(
      `SELECT card_text FROM entries WHERE length(card_text) IN (9, 18)
         AND substr(card_text, 1, 5) IS NOT 'enc1:'`,
    )
    .pluck()
    .all()
    .filter((text) => validateIdNumber(text).ok).length;
  if (cardTexts > 0) counts['entries.card_text'] = cardTexts;
  return counts;
}
