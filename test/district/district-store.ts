// The reference receiver's own SQLite file, dataDir/district.db: records once by id, batches
// by batch id with the answer first given, daily reports by report id. WAL with synchronous
// FULL, so a transaction that has returned is on disk and the receiver may answer 200. Also
// what a district lacks of a day: the sequences a report's range names that no record has.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Batch, DailyReport } from '../../district/protocol/protocol';

export interface BatchAnswer {
  accepted: number;
  duplicates: number;
}

export interface DistrictStats {
  /** Distinct record ids stored. */
  records: number;
  /** Distinct batch ids received. */
  batches: number;
  /** Every record received again after it was stored, over all requests. */
  duplicates: number;
  /** Daily reports stored (one per report id). */
  reports: number;
}

export interface StoredReport {
  receivedAt: string;
  report: DailyReport;
}

/**
 * One stored report of a day against the records stored. `missing`: the sequences in
 * [first, last] no record of that installation has, as inclusive ranges ([] when none);
 * null with first, last and received when the report gives no sequence (the kiosk does not
 * say). A day with no entries (sequence null) lacks nothing.
 */
export interface MissingRecords {
  schoolId: string;
  gateId: string;
  installationId: string;
  reportId: string;
  generatedAt: string;
  entries: number;
  first: number | null;
  last: number | null;
  /** Records of that installation stored with a sequence in [first, last]. */
  received: number | null;
  missing: [number, number][] | null;
}

/** A batch id sent again with other contents: the document says a batch is resent unchanged. */
export class BatchConflict extends Error {}

const schema = `
  CREATE TABLE IF NOT EXISTS records (
    id TEXT PRIMARY KEY,
    installation_id TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    school_id TEXT NOT NULL,
    gate_id TEXT NOT NULL,
    batch_id TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS batches (
    batch_id TEXT PRIMARY KEY,
    digest TEXT NOT NULL,
    accepted INTEGER NOT NULL,
    duplicates INTEGER NOT NULL,
    received_at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS reports (
    report_id TEXT PRIMARY KEY,
    school_id TEXT NOT NULL,
    gate_id TEXT NOT NULL,
    date TEXT NOT NULL,
    digest TEXT NOT NULL,
    body TEXT NOT NULL,
    received_at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS records_sequence ON records (installation_id, sequence);
  CREATE INDEX IF NOT EXISTS reports_date ON reports (date);
  CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
  INSERT OR IGNORE INTO counters (name, value) VALUES ('duplicates', 0);
`;

export interface DistrictStore {
  /** Stores the batch's new records in one transaction; the answer a repeat must get too. */
  storeBatch(batch: Batch, digest: string, receivedAt: string): BatchAnswer;
  /** Stores or replaces the report; the time to acknowledge (the first one for a repeat). */
  storeReport(report: DailyReport, digest: string, receivedAt: string): string;
  stats(): DistrictStats;
  reports(): StoredReport[];
  /** Each stored report of the date (YYYY-MM-DD) and the records it names that are not here. */
  missing(date: string): MissingRecords[];
  records(): unknown[];
  close(): void;
}

