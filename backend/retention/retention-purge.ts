// Retention (docs/admin.md "Retention"): an entry's personal fields are erased once the entry is
// older than the retention period and has been uploaded to the district. With no district
// configured (upload off) nothing will ever be sent, so age alone decides: keeping a child's name,
// ID number and temperature longer than the school needs them is what PIPL art. 19 and 47 forbid.
//
// The purge sets exactly `personalColumns` to NULL ('' for card_text) and erases the chain row's
// salt in the same transaction, so the chain still verifies (migration 0130 allows only this
// update). Counts and daily reports keep their rows. The erased bytes are then really gone from
// the file: secure_delete zeroes freed space as rows shrink, VACUUM rebuilds every page (no stale
// copies left over from earlier page splits), and a TRUNCATE checkpoint empties the WAL, whose
// old frames would otherwise still hold the rows as they were written.
import type { Database } from 'better-sqlite3';
import { personalColumns } from '../integrity/chain-encoding';

export interface RetentionOptions {
  db: Database;
  /** The retention period in days (config `retention.days`). */
  days: number;
  /** No district configured: purge by age alone, since nothing will ever be uploaded. */
  uploadOff: boolean;
  now: () => Date;
  /** Entries per transaction: small, so a check never waits long for the write lock. */
  batchSize?: number;
}

export interface CompactResult {
  /** Milliseconds VACUUM and the checkpoints took. */
  ms: number;
  /** The WAL could not be emptied because another connection was reading. */
  walBusy: boolean;
}

export interface Retention {
  /** The entries due now (cut-off = now − days), oldest first; for tests and the report. */
  cutoff(): string;
  /** Purges one batch in its own transaction; answers how many entries it erased. */
  purgeBatch(afterId?: number): { purged: number; lastId: number };
  /** Purges every due entry, batch after batch (synchronously). */
  purgeAll(): number;
  /** Rebuilds the file and empties the WAL so the erased bytes are nowhere in it. */
  compact(): CompactResult;
}

const erased = personalColumns
  .map((column) => (column === 'card_text' ? "card_text = ''" : `${column} = NULL`))
  .join(', ');

/** Word for word the condition of the partial index entries_unpurged (migration 0130). */
const unpurged = personalColumns
  .map((column) => (column === 'card_text' ? "card_text <> ''" : `${column} IS NOT NULL`))
  .join(' OR ');

export function createRetention(options: RetentionOptions): Retention {
  const { db } = options;
  const batchSize = options.batchSize ?? 200;
  // The partial index entries_unpurged holds only entries with a personal field left.
  const selectDue = db.prepare<[number, string, number, number], { id: number }>(
    `SELECT e.id FROM entries e WHERE (${unpurged}) AND e.id > ? AND e.at < ?
       AND (? = 1 OR EXISTS (SELECT 1 FROM outbox o WHERE o.entry_id = e.id AND o.sent_at IS NOT NULL))
     ORDER BY e.id LIMIT ?`,
  );
  const eraseEntry = db.prepare<[number]>(`UPDATE entries SET ${erased} WHERE id = ?`);
  const eraseSalt = db.prepare<[number]>(
    'UPDATE entry_chain SET personal_salt = NULL WHERE entry_id = ?',
  );
  const purgeIds = db.transaction((ids: readonly number[]) => {
    for (const id of ids) {
      eraseEntry.run(id);
      eraseSalt.run(id);
    }
  });

  const cutoff = () => new Date(options.now().getTime() - options.days * 86_400_000).toISOString();

  function purgeBatch(afterId = 0) {
    const rows = selectDue.all(afterId, cutoff(), options.uploadOff ? 1 : 0, batchSize);
    if (rows.length === 0) return { purged: 0, lastId: afterId };
    const ids = rows.map((row) => row.id);
    withSecureDelete(db, () => purgeIds(ids));
    return { purged: ids.length, lastId: ids[ids.length - 1] ?? afterId };
  }

  return {
    cutoff,
    purgeBatch,
    purgeAll() {
      let total = 0;
      let lastId = 0;
      for (;;) {
        const batch = purgeBatch(lastId);
        if (batch.purged === 0) return total;
        total += batch.purged;
        lastId = batch.lastId;
      }
    },
    compact: () => compact(db),
  };
}

/** Runs `work` with PRAGMA secure_delete on, then puts the connection's setting back. */
export function withSecureDelete(db: Database, work: () => void): void {
  const before = Number(db.pragma('secure_delete', { simple: true }));
  db.pragma('secure_delete = ON');
  try {
    work();
  } finally {
    db.pragma(`secure_delete = ${before === 0 ? 'OFF' : 'ON'}`);
  }
}

/** VACUUM (with secure_delete on), then a TRUNCATE checkpoint: the WAL ends empty. */
export function compact(db: Database): CompactResult {
  const started = performance.now();
  let walBusy = false;
  withSecureDelete(db, () => {
    checkpoint(db);
    db.exec('VACUUM');
    walBusy = checkpoint(db);
  });
  return { ms: performance.now() - started, walBusy };
}

/** Answers true when a reader kept the checkpoint from finishing. */
function checkpoint(db: Database): boolean {
  const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  return row !== undefined && row.busy !== 0;
}
