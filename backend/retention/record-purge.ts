// Retention for the records beside the entry log (docs/admin.md "Retention"): appointments whose
// visit ended, walk-in requests, courier drop-offs, closed fever cases, ended absences (with
// their follow-up calls) and return-to-school certificates lose their personal fields once older
// than the retention period. None of them goes to the district as it is, so age alone decides.
// It never deletes a row and never erases a column migrations 0150 and 0220 do not name: the
// rows, and so every count per day (the daily report's absence counts too), stay. An absence
// still open is never purged, however long ago it began.
import type { Database } from 'better-sqlite3';
import { withSecureDelete } from './retention-purge';

export const recordKinds = [
  'appointments',
  'walkInRequests',
  'courierDropOffs',
  'feverCases',
  'absences',
  'returnCertificates',
] as const;
export type RecordKind = (typeof recordKinds)[number];
export type RecordCounts = Record<RecordKind, number>;

export interface RecordTable {
  table: string;
  /**
   * What makes a record old: the visit's end, the request, the drop-off, the case's closing,
   * the absence's end, the certificate's recording.
   */
  age: string;
  /** Exactly the columns 0150 (0220) lets the purge erase; its CHECKs want them all NULL at once. */
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
  // Who it was and everything written about them; class, cause, the days and who recorded it
  // stay, and so the day's counts. The reading and the fever case stay linked (the case is
  // purged on its own).
  absences: {
    table: 'absences',
    age: 'ended_at',
    erased: ['person_id', 'name', 'symptoms', 'note', 'ended_note'],
  },
  // The file's type stays (0220 allows it): it says no more than that a scan was kept.
  returnCertificates: {
    table: 'return_certificates',
    age: 'recorded_at',
    erased: ['person_id', 'issuer', 'scan'],
  },
};

/** A purged fever case's events lose these (0150's trigger allows no other change). */
export const feverEventColumns = ['person', 'note'] as const;
/** A purged absence's follow-up calls lose these, and are marked purged (0220). */
export const followUpColumns = ['contact', 'note'] as const;

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
  const batches = Object.fromEntries(recordKinds.map((kind) => [kind, prepare(kind)])) as Record<
    RecordKind,
    Batch
  >;

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
      const counts = Object.fromEntries(recordKinds.map((kind) => [kind, 0])) as RecordCounts;
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
  // Word for word the condition of the partial index <table>_unpurged (0150, 0220), so the
  // planner reads only the records not yet purged, oldest first. An open absence has no
  // ended_at, so `ended_at < ?` never takes it.
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
  const eraseFollowUps = db.prepare<[string, Key]>(
    `UPDATE absence_follow_ups SET ${followUpColumns.map((column) => `${column} = NULL`).join(', ')},
       purged_at = ? WHERE absence_id = ? AND purged_at IS NULL`,
  );
  const batch = db.transaction((at: string, before: string): number => {
    let count = 0;
    for (const { key } of due.all(before, batchSize)) {
      if (kind === 'feverCases') eraseEvents.run(key);
      if (kind === 'absences') eraseFollowUps.run(at, key);
      count += erase.run(at, key).changes;
    }
    return count;
  });
  return (at, before) => batch.immediate(at, before);
}
