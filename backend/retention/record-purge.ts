// Retention for the records beside the entry log (docs/admin.md "Retention"): appointments whose
// visit ended, walk-in requests, courier drop-offs and closed fever cases lose their personal
// fields once older than the retention period. None of them goes to the district, so age alone
// decides. It never deletes a row and never erases a column migration 0150 does not name: the rows,
// and so every count per day, stay.
import type { Database } from 'better-sqlite3';
import { withSecureDelete } from './retention-purge';

export const recordKinds = [
  'appointments',
  'walkInRequests',
  'courierDropOffs',
  'feverCases',
] as const;
export type RecordKind = (typeof recordKinds)[number];
export type RecordCounts = Record<RecordKind, number>;

export interface RecordTable {
  table: string;
  /** What makes a record old: the visit's end, the request, the drop-off, the case's closing. */
  age: string;
  /** Exactly the columns 0150 lets the purge erase; its CHECKs want all of them NULL at once. */
  erased: readonly string[];
}

export const recordTables: Record<RecordKind, RecordTable> = {
  appointments: {
    table: 'appointments',
    age: 'valid_to',
    erased: [
      'visitor_name',
      'document_number',
      'document_number_hash',
      'phone',
      'phone_hash',
      'vehicle_plate',
      'pass_token',
      'revoke_reason',
    ],
  },
  walkInRequests: {
    table: 'walk_in_requests',
    age: 'created_at',
    erased: [
      'visitor_name',
      'document_number',
      'document_number_hash',
      'phone',
      'phone_hash',
      'decline_reason',
    ],
  },
  courierDropOffs: {
    table: 'courier_drop_offs',
    age: 'at',
    erased: ['courier_name', 'phone', 'phone_hash', 'recipient', 'note'],
  },
  feverCases: { table: 'fever_cases', age: 'closed_at', erased: ['outcome_note'] },
};

/** A purged fever case's events lose these (0150's trigger allows no other change). */
export const feverEventColumns = ['person', 'note'] as const;

export interface RecordPurgeOptions {
  db: Database;
  /** The retention period in days (config `retention.days`). */
  days: number;
  now: () => Date;
  /** Records per transaction: small, so a check never waits long for the write lock. */
  batchSize?: number;
}

export interface RecordPurge {
  /** Records older than this (ISO time) are due. */
  cutoff(): string;
  /** Purges one batch of `kind` in its own transaction; answers how many records it erased. */
  purgeBatch(kind: RecordKind): number;
  /** Purges every due record, batch after batch (synchronously). */
  purgeAll(): RecordCounts;
}

type Key = string | number;
/** One batch of one kind, in an immediate transaction: purged_at, and the cut-off. */
type Batch = (at: string, before: string) => number;

export function createRecordPurge(options: RecordPurgeOptions): RecordPurge {
  const { db } = options;
  const cutoff = () => new Date(options.now().getTime() - options.days * 86_400_000).toISOString();
  const prepare = (kind: RecordKind) => prepareBatch(db, kind, options.batchSize ?? 200);
  const batches: Record<RecordKind, Batch> = {
    appointments: prepare('appointments'),
    walkInRequests: prepare('walkInRequests'),
    courierDropOffs: prepare('courierDropOffs'),
    feverCases: prepare('feverCases'),
  };

  function purgeBatch(kind: RecordKind): number {
    let count = 0;
    const at = options.now().toISOString();
    withSecureDelete(db, () => {
      count = batches[kind](at, cutoff());
    });
    return count;
  }

  return {
    cutoff,
    purgeBatch,
    purgeAll() {
      const counts = { appointments: 0, walkInRequests: 0, courierDropOffs: 0, feverCases: 0 };
      for (const kind of recordKinds) {
        for (let erased = purgeBatch(kind); erased > 0; erased = purgeBatch(kind)) {
          counts[kind] += erased;
        }
      }
      return counts;
    },
  };
}

/** The due records of a kind, oldest first: `?` the cut-off, `?` the batch size. */
export function dueSql(kind: RecordKind): string {
  const { table, age } = recordTables[kind];
  // Word for word the condition of the partial index <table>_unpurged (0150), so the planner
  // reads only the records not yet purged, oldest first.
  const closed = kind === 'feverCases' ? `${age} IS NOT NULL AND ` : '';
  return `SELECT id AS key FROM ${table} WHERE ${closed}purged_at IS NULL AND ${age} < ?
    ORDER BY ${age} LIMIT ?`;
}

function prepareBatch(db: Database, kind: RecordKind, batchSize: number): Batch {
  const { table, erased } = recordTables[kind];
  const due = db.prepare<[string, number], { key: Key }>(dueSql(kind));
  // `purged_at IS NULL` again: a record another connection purged meanwhile is skipped, never
  // touched twice (0150 refuses any change to a purged record).
  const erase = db.prepare<[string, Key]>(
    `UPDATE ${table} SET ${erased.map((column) => `${column} = NULL`).join(', ')}, purged_at = ?
     WHERE id = ? AND purged_at IS NULL`,
  );
  const eraseEvents = db.prepare<[Key]>(
    `UPDATE fever_case_events SET ${feverEventColumns.map((column) => `${column} = NULL`).join(', ')}
     WHERE case_id = ? AND (${feverEventColumns.map((column) => `${column} IS NOT NULL`).join(' OR ')})`,
  );
  const batch = db.transaction((at: string, before: string): number => {
    let count = 0;
    for (const { key } of due.all(before, batchSize)) {
      if (kind === 'feverCases') eraseEvents.run(key);
      count += erase.run(at, key).changes;
    }
    return count;
  });
  return (at, before) => batch.immediate(at, before);
}
