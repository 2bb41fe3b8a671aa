// Retests of a Beijing school day as the reports see them (今日概况, the export, the daily report):
// a retest is unresolved while no entry follows it. Read-only; who waits at the gate right now
// is the retest book's (backend/checks/), and nothing here may write or cache an entry.
import type { Database } from 'better-sqlite3';
import type { UnresolvedRetest } from '../../contract/operations/today-operations';
import { shanghaiDayRange } from '../../contract/school-time';

/**
 * A retest entry of the day that nothing follows: not measured again, not ended by a guard. As
 * the contract shows it but for how long it has been open, which today-summary.ts adds.
 */
export type UnresolvedRetestRow = Omit<UnresolvedRetest, 'openMinutes'>;

/** The entry that ended a retest of the day: a pass or refer on retest, or a guard's ending. */
export interface RetestFollowUp {
  retestEntryId: number;
  entryId: number;
  decision: string;
  /** The follow-up's reason codes as stored (a JSON array). */
  reasons: string;
  /** The guard who ended the retest without a second reading (migration 0160), else null. */
  guardName: string | null;
}

// Exactly the definition: the day's retest entries that no entry follows. Follow-ups are found
// by follows_entry_id whatever day or gate wrote them; entries_follows (migration 0160) answers
// each NOT EXISTS with one index probe, and the result is right without it, only slower.
/** A retest entry `e` that nothing follows yet: the one definition of an open retest. */
export const retestStillOpenSql = `e.decision = 'retest'
    AND NOT EXISTS (SELECT 1 FROM entries f WHERE f.follows_entry_id = e.id)`;

const unresolvedOfDay = `FROM entries e
  WHERE e.at >= ? AND e.at < ? AND ${retestStillOpenSql}`;

export const countUnresolvedRetestsSql = `SELECT count(*) AS count ${unresolvedOfDay}`;

export const listUnresolvedRetestsSql = `SELECT e.id AS entryId, e.at, e.name, e.kind,
    e.class_name AS className, e.temperature_c AS firstCelsius
  ${unresolvedOfDay}
  ORDER BY e.at, e.id LIMIT ?`;

export const retestFollowUpsSql = `SELECT e.id AS retestEntryId, f.id AS entryId, f.decision,
    f.reasons, f.guard_name AS guardName
  FROM entries e JOIN entries f ON f.follows_entry_id = e.id
  WHERE e.at >= ? AND e.at < ? AND e.decision = 'retest'`;

export function createRetestQueries(db: Database) {
  const count = db.prepare<[string, string], { count: number }>(countUnresolvedRetestsSql);
  const list = db.prepare<[string, string, number], UnresolvedRetestRow>(listUnresolvedRetestsSql);
  const followUps = db.prepare<[string, string], RetestFollowUp>(retestFollowUpsSql);
  // One read transaction, so the count and the list describe the same moment of the log.
  const countAndList = db.transaction((from: string, to: string, limit: number) => ({
    count: count.get(from, to)?.count ?? 0,
    retests: list.all(from, to, limit),
  }));

  return {
    /** How many retests of the day (YYYY-MM-DD, Beijing) nothing follows yet. */
    countUnresolved(date: string): number {
      const { from, to } = shanghaiDayRange(date);
      return count.get(from, to)?.count ?? 0;
    },

    /** The day's unresolved retests, the oldest first, at most `limit` of them. */
    listUnresolved(date: string, limit: number): UnresolvedRetestRow[] {
      const { from, to } = shanghaiDayRange(date);
      return list.all(from, to, limit);
    },

    /** How many of the day's retests are unresolved, and the oldest `limit` of them. */
    unresolvedOfDay(
      date: string,
      limit: number,
    ): { count: number; retests: UnresolvedRetestRow[] } {
      const { from, to } = shanghaiDayRange(date);
      return countAndList(from, to, limit);
    },

    /**
     * The entry that follows each retest of the day, by the retest's id; a retest missing from
     * the map is unresolved. Should two entries follow one (a log from before migration 0160
     * made that impossible), the first written ends it.
     */
    followUps(date: string): Map<number, RetestFollowUp> {
      const { from, to } = shanghaiDayRange(date);
      const found = new Map<number, RetestFollowUp>();
      for (const row of followUps.all(from, to)) {
        const earlier = found.get(row.retestEntryId);
        if (earlier === undefined || row.entryId < earlier.entryId) {
          found.set(row.retestEntryId, row);
        }
      }
      return found;
    },
  };
}

export type RetestQueries = ReturnType<typeof createRetestQueries>;
