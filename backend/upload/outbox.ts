// The outbox as the uploader sees it: entries waiting for the district, grouped into batches
// that are written down before they are sent (so a resend after a crash is the same batch),
// marked sent only when the district has stored them, or set aside with the district's reason.
// Every change is one transaction; nothing here talks to the network.
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { QuarantinedBatch } from '../../contract/schemas';
import { openCardText } from '../entries/entry-log';
import { prepareEntryRead, type StoredEntry } from '../entries/entry-rows';
import { openNullable, type FieldCipher } from '../privacy/field-cipher';

/** One entry as the district receives it (docs/district-protocol.md). */
export interface DistrictRecord {
  id: string;
  sequence: number;
  at: string;
  direction: string;
  decision: string;
  reasons: unknown;
  cardText: string;
  person: { name: string; kind: string; className: string; idNumber: string | null } | null;
  temperature: {
    celsius: number;
    method: string;
    source: string | null;
    measuredBy: string | null;
  } | null;
  policyVersion: number;
  followsRecordId: string | null;
  /**
   * The gate the record was made at, only when that is not this kiosk's own: a school hub
   * uploading for its gates (docs/district-protocol.md, docs/school-hub.md).
   */
  gateId?: string;
}

export interface Batch {
  id: string;
  records: DistrictRecord[];
  first: number;
  last: number;
  attempts: number;
}

export interface OutboxCounts {
  pending: number;
  oldestPendingAt: string | null;
  quarantined: number;
}

export interface BatchLimits {
  records: number;
  /** JSON bytes of the records, before gzip. */
  bytes: number;
}

/** The protocol's limits: at most 500 records and 1 MiB of JSON per batch. */
export const defaultBatchLimits: BatchLimits = { records: 500, bytes: 1024 * 1024 };

