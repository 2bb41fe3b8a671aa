// The absence counts a day's picture and the daily report share (R9, R10): who was absent that
// day (ill, for another cause, by class), and how many came back cleared by a return-to-school
// certificate. Counts only — they read cause, class, the days and the times, never who it was,
// so a day's counts stay the same after retention erased who each absence was.
import type { Database } from 'better-sqlite3';
import { shanghaiDayRange } from '../../contract/school-time';

/**
 * An absence counts for a day when it began on or before it, was not recorded in error, and
 * had not ended by that day's end — one that ended during the day was back that day, and is
 * no longer absent the next. `@date` is the day, `@to` the next midnight (UTC ISO, as text).
 */
export const absentOnDay = `a.since <= @date AND (a.ended_how IS NULL OR a.ended_how <> 'cancelled')
  AND (a.ended_at IS NULL OR a.ended_at >= @to)`;

/** Absent on a day in one class (the picture's byClass; '' for a class left blank). */
export interface ClassAbsences {
  className: string;
  illness: number;
  feverAtGate: number;
  other: number;
}

export function createAbsenceCounts(db: Database) {
  const causes = db.prepare<{ date: string; to: string }, { ill: number; other: number }>(
    `SELECT coalesce(sum(a.cause IN ('illness', 'fever-at-gate')), 0) AS ill,
       coalesce(sum(a.cause = 'other'), 0) AS other
     FROM absences a WHERE ${absentOnDay}`,
  );
  const byClass = db.prepare<{ date: string; to: string }, ClassAbsences>(
    `SELECT a.class_name AS className, sum(a.cause = 'illness') AS illness,
       sum(a.cause = 'fever-at-gate') AS feverAtGate, sum(a.cause = 'other') AS other
     FROM absences a WHERE ${absentOnDay} GROUP BY a.class_name ORDER BY a.class_name`,
  );
  const cleared = db.prepare<{ from: string; to: string }, { n: number }>(
    'SELECT count(*) AS n FROM return_certificates WHERE recorded_at >= @from AND recorded_at < @to',
  );
  const causesOn = (date: string) =>
    causes.get({ date, to: shanghaiDayRange(date).to }) ?? { ill: 0, other: 0 };

  return {
    /** Absent for illness (reported, or referred at a gate) on `date` (YYYY-MM-DD, Shanghai). */
    absentIll(date: string): number {
      return causesOn(date).ill;
    },
    /** Absent for another cause on `date`. */
    absentOther(date: string): number {
      return causesOn(date).other;
    },
    /** Absent on `date`, by class (in order) and cause. */
    byClass(date: string): ClassAbsences[] {
      return byClass.all({ date, to: shanghaiDayRange(date).to });
    },
    /** Return-to-school certificates recorded on `date`. */
    returnsCleared(date: string): number {
      return cleared.get(shanghaiDayRange(date))?.n ?? 0;
    },
  };
}

export type AbsenceCounts = ReturnType<typeof createAbsenceCounts>;
