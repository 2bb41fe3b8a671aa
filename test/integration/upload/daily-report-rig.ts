// Test helper for the daily report's tests (daily-report.test.ts and
// daily-report-corrections.test.ts): a kiosk on a real database made at 06:00 Beijing time on
// 23 November 2026, with a clock each test sets, its reports made on that clock and recorded as
// sent, and a stand-in district that gives the answers a test queues and acknowledges everything
// after them.
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../../backend/store/database';
import { createDailyReports, type DailyReports } from '../../../backend/upload/daily-report';
import type { DistrictAnswer } from '../../../backend/upload/district-client';
import { readInstallationId } from '../../../backend/upload/outbox';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';

export interface SentReport {
  date: string;
  generatedAt: string;
  counts: Record<string, number>;
  sequence?: { first: number; last: number } | null;
  zero: boolean;
  reportId: string;
}

export type Send = (payload: unknown) => Promise<DistrictAnswer>;

/** Beijing time on 23 November 2026, or on another day of it. */
export const beijing = (hhmm: string, day = '2026-11-23') =>
  new Date(`${day}T${hhmm}:00.000+08:00`);

/** The report as a kiosk before `sequence` wrote it. */
export function withoutSequence(report: SentReport | undefined): Partial<SentReport> {
  const copy = { ...report };
  delete copy.sequence;
  return copy;
}

/** One test's kiosk: the fields are its state, which a test changes as it goes. */
export interface ReportKiosk {
  /** The database file, to open again as a restart does. */
  file: string;
  db: Database;
  /** The time the reports see: each test sets it before a tick. */
  clock: Date;
  /** Every report sent, as it was sent. */
  sent: SentReport[];
  /** The district's next answers to `reports()`, in order; after them it acknowledges. */
  answers: DistrictAnswer[];
  /** Closes the database and makes a new one, created (its migrations run) at `createdAt`. */
  createDatabase(createdAt: Date): void;
  /** The kiosk's daily reports for school `schoolId`, sent with `send` (and recorded). */
  reportsWith(send: Send, schoolId?: string): DailyReports;
  /** The daily reports sent to the stand-in district; `receiver` may answer first. */
  reports(receiver?: (payload: unknown) => DistrictAnswer | undefined): DailyReports;
  /** The kiosk's stored report of the day, as it was last made. */
  stored(date: string): SentReport;
  /** Closes the database and removes the test's folders. */
  close(): void;
}

/** A database created (its migrations run) at `createdAt`, in a new folder. */
function newDatabase(createdAt: Date): { file: string; db: Database } {
  const file = `${makeTempDir()}/kiosk.db`;
  return { file, db: openDatabase(file, { now: () => createdAt }) };
}

/**
 * A new kiosk, for a beforeEach. Its database was made that morning: the days before it get no
 * reports unless the log has entries of them.
 */
export function openKiosk(): ReportKiosk {
  const createdAt = beijing('06:00');
  const kiosk: ReportKiosk = {
    ...newDatabase(createdAt),
    clock: createdAt,
    sent: [],
    answers: [],
    createDatabase(at) {
      if (kiosk.db.open) kiosk.db.close();
      Object.assign(kiosk, newDatabase(at));
    },
    reportsWith(send, schoolId = 'school-1') {
      return createDailyReports({
        db: kiosk.db,
        installationId: readInstallationId(kiosk.db),
        schoolId,
        gateId: 'south',
        reportAt: '16:30',
        deadline: '17:30',
        send: async (payload) => {
          kiosk.sent.push(structuredClone(payload) as SentReport);
          return send(payload);
        },
        now: () => kiosk.clock,
        random: () => 0.5,
      });
    },
    reports(receiver = () => undefined) {
      return kiosk.reportsWith(
        async (payload) =>
          receiver(payload) ??
          kiosk.answers.shift() ?? { kind: 'stored', body: { acknowledged: true } },
      );
    },
    stored(date) {
      const row = kiosk.db.prepare<[string], { body: string }>(
        'SELECT body FROM daily_reports WHERE date = ?',
      );
      return JSON.parse(row.get(date)?.body ?? 'null') as SentReport;
    },
    close() {
      kiosk.db.close();
      removeTempDirs();
    },
  };
  return kiosk;
}
