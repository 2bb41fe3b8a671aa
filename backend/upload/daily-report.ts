// The daily report to the district: at the configured time (16:30 Beijing time by default) the
// day's counts — entries, visitors, denied, retests, fever cases, retests still unresolved, and
// an explicit zero on a quiet day — and the day's first and last entry number are written down
// and sent until the district acknowledges them. Until the day is over a change in the log (a
// late entry, a retest ended) makes a corrected version, sent the same way; the day after gets
// one last look, and days the kiosk was off get their reports when it starts. All of it is
// worked out from the database each tick, so a restart corrects too. Its status says whether
// today's report is due, sent, acknowledged, or late.
import type { Database } from 'better-sqlite3';
import type { ReportStatus } from '../../contract/schemas';
import { shanghaiDate, shanghaiInputToIso } from '../../contract/school-time';
import { backoffDelay, defaultBackoff } from './backoff';
import { createReportMaker, type ReportBody } from './daily-report-body';
import type { DistrictAnswer } from './district-client';

export interface DailyReportDeps {
  db: Database;
  installationId: string;
  schoolId: string;
  gateId: string;
  /** HH:MM, Beijing time: when the report is made and first sent; and when it must be in. */
  reportAt: string;
  deadline: string;
  send: ((payload: unknown) => Promise<DistrictAnswer>) | null;
  now: () => Date;
  random: () => number;
}

interface ReportRow {
  date: string;
  body: string;
  attempts: number;
  last_error: string | null;
  acknowledged_at: string | null;
}

const lateWithinMs = 30 * 60 * 1000;
const dayMs = 24 * 60 * 60 * 1000;
/** Days before today whose missing report is still made (a kiosk off for a weekend or more). */
const backfillDays = 31;
/**
 * What may still change about a day once it is over: a retest of it ended the next morning, an
 * absence for it entered late (the class teachers' sheet) or cancelled. That alone does not
 * reopen yesterday's report; its entries (made before midnight) do.
 */
const changedAfterTheDay: readonly string[] = ['unresolvedRetests', 'absentIll', 'returnsCleared'];

/**
 * Fields added to protocol 1 after its first edition (docs/district-protocol.md): counts
 * `unresolvedRetests`, `absentIll` and `returnsCleared`, and the top-level `sequence`. A receiver
 * written before them may refuse a report that has them, as the document let it refuse fields it
 * does not list; such a report is sent again at once without them (same reportId and
 * generatedAt).
 */
const addedCounts: readonly string[] = ['unresolvedRetests', 'absentIll', 'returnsCleared'];
const addedFields: readonly string[] = ['sequence'];

/** The report as the first edition of protocol 1 had it, or null when it has no added field. */
export function firstEdition(report: unknown): object | null {
  if (typeof report !== 'object' || report === null || !('counts' in report)) return null;
  const counts = report.counts;
  if (typeof counts !== 'object' || counts === null) return null;
  const keptCounts = Object.entries(counts).filter(([name]) => !addedCounts.includes(name));
  const kept = Object.entries(report).filter(([name]) => !addedFields.includes(name));
  const strippedCounts = keptCounts.length !== Object.keys(counts).length;
  if (!strippedCounts && kept.length === Object.keys(report).length) return null;
  // `zero` says every count is 0: a day with no entries but someone absent ill is not zero, yet
  // its first edition (the absence counts left out) is, or that receiver would refuse it too.
  const zero = 'zero' in report ? { zero: keptCounts.every(([, value]) => value === 0) } : {};
  return { ...Object.fromEntries(kept), counts: Object.fromEntries(keptCounts), ...zero };
}

/** YYYY-MM-DD `days` later (earlier when negative). */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** Same counts (all of them, or all but `except`) and the same sequence range. */
function sameReport(stored: ReportBody, made: ReportBody, except: readonly string[]): boolean {
  const names = new Set([...Object.keys(stored.counts), ...Object.keys(made.counts)]);
  for (const name of names) {
    if (!except.includes(name) && stored.counts[name] !== made.counts[name]) return false;
  }
  // A report stored before `sequence` existed has none: it differs from one that says.
  if (stored.sequence === undefined) return false;
  return JSON.stringify(stored.sequence) === JSON.stringify(made.sequence);
}

