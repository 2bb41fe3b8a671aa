// What the retention purge erased, kept so that an admin can see it (migration 0150's
// retention_runs): one row per run that erased anything, and the console's report of the
// period, the latest runs and the totals per kind. It only appends and reads counts; no personal
// field ever passes through here.
import type { Database } from 'better-sqlite3';
import type { Handlers } from '../../contract/api';
import type {
  RetentionCounts,
  RetentionReport,
} from '../../contract/operations/account-operations';

interface CountsRow {
  entries: number;
  appointments: number;
  walk_in_requests: number;
  courier_drop_offs: number;
  fever_cases: number;
  absences: number;
  return_certificates: number;
}

interface RunRow extends CountsRow {
  id: number;
  at: string;
  days: number;
}

export const noneErased: RetentionCounts = {
  entries: 0,
  appointments: 0,
  walkInRequests: 0,
  courierDropOffs: 0,
  feverCases: 0,
  absences: 0,
  returnCertificates: 0,
};

export function totalErased(counts: RetentionCounts): number {
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

/** Appends the run's row; a run that erased nothing leaves none (answers whether it wrote). */
export function recordRun(db: Database, at: Date, days: number, counts: RetentionCounts): boolean {
  if (totalErased(counts) === 0) return false;
  db.prepare(
    `INSERT INTO retention_runs (at, days, entries, appointments, walk_in_requests,
       courier_drop_offs, fever_cases, absences, return_certificates)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    at.toISOString(),
    days,
    counts.entries,
    counts.appointments,
    counts.walkInRequests,
    counts.courierDropOffs,
    counts.feverCases,
    counts.absences,
    counts.returnCertificates,
  );
  return true;
}

const countsOf = (row: CountsRow | undefined): RetentionCounts => ({
  entries: row?.entries ?? 0,
  appointments: row?.appointments ?? 0,
  walkInRequests: row?.walk_in_requests ?? 0,
  courierDropOffs: row?.courier_drop_offs ?? 0,
  feverCases: row?.fever_cases ?? 0,
  absences: row?.absences ?? 0,
  returnCertificates: row?.return_certificates ?? 0,
});

/** The period in force, the `limit` latest runs (newest first) and the totals of every run. */
export function readRetentionReport(db: Database, days: number, limit: number): RetentionReport {
  // A few rows a day at most (hourly runs that found something): summing them all stays cheap.
  const totals = db
    .prepare<[], CountsRow>(
      `SELECT coalesce(sum(entries), 0) AS entries, coalesce(sum(appointments), 0) AS appointments,
         coalesce(sum(walk_in_requests), 0) AS walk_in_requests,
         coalesce(sum(courier_drop_offs), 0) AS courier_drop_offs,
         coalesce(sum(fever_cases), 0) AS fever_cases, coalesce(sum(absences), 0) AS absences,
         coalesce(sum(return_certificates), 0) AS return_certificates
       FROM retention_runs`,
    )
    .get();
  const runs = db
    .prepare<[number], RunRow>('SELECT * FROM retention_runs ORDER BY id DESC LIMIT ?')
    .all(limit);
  return {
    days,
    totals: countsOf(totals),
    runs: runs.map((row) => ({ id: row.id, at: row.at, days: row.days, counts: countsOf(row) })),
  };
}

/** The console's operation; `days` is the period the kiosk was started with. */
export function retentionHandlers(db: Database, days: number): Pick<Handlers, 'retentionReport'> {
  return {
    async retentionReport({ limit }) {
      return readRetentionReport(db, days, limit);
    },
  };
}
