// The two absence counts a day's picture and the daily report share (R9, R10): who was absent
// ill that day, and how many came back cleared by a return-to-school certificate. Counts only —
// they stay after retention erased who each absence was.
import type { Database } from 'better-sqlite3';
import { shanghaiDayRange } from '../../contract/school-time';

/**
 * An absence counts for a day when it began on or before it, was not recorded in error, and
 * had not ended by that day's start — one that ended during the day was back that day.
 */
export const absentOnDay = `a.since <= @date AND (a.ended_how IS NULL OR a.ended_how <> 'cancelled')
  AND (a.ended_at IS NULL OR a.ended_at >= @to)`;

export function createAbsenceCounts(db: Database) {
  const ill = db.prepare<{ date: string; to: string }, { n: number }>(
    `SELECT count(*) AS n FROM absences a
     WHERE ${absentOnDay} AND a.cause IN ('illness', 'fever-at-gate')`,
  );
  const cleared = db.prepare<{ from: string; to: string }, { n: number }>(
    'SELECT count(*) AS n FROM return_certificates WHERE recorded_at >= @from AND recorded_at < @to',
  );
  return {
    /** Absent for illness (reported, or referred at a gate) on `date` (YYYY-MM-DD, Shanghai). */
    absentIll(date: string): number {
      const { to } = shanghaiDayRange(date);
      return ill.get({ date, to })?.n ?? 0;
    },
    /** Return-to-school certificates recorded on `date`. */
    returnsCleared(date: string): number {
      return cleared.get(shanghaiDayRange(date))?.n ?? 0;
    },
  };
}

export type AbsenceCounts = ReturnType<typeof createAbsenceCounts>;