export function createOutbox(
  db: Database,
  cipher: FieldCipher,
  limits: BatchLimits = defaultBatchLimits,
  /** This kiosk's own gate: a record made at another (a hub's gates') names its gate. */
  ownGateId: string | null = null,
) {
  const installationId = readInstallationId(db);
  const waiting = 'outbox o JOIN entries e ON e.id = o.entry_id';
  const selectUnbatched = prepareEntryRead<[number]>(
    db,
    'WHERE o.batch_id IS NULL AND o.sent_at IS NULL ORDER BY o.id LIMIT ?',
    waiting,
  );
  const selectBatchEntries = prepareEntryRead<[string]>(
    db,
    'WHERE o.batch_id = ? ORDER BY o.id',
    waiting,
  );
  const selectPendingBatch = db.prepare<[], { id: string; attempts: number }>(
    "SELECT id, attempts FROM upload_batches WHERE state = 'pending' ORDER BY created_at, id LIMIT 1",
  );
  const insertBatch = db.prepare(
    `INSERT INTO upload_batches (id, created_at, first_entry_id, last_entry_id, records, state)
     VALUES (?, ?, ?, ?, ?, 'pending')`,
  );
  const claimRows = db.prepare(
    `UPDATE outbox SET batch_id = ? WHERE batch_id IS NULL AND sent_at IS NULL
       AND entry_id IN (SELECT value FROM json_each(?))`,
  );
  const markRowsSent = db.prepare('UPDATE outbox SET sent_at = ? WHERE batch_id = ?');
  const markBatch = db.prepare(
    "UPDATE upload_batches SET state = 'sent', sent_at = ?, last_error = NULL WHERE id = ?",
  );
  const noteAttempt = db.prepare(
    'UPDATE upload_batches SET attempts = attempts + 1, last_error = ? WHERE id = ?',
  );
  const quarantineBatch = db.prepare(
    "UPDATE upload_batches SET state = 'quarantined', quarantine_reason = ? WHERE id = ?",
  );
  const releaseBatch = db.prepare(
    `UPDATE upload_batches SET state = 'pending', attempts = 0, quarantine_reason = NULL
     WHERE id = ? AND state = 'quarantined'`,
  );
  const selectQuarantined = db.prepare<[], QuarantinedBatch>(
    `SELECT id, created_at AS createdAt, records, first_entry_id AS firstEntryId,
       last_entry_id AS lastEntryId, quarantine_reason AS reason
     FROM upload_batches WHERE state = 'quarantined' ORDER BY created_at`,
  );
  const countPending = db.prepare<[], { pending: number }>(
    'SELECT count(*) AS pending FROM outbox WHERE sent_at IS NULL',
  );
  // The waiting rows' own index, read from its first entry: no scan however long the queue.
  const selectOldest = db.prepare<[], { created_at: string }>(
    'SELECT created_at FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT 1',
  );
  // The records a new batch would take, by the waiting rows' own index: as cheap as a batch.
  const selectGathering = db.prepare<[number], { count: number; oldest: string | null }>(
    `SELECT count(*) AS count, min(created_at) AS oldest FROM (
       SELECT created_at FROM outbox WHERE batch_id IS NULL AND sent_at IS NULL ORDER BY id LIMIT ?)`,
  );
  const countQuarantined = db.prepare<[], { quarantined: number }>(
    "SELECT count(*) AS quarantined FROM upload_batches WHERE state = 'quarantined'",
  );

  const toRecord = (entry: StoredEntry) => {
    const record = districtRecord(entry, installationId, cipher);
    return ownGateId === null || entry.gateId === ownGateId
      ? record
      : { ...record, gateId: entry.gateId };
  };

  const form = db.transaction((now: Date): Batch | null => {
    const rows = selectUnbatched.all(limits.records);
    const records: DistrictRecord[] = [];
    let bytes = 2;
    for (const row of rows) {
      const record = toRecord(row);
      const size = Buffer.byteLength(JSON.stringify(record)) + 1;
      if (records.length > 0 && bytes + size > limits.bytes) break;
      records.push(record);
      bytes += size;
    }
    const first = records[0];
    const last = records.at(-1);
    if (first === undefined || last === undefined) return null;
    const id = randomUUID();
    insertBatch.run(id, now.toISOString(), first.sequence, last.sequence, records.length);
    claimRows.run(id, JSON.stringify(records.map((record) => record.sequence)));
    return { id, records, first: first.sequence, last: last.sequence, attempts: 0 };
  });

  return {
    installationId,

    /**
     * The batch to send now: the oldest one formed and not yet acknowledged (a resend, the
     * same id and records), else a new one from the oldest waiting entries; null when
     * nothing waits.
     */
    next(now: Date): Batch | null {
      const pending = selectPendingBatch.get();
      if (pending !== undefined) {
        const records = selectBatchEntries.all(pending.id).map(toRecord);
        const first = records[0];
        const last = records.at(-1);
        if (first !== undefined && last !== undefined) {
          return {
            id: pending.id,
            records,
            first: first.sequence,
            last: last.sequence,
            attempts: pending.attempts,
          };
        }
      }
      return form(now);
    },

    /** A batch is formed and waits for the district's receipt (it is sent before new ones). */
    hasFormedBatch: (): boolean => selectPendingBatch.get() !== undefined,

    /**
     * The records waiting for a new batch: when the oldest was written, and whether they
     * already fill a batch's record limit.
     */
    gathering(): { oldestAt: string | null; full: boolean } {
      const row = selectGathering.get(limits.records);
      return { oldestAt: row?.oldest ?? null, full: (row?.count ?? 0) >= limits.records };
    },

    /** The district stored the batch: its entries are sent. One transaction. */
    acknowledge: db.transaction((batchId: string, now: Date): void => {
      const at = now.toISOString();
      markRowsSent.run(at, batchId);
      markBatch.run(at, batchId);
    }),

    noteFailure(batchId: string, error: string): void {
      noteAttempt.run(error, batchId);
    },

    /** Set aside with the district's reason; kept, shown, and sent again only by hand. */
    quarantine(batchId: string, reason: string): void {
      quarantineBatch.run(reason, batchId);
    },

    /** The admin sends a set-aside batch again. False when there is no such batch. */
    release(batchId: string): boolean {
      return releaseBatch.run(batchId).changes === 1;
    },

    quarantined: (): QuarantinedBatch[] => selectQuarantined.all(),

    /** Entries not yet sent: a scan of the waiting rows (tens of ms for a million). */
    countPending: (): number => countPending.get()?.pending ?? 0,

    /** The cheap parts of the counts: the oldest waiting entry and the set-aside batches. */
    oldestAndQuarantined(): Omit<OutboxCounts, 'pending'> {
      return {
        oldestPendingAt: selectOldest.get()?.created_at ?? null,
        quarantined: countQuarantined.get()?.quarantined ?? 0,
      };
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;

export function readInstallationId(db: Database): string {
  const row = db
    .prepare<[], { value: string }>("SELECT value FROM kiosk_meta WHERE key = 'installation_id'")
    .get();
  if (row === undefined) throw new Error('The database has no installation id');
  return row.value;
}

/**
 * One entry as the district receives it: the card text and the ID number opened here, as they
 * are sent. One that does not open throws: the uploader shows the error and retries, nothing
 * is sent sealed or dropped.
 */
function districtRecord(
  entry: StoredEntry,
  installationId: string,
  cipher: FieldCipher,
): DistrictRecord {
  return {
    id: `${installationId}:${entry.id}`,
    sequence: entry.id,
    at: entry.at,
    direction: entry.direction,
    decision: entry.decision,
    reasons: parseReasons(entry.reasons),
    // As scanned, like idNumber below: a card text that is an ID number goes in full too.
    cardText: openCardText(cipher, entry.cardText),
    person:
      entry.name === null || entry.kind === null
        ? null
        : {
            name: entry.name,
            kind: entry.kind,
            className: entry.className ?? '',
            // The district gets the number itself, as before sealing.
            idNumber: openNullable(cipher, 'id-number', entry.idNumber),
          },
    temperature:
      entry.temperature === null
        ? null
        : {
            celsius: entry.temperature,
            method: entry.temperatureMethod ?? 'device',
            source: entry.temperatureSource,
            measuredBy: entry.measuredBy,
          },
    policyVersion: entry.policyVersion,
    followsRecordId:
      entry.followsEntryId === null ? null : `${installationId}:${entry.followsEntryId}`,
  };
}

/** Reasons are a JSON array of codes; a row that is not is sent as stored, never dropped. */
function parseReasons(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return [text];
  }
}
