// A day's report to the district as the entry log has it now: the day's counts, its first and
// last entry number, and an explicit zero on a quiet day (docs/district-protocol.md); where the
// absence register is kept, also the day's absent ill and certificates recorded. Also the
// database's first day, before which no report is made.
import type { Database } from 'better-sqlite3';
import { shanghaiDate, shanghaiDayRange } from '../../contract/school-time';
import { createAbsenceCounts } from '../absences/absence-counts';
import { createRetestQueries } from '../entries/retest-queries';

/** The day's entries as the report gives them: lowest and highest entry id (record sequence). */
export type ReportSequence = { first: number; last: number } | null;

/** A report as stored and sent (docs/district-protocol.md); one stored before `sequence` lacks it. */
export interface ReportBody {
  protocol: 1;
  schoolId: string;
  gateId: string;
  installationId: string;
  reportId: string;
  date: string;
  generatedAt: string;
  counts: Record<string, number>;
  sequence?: ReportSequence;
  zero: boolean;
}

export interface ReportMakerDeps {
  db: Database;
  installationId: string;
  schoolId: string;
  gateId: string;
}

/**
 * Counts the entries this kiosk sends: at a school hub, not those of a gate that uploads its
 * own (copied from that gate without an outbox row), so the district gets each record, and
 * each count, once.
 */
export function createReportMaker(deps: ReportMakerDeps) {
  const { db } = deps;
  const countDay = db.prepare<
    [string, string],
    {
      entries: number;
      visitors: number;
      denied: number;
      retests: number;
      refers: number;
      first: number | null;
      last: number | null;
    }
  >(
    `SELECT count(*) AS entries,
       coalesce(sum(kind = 'visitor'), 0) AS visitors,
       coalesce(sum(decision = 'deny'), 0) AS denied,
       coalesce(sum(decision = 'retest'), 0) AS retests,
       coalesce(sum(decision = 'refer'), 0) AS refers,
       min(id) AS first, max(id) AS last
     FROM entries e WHERE at >= ? AND at < ?
       AND NOT EXISTS (SELECT 1 FROM hub_origins h WHERE h.kind = 'entry' AND h.local_id = e.id
         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entry_id = e.id))`,
  );
  // What the database says of its first day: when its first migration ran (it was created
  // then), its first entry, its first report. The earliest of them; null in an empty database
  // that records none.
  const selectFirstDay = db.prepare<
    [],
    { created: string | null; firstEntry: string | null; firstReport: string | null }
  >(
    `SELECT (SELECT min(applied_at) FROM schema_migrations) AS created,
       (SELECT min(at) FROM entries) AS firstEntry,
       (SELECT min(date) FROM daily_reports) AS firstReport`,
  );
  const retests = createRetestQueries(db);
  const absences = createAbsenceCounts(db);
  // The register lives where the roster does: a single kiosk (no role) or the hub. A gate of a
  // hub has none (its tables stay empty) and sends no absence counts, so the district counts
  // the school's absences once, from the hub. Read each time: the role is set as the kiosk starts.
  const selectRole = db.prepare<[], { value: string }>(
    "SELECT value FROM kiosk_meta WHERE key = 'school_role'",
  );
  const keepsRegister = () => selectRole.get()?.value !== 'gate';

  function firstDay(): string | null {
    const found = selectFirstDay.get();
    const days = [found?.created, found?.firstEntry]
      .filter((time): time is string => typeof time === 'string' && !Number.isNaN(Date.parse(time)))
      .map((time) => shanghaiDate(new Date(time)));
    if (typeof found?.firstReport === 'string') days.push(found.firstReport);
    return days.length === 0
      ? null
      : days.reduce((earliest, day) => (day < earliest ? day : earliest));
  }

  /** The day's report as the log has it now. */
  function make(date: string, now: Date, stored: ReportBody | null): ReportBody {
    const { from, to } = shanghaiDayRange(date);
    const counted = countDay.get(from, to);
    const counts = {
      entries: counted?.entries ?? 0,
      visitors: counted?.visitors ?? 0,
      denied: counted?.denied ?? 0,
      retests: counted?.retests ?? 0,
      feverCases: counted?.refers ?? 0,
      // Open at generatedAt: a correction made after a retest ended counts one fewer.
      unresolvedRetests: retests.countUnresolved(date),
      // As the register has it at generatedAt, like unresolvedRetests (0 on a quiet day too).
      ...(keepsRegister()
        ? { absentIll: absences.absentIll(date), returnsCleared: absences.returnsCleared(date) }
        : {}),
    };
    const first = counted?.first ?? null;
    const last = counted?.last ?? null;
    // A correction must be later than what the district has, even after the clock moved back.
    const after = stored === null ? NaN : Date.parse(stored.generatedAt) + 1;
    const generatedAt = new Date(
      Number.isNaN(after) ? now.getTime() : Math.max(now.getTime(), after),
    );
    return {
      protocol: 1,
      schoolId: deps.schoolId,
      gateId: deps.gateId,
      installationId: deps.installationId,
      reportId: `${deps.installationId}:${date}`,
      date,
      generatedAt: generatedAt.toISOString(),
      counts,
      sequence: first === null || last === null ? null : { first, last },
      zero: Object.values(counts).every((value) => value === 0),
    };
  }

  return { make, firstDay };
}