export function openDistrictStore(dataDir: string): DistrictStore {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'district.db'));
  db.pragma('journal_mode = WAL');
  // FULL, not WAL's usual NORMAL: a commit must survive a power cut before the 200 goes out.
  db.pragma('synchronous = FULL');
  db.exec(schema);

  const findBatch = db.prepare<[string], { digest: string } & BatchAnswer>(
    'SELECT digest, accepted, duplicates FROM batches WHERE batch_id = ?',
  );
  const insertRecord = db.prepare(
    `INSERT OR IGNORE INTO records
       (id, installation_id, sequence, school_id, gate_id, batch_id, body, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertBatch = db.prepare(
    'INSERT INTO batches (batch_id, digest, accepted, duplicates, received_at) VALUES (?, ?, ?, ?, ?)',
  );
  const addDuplicates = db.prepare(
    "UPDATE counters SET value = value + ? WHERE name = 'duplicates'",
  );
  const findReport = db.prepare<
    [string],
    { digest: string; received_at: string; generated_at: string }
  >(
    `SELECT digest, received_at, json_extract(body, '$.generatedAt') AS generated_at
     FROM reports WHERE report_id = ?`,
  );
  const replaceReport = db.prepare(
    `INSERT OR REPLACE INTO reports (report_id, school_id, gate_id, date, digest, body, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );

  const reportsOfDay = db.prepare<[string], { body: string }>(
    'SELECT body FROM reports WHERE date = ? ORDER BY school_id, gate_id, report_id',
  );
  const countInRange = db.prepare<[string, number, number], { received: number }>(
    `SELECT count(*) AS received FROM records
     WHERE installation_id = ? AND sequence BETWEEN ? AND ?`,
  );
  // The gaps between the stored sequences of the range, with first - 1 and last + 1 as ends:
  // walks that installation's index over the range only, and returns just the gaps.
  const gapsInRange = db.prepare<
    [number, string, number, number, number],
    { a: number; b: number }
  >(
    `WITH present (sequence) AS (
       SELECT ? - 1
       UNION ALL
       SELECT sequence FROM records WHERE installation_id = ? AND sequence BETWEEN ? AND ?
       UNION ALL
       SELECT ? + 1
     ),
     gaps AS (
       SELECT lag(sequence) OVER (ORDER BY sequence) + 1 AS a, sequence - 1 AS b FROM present
     )
     SELECT a, b FROM gaps WHERE a <= b ORDER BY a`,
  );

  /** One stored report against the records. */
  function missingOf(report: DailyReport): MissingRecords {
    const { schoolId, gateId, installationId, reportId, generatedAt } = report;
    const about = { schoolId, gateId, installationId, reportId, generatedAt };
    const entries = report.counts.entries;
    const range = report.sequence;
    if (range === undefined) {
      return { ...about, entries, first: null, last: null, received: null, missing: null };
    }
    if (range === null) {
      return { ...about, entries, first: null, last: null, received: 0, missing: [] };
    }
    const { first, last } = range;
    const received = countInRange.get(installationId, first, last)?.received ?? 0;
    const missing = gapsInRange
      .all(first, installationId, first, last, last)
      .map((gap): [number, number] => [gap.a, gap.b]);
    return { ...about, entries, first, last, received, missing };
  }
  // One read transaction, so the reports and the records describe the same moment.
  const missing = db.transaction((date: string) =>
    reportsOfDay.all(date).map((row) => missingOf(JSON.parse(row.body) as DailyReport)),
  );

  const storeBatch = db.transaction((batch: Batch, digest: string, receivedAt: string) => {
    const known = findBatch.get(batch.batchId);
    if (known && known.digest !== digest) throw new BatchConflict(batch.batchId);
    // Records are de-duplicated by id even for a known batch id, never by the batch id: after
    // a power cut the same records may come under a new batch id.
    let accepted = 0;
    for (const item of batch.records) {
      const gate = item.gateId ?? batch.gateId;
      const row = [item.id, batch.installationId, item.sequence, batch.schoolId, gate];
      accepted += insertRecord.run(...row, batch.batchId, JSON.stringify(item), receivedAt).changes;
    }
    const duplicates = batch.records.length - accepted;
    addDuplicates.run(duplicates);
    if (known) return { accepted: known.accepted, duplicates: known.duplicates };
    insertBatch.run(batch.batchId, digest, accepted, duplicates, receivedAt);
    return { accepted, duplicates };
  });

  const storeReport = db.transaction((report: DailyReport, digest: string, receivedAt: string) => {
    const known = findReport.get(report.reportId);
    // The same report again is answered as the first time; a different one is a correction.
    if (known?.digest === digest) return known.received_at;
    // A late retry of an older version must not undo a correction: acknowledged, not stored.
    if (known && known.generated_at > report.generatedAt) return receivedAt;
    const { reportId, schoolId, gateId, date } = report;
    replaceReport.run(reportId, schoolId, gateId, date, digest, JSON.stringify(report), receivedAt);
    return receivedAt;
  });

  return {
    storeBatch: (batch, digest, receivedAt) => storeBatch.immediate(batch, digest, receivedAt),
    storeReport: (report, digest, receivedAt) => storeReport.immediate(report, digest, receivedAt),
    stats: () =>
      db
        .prepare<[], DistrictStats>(
          `SELECT (SELECT count(*) FROM records) AS records,
                  (SELECT count(*) FROM batches) AS batches,
                  (SELECT value FROM counters WHERE name = 'duplicates') AS duplicates,
                  (SELECT count(*) FROM reports) AS reports`,
        )
        .get() as DistrictStats,
    reports: () =>
      db
        .prepare<[], { body: string; received_at: string }>(
          'SELECT body, received_at FROM reports ORDER BY report_id',
        )
        .all()
        .map((row) => ({
          receivedAt: row.received_at,
          report: JSON.parse(row.body) as DailyReport,
        })),
    missing: (date) => missing(date),
    records: () =>
      db
        .prepare<[], { body: string }>('SELECT body FROM records ORDER BY rowid')
        .all()
        .map((row) => JSON.parse(row.body) as unknown),
    close: () => db.close(),
  };
}
