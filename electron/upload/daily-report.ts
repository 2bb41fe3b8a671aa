// The daily report to the district: at the configured time (16:30 Beijing time by default) the
// day's counts — entries, visitors, denied, retests, fever cases, retests still unresolved, and
// an explicit zero on a quiet day — are written down and sent until the district acknowledges
// them. Its status says whether today's report is due, sent, acknowledged, or late.
import type { Database } from 'better-sqlite3';
import { createRetestQueries } from '../entries/retest-queries';
import { shanghaiDate, shanghaiDayRange } from '../export/shanghai-time';
import { backoffDelay, defaultBackoff } from './backoff';
import type { DistrictAnswer } from './district-client';

export interface ReportStatus {
  date: string;
  /** not-due: before the report time; waiting: due, not yet acknowledged; acknowledged. */
  state: 'not-due' | 'waiting' | 'acknowledged';
  dueAt: string;
  deadlineAt: string;
  acknowledgedAt: string | null;
  lastError: string | null;
  /** The deadline is less than 30 minutes away (or past) and the district has not answered. */
  late: boolean;
}

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

/**
 * Counts added to protocol 1 after its first edition (docs/district-protocol.md). A receiver
 * written before them may refuse a report that has them, as the document let it refuse fields
 * it does not list; such a report is sent again at once without them.
 */
const addedCounts: readonly string[] = ['unresolvedRetests'];

/** The report without the added counts, or null when it has none of them. */
export function withoutAddedCounts(report: unknown): object | null {
  if (typeof report !== 'object' || report === null || !('counts' in report)) return null;
  const counts = report.counts;
  if (typeof counts !== 'object' || counts === null) return null;
  const kept = Object.entries(counts).filter(([name]) => !addedCounts.includes(name));
  if (kept.length === Object.keys(counts).length) return null;
  return { ...report, counts: Object.fromEntries(kept) };
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
  const insertReport = db.prepare(
    `INSERT OR IGNORE INTO daily_reports (date, report_id, body, created_at) VALUES (?, ?, ?, ?)`,
  );
  const noteFailure = db.prepare(
    'UPDATE daily_reports SET attempts = attempts + 1, last_error = ? WHERE date = ?',
  );
  const acknowledge = db.prepare(
    'UPDATE daily_reports SET acknowledged_at = ?, last_error = NULL WHERE date = ?',
  );
  const countDay = db.prepare<
    [string, string],
    { entries: number; visitors: number; denied: number; retests: number; refers: number }
  >(
    `SELECT count(*) AS entries,
       coalesce(sum(kind = 'visitor'), 0) AS visitors,
       coalesce(sum(decision = 'deny'), 0) AS denied,
       coalesce(sum(decision = 'retest'), 0) AS retests,
       coalesce(sum(decision = 'refer'), 0) AS refers
     FROM entries WHERE at >= ? AND at < ?`,
  );
  const retests = createRetestQueries(db);
  /** When a failing report may be tried again. */
  let notBefore = 0;

  function beijingTime(date: string, hhmm: string): Date {
    return new Date(`${date}T${hhmm}:00.000+08:00`);
  }

  /** The day's counts, written down once at the report time; one transaction, so they agree. */
  const build = db.transaction((date: string, now: Date): void => {
    const { from, to } = shanghaiDayRange(date);
    const counted = countDay.get(from, to);
    const counts = {
      entries: counted?.entries ?? 0,
      visitors: counted?.visitors ?? 0,
      denied: counted?.denied ?? 0,
      retests: counted?.retests ?? 0,
      feverCases: counted?.refers ?? 0,
      // Open now, as the report is made: one ended later is not counted again (the report is
      // written once), and the district learns of the ending from the entry that follows it.
      unresolvedRetests: retests.countUnresolved(date),
    };
    const reportId = `${deps.installationId}:${date}`;
    const body = {
      protocol: 1,
      schoolId: deps.schoolId,
      gateId: deps.gateId,
      installationId: deps.installationId,
      reportId,
      date,
      generatedAt: now.toISOString(),
      counts,
      zero: Object.values(counts).every((value) => value === 0),
    };
    insertReport.run(date, reportId, JSON.stringify(body), now.toISOString());
  });

  return {
    /**
     * Makes today's report when its time has come, then sends every report the district has
     * not acknowledged, oldest first. Call it every few seconds; it waits out its own backoff.
     */
    async tick(): Promise<void> {
      const now = deps.now();
      const today = shanghaiDate(now);
      if (now >= beijingTime(today, deps.reportAt)) build(today, now);
      if (deps.send === null || now.getTime() < notBefore) return;
      for (const row of selectUnacknowledged.all()) {
        const report: unknown = JSON.parse(row.body);
        let answer = await deps.send(report);
        const firstEdition = answer.kind === 'malformed' ? withoutAddedCounts(report) : null;
        if (firstEdition !== null) answer = await deps.send(firstEdition);
        if (answer.kind === 'stored') {
          acknowledge.run(deps.now().toISOString(), row.date);
          continue;
        }
        const error = answer.kind === 'malformed' ? answer.reason : answer.error;
        noteFailure.run(error, row.date);
        const retryAfter = answer.kind === 'retry' ? answer.retryAfterMs : null;
        notBefore =
          deps.now().getTime() +
          backoffDelay(row.attempts + 1, deps.random, defaultBackoff, retryAfter);
        return;
      }
    },

    status(): ReportStatus {
      const now = deps.now();
      const date = shanghaiDate(now);
      const row = selectReport.get(date);
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
      };
    },

    /** Skips the backoff: the admin pressed "upload now". */
    retryNow(): void {
      notBefore = 0;
    },
  };
}

export type DailyReports = ReturnType<typeof createDailyReports>;