export function createDailyReports(deps: DailyReportDeps) {
  const { db } = deps;
  const selectReport = db.prepare<[string], ReportRow>(
    'SELECT date, body, attempts, last_error, acknowledged_at FROM daily_reports WHERE date = ?',
  );
  const selectUnacknowledged = db.prepare<[], ReportRow>(
    `SELECT date, body, attempts, last_error, acknowledged_at FROM daily_reports
     WHERE acknowledged_at IS NULL ORDER BY date`,
  );
  const selectDatesFrom = db.prepare<[string, string], { date: string }>(
    'SELECT date FROM daily_reports WHERE date >= ? AND date <= ?',
  );
  // A new version replaces the old in the same row (date is the key): sent again from scratch.
  const storeVersion = db.prepare(
    `INSERT INTO daily_reports (date, report_id, body, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (date) DO UPDATE SET report_id = excluded.report_id, body = excluded.body,
       attempts = 0, last_error = NULL, acknowledged_at = NULL`,
  );
  // Only the version that was sent: a correction stored meanwhile is not acknowledged by it.
  const noteFailure = db.prepare(
    'UPDATE daily_reports SET attempts = attempts + 1, last_error = ? WHERE date = ? AND body = ?',
  );
  const acknowledge = db.prepare(
    `UPDATE daily_reports SET acknowledged_at = ?, last_error = NULL
     WHERE date = ? AND body = ?`,
  );
  const maker = createReportMaker(deps);
  /** When a failing report may be tried again. */
  let notBefore = 0;

  /**
   * Stores the day's report when there is none; when `open`, also a new version when the log
   * now says otherwise than the stored one (a count other than `except`, or the sequence range).
   * Identical: nothing is stored, so nothing new is sent.
   */
  function refreshDay(date: string, now: Date, open: boolean, except: readonly string[] = []) {
    const row = selectReport.get(date);
    if (row !== undefined && !open) return;
    const stored = row === undefined ? null : (JSON.parse(row.body) as ReportBody);
    const made = maker.make(date, now, stored);
    if (stored !== null && sameReport(stored, made, except)) return;
    const reportId = `${deps.installationId}:${date}`;
    storeVersion.run(date, reportId, JSON.stringify(made), now.toISOString());
  }

  /**
   * The reports the log calls for now, in one transaction so they agree with each other:
   * - today, once past reportAt: made, then corrected whenever any count or the sequence range
   *   changes (a late entry, a retest ended), until the day is over;
   * - yesterday, when not before the database's first day: made if missing (the kiosk was off
   *   at reportAt); else corrected if its entries no longer match (entries made after the last
   *   tick before midnight). That can happen once: no entry of yesterday is written today (bar
   *   a clock set back), and a retest of yesterday ended today does not reopen it;
   * - the days before, back to 31 days ago and not before the database's first day: made if
   *   missing (a zero report when the log has nothing), never changed once made.
   */
  const refresh = db.transaction((now: Date): void => {
    const today = shanghaiDate(now);
    const yesterday = addDays(today, -1);
    const since = maker.firstDay() ?? today;
    const oldest = addDays(today, -backfillDays);
    const from = since > oldest ? since : oldest;
    const before = addDays(today, -2);
    if (from <= before) {
      const made = new Set(selectDatesFrom.all(from, before).map((row) => row.date));
      for (let date = from; date <= before; date = addDays(date, 1)) {
        if (!made.has(date)) refreshDay(date, now, false);
      }
    }
    if (yesterday >= since) refreshDay(yesterday, now, true, changedAfterTheDay);
    if (now >= beijingTime(today, deps.reportAt)) refreshDay(today, now, true);
  });

  return {
    /**
     * Makes or corrects the reports the log calls for (see refresh), then sends every report
     * the district has not acknowledged, oldest first. Call it every few seconds; it waits out
     * its own backoff.
     */
    async tick(): Promise<void> {
      const now = deps.now();
      refresh(now);
      if (deps.send === null || now.getTime() < notBefore) return;
      for (const row of selectUnacknowledged.all()) {
        const report: unknown = JSON.parse(row.body);
        let answer = await deps.send(report);
        const older = answer.kind === 'malformed' ? firstEdition(report) : null;
        if (older !== null) answer = await deps.send(older);
        if (answer.kind === 'stored') {
          acknowledge.run(deps.now().toISOString(), row.date, row.body);
          continue;
        }
        const error = answer.kind === 'malformed' ? answer.reason : answer.error;
        noteFailure.run(error, row.date, row.body);
        const retryAfter = answer.kind === 'retry' ? answer.retryAfterMs : null;
        notBefore =
          deps.now().getTime() +
          backoffDelay(row.attempts + 1, deps.random, defaultBackoff, retryAfter);
        return;
      }
    },

    status(): ReportStatus {
      const now = deps.now();
      return reportStatus(deps, now, selectReport.get(shanghaiDate(now)));
    },

    /** Skips the backoff: the admin pressed "upload now". */
    retryNow(): void {
      notBefore = 0;
    },
  };
}

export type DailyReports = ReturnType<typeof createDailyReports>;

function beijingTime(date: string, hhmm: string): Date {
  return new Date(shanghaiInputToIso(`${date}T${hhmm}`) ?? Number.NaN);
}

/** Whether today's report is due, sent, acknowledged, or late; `row` is today's, if made. */
function reportStatus(
  deps: Pick<DailyReportDeps, 'reportAt' | 'deadline'>,
  now: Date,
  row: ReportRow | undefined,
): ReportStatus {
  const date = shanghaiDate(now);
  const dueAt = beijingTime(date, deps.reportAt);
  const deadlineAt = beijingTime(date, deps.deadline);
  const acknowledgedAt = row?.acknowledged_at ?? null;
  const state = acknowledgedAt !== null ? 'acknowledged' : now < dueAt ? 'not-due' : 'waiting';
  return {
    date,
    state,
    dueAt: dueAt.toISOString(),
    deadlineAt: deadlineAt.toISOString(),
    acknowledgedAt,
    lastError: row?.last_error ?? null,
    late: acknowledgedAt === null && deadlineAt.getTime() - now.getTime() < lateWithinMs,
    generatedAt: row === undefined ? null : (JSON.parse(row.body) as ReportBody).generatedAt,
  };
}
