// Writes the entry chain: a chain row for every entry not yet chained, oldest first, hashed from
// the row as it is stored. Called inside the entry log's append transaction (so an entry never
// commits without its chain row) and once at start for entries written before the chain existed.
// Never rewrites a chain row; never chains an entry older than the newest chained one.
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { SqlValue } from './chain-encoding';
import {
  allChainColumns,
  chainHash,
  genesisHash,
  personalDigest,
  splitChainRow,
} from './chain-encoding';

const batchSize = 1000;

interface ChainHead {
  seq: number;
  entry_id: number;
  hash: string;
}

/**
 * The chained, personal and extension columns, for a SELECT in that order (`prefix`: a table
 * alias and dot). A file from before an extension column existed reads it as NULL, as the rows
 * written then were hashed.
 */
export function entryColumnList(db: Database, prefix = ''): string {
  const present = new Set(
    db
      .prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)')
      .all('entries')
      .map((column) => column.name),
  );
  return allChainColumns
    .map((name) => (present.has(name) ? `${prefix}${name}` : 'NULL'))
    .join(', ');
}

export function createEntryChain(db: Database) {
  const selectHead = db.prepare<[], ChainHead>(
    'SELECT seq, entry_id, hash FROM entry_chain ORDER BY seq DESC LIMIT 1',
  );
  const selectPending = db
    .prepare<[number], SqlValue[]>(
      `SELECT ${entryColumnList(db)} FROM entries WHERE id > ? ORDER BY id LIMIT ${batchSize}`,
    )
    .raw(true);
  const selectNewest = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM entries');
  const insert = db.prepare<[number, number, Buffer, string, string, string]>(
    `INSERT INTO entry_chain (seq, entry_id, personal_salt, personal_digest, previous_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );

  /** Chains every entry newer than the chain's head; the caller holds the write transaction. */
  function chainPending(): number {
    const head = selectHead.get();
    let seq = head?.seq ?? 0;
    let previous = head?.hash ?? genesisHash;
    let after = head?.entry_id ?? 0;
    let count = 0;
    // In batches: an upgraded kiosk may hold a million unchained entries.
    for (let rows = selectPending.all(after); rows.length > 0; rows = selectPending.all(after)) {
      for (const row of rows) {
        const { chained, personal } = splitChainRow(row);
        const salt = randomBytes(32);
        const digest = personalDigest(salt, personal);
        const hash = chainHash(previous, chained, digest);
        after = Number(row[0]);
        seq += 1;
        insert.run(seq, after, salt, digest, previous, hash);
        previous = hash;
      }
      count += rows.length;
    }
    return count;
  }

  const chainAtStart = db.transaction(chainPending);

  return {
    chainPending,
    /**
     * At start: chains the entries an older program version wrote, in one transaction.
     * Answers how many; does not take the write lock when there are none.
     */
    chainUnchained(): number {
      const newest = selectNewest.get()?.id ?? null;
      if (newest === null || (selectHead.get()?.entry_id ?? 0) >= newest) return 0;
      return chainAtStart.immediate();
    },
  };
}

export type EntryChain = ReturnType<typeof createEntryChain>;
