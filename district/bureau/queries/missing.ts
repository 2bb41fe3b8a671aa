// What the district lacks of a day, as docs/district-protocol.md says ("What a district lacks"):
// each report of the day names its installation's sequence range; the sequences in it that no
// record of the day has are missing, except those inside another day's range of the same
// installation (a kiosk whose clock was set back files them under that day). Reads the day's
// partition only, and the neighbouring reports of the same installation.
import type pg from 'pg';

export interface MissingOfReport {
  reportId: string;
  schoolId: string;
  schoolName: string;
  gateId: string;
  gateName: string;
  installationId: string;
  generatedAt: Date;
  entries: number;
  /** null when the report does not say (a kiosk from before the range was added). */
  first: number | null;
  last: number | null;
  /** Records of the day with a sequence in [first, last]; null when the report does not say. */
  received: number | null;
  /** Inclusive ranges; [] when nothing is missing; null when the report does not say. */
  missing: [number, number][] | null;
}

interface ReportRow {
  report_id: string;
  school_id: string;
  school_name: string | null;
  gate_id: string;
  gate_name: string | null;
  installation_id: string;
  generated_at: Date;
  entries: number;
  sequence_first: number | null;
  sequence_last: number | null;
  received: number;
}

// The kiosk goes back at most 31 days, so another day's range of one installation that could
// overlap this one lies within that distance.
const reportsOfDay = `
  SELECT d.report_id, d.school_id, s.name AS school_name, d.gate_id, g.name AS gate_name,
         d.installation_id, d.generated_at, d.entries, d.sequence_first, d.sequence_last,
         (SELECT count(*) FROM records r
           WHERE r.day = $1 AND r.installation_id = d.installation_id
             AND r.sequence BETWEEN d.sequence_first AND d.sequence_last) AS received
  FROM daily_reports d
  LEFT JOIN schools s ON s.school_id = d.school_id
  LEFT JOIN gates g ON g.school_id = d.school_id AND g.gate_id = d.gate_id
  WHERE d.date = $1 AND ($2::text IS NULL OR d.school_id = $2)
  ORDER BY d.school_id, d.gate_id, d.report_id`;

// The gaps of each range: the stored sequences and other days' ranges as intervals, with a
// sentinel just outside each end; a gap is where an interval starts beyond the furthest any
// earlier one reached.
const gapsOfDay = `
  WITH r AS (
    SELECT report_id, installation_id, sequence_first AS f, sequence_last AS l
    FROM daily_reports
    WHERE date = $1 AND sequence_first IS NOT NULL AND ($2::text IS NULL OR school_id = $2)
  ),
  covered AS (
    SELECT r.report_id, rec.sequence AS a, rec.sequence AS b
    FROM r JOIN records rec ON rec.day = $1 AND rec.installation_id = r.installation_id
                           AND rec.sequence BETWEEN r.f AND r.l
    UNION ALL
    SELECT r.report_id, greatest(o.sequence_first, r.f), least(o.sequence_last, r.l)
    FROM r JOIN daily_reports o
      ON o.date BETWEEN $1::date - 62 AND $1::date + 62 AND o.date <> $1
     AND o.installation_id = r.installation_id
     AND o.sequence_first <= r.l AND o.sequence_last >= r.f
    UNION ALL
    SELECT report_id, f - 1, f - 1 FROM r
    UNION ALL
    SELECT report_id, l + 1, l + 1 FROM r
  ),
  reach AS (
    SELECT report_id, a,
           max(b) OVER (PARTITION BY report_id ORDER BY a, b
                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reached
    FROM covered
  )
  SELECT report_id, reached + 1 AS gap_first, a - 1 AS gap_last
  FROM reach WHERE a > reached + 1
  ORDER BY report_id, gap_first`;

/** Each report of the day (of one school, if named) against the records stored. */
export async function missingOfDay(
  pool: pg.Pool,
  day: string,
  schoolId: string | null = null,
): Promise<MissingOfReport[]> {
  const client = await pool.connect();
  try {
    // One snapshot, so the reports and the records describe the same moment.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const reports = (await client.query<ReportRow>(reportsOfDay, [day, schoolId])).rows;
    const gaps = (
      await client.query<{ report_id: string; gap_first: number; gap_last: number }>(gapsOfDay, [
        day,
        schoolId,
      ])
    ).rows;
    await client.query('COMMIT');
    const byReport = new Map<string, [number, number][]>();
    for (const gap of gaps) {
      const list = byReport.get(gap.report_id) ?? [];
      list.push([gap.gap_first, gap.gap_last]);
      byReport.set(gap.report_id, list);
    }
    return reports.map((row) => {
      const says = row.sequence_first !== null && row.sequence_last !== null;
      // A report with no entries names no range (sequence null) and lacks nothing; one from a
      // kiosk before the range was added (no sequence, but entries) does not say.
      const silentOnRange = !says && row.entries > 0;
      return {
        reportId: row.report_id,
        schoolId: row.school_id,
        schoolName: row.school_name ?? row.school_id,
        gateId: row.gate_id,
        gateName: row.gate_name || row.gate_id,
        installationId: row.installation_id,
        generatedAt: row.generated_at,
        entries: row.entries,
        first: row.sequence_first,
        last: row.sequence_last,
        received: silentOnRange ? null : says ? row.received : 0,
        missing: silentOnRange ? null : (byReport.get(row.report_id) ?? []),
      };
    });
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
