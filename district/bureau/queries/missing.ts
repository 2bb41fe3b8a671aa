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

// The reports of the day with the records received in each one's range. For the whole district
// the day's partition is read once, in its key's order (installation, sequence), counting each
// installation's records (the ORDER BY in the subquery makes the planner take the key's index
// rather than reading the table), less the few outside the report's range (entries after the
// report was made), each found by a short index range; one count per report instead cost a
// descent and an aggregate per report (163 ms against 60 ms for a 300-school day).
const reportColumns = `
  d.report_id, d.school_id, s.name AS school_name, d.gate_id, g.name AS gate_name,
  d.installation_id, d.generated_at, d.entries, d.sequence_first, d.sequence_last`;
const reportJoins = `
  LEFT JOIN schools s ON s.school_id = d.school_id
  LEFT JOIN gates g ON g.school_id = d.school_id AND g.gate_id = d.gate_id`;
const outsideRange = `
  (SELECT count(*) FROM records r
    WHERE r.day = $1 AND r.installation_id = d.installation_id AND r.sequence < d.sequence_first)
  - (SELECT count(*) FROM records r
    WHERE r.day = $1 AND r.installation_id = d.installation_id AND r.sequence > d.sequence_last)`;
const reportsOfDistrict = `
  WITH c AS (
    SELECT installation_id, count(*) AS n
    FROM (SELECT installation_id FROM records WHERE day = $1
          ORDER BY installation_id, sequence) k
    GROUP BY installation_id
  )
  SELECT ${reportColumns},
         CASE WHEN d.sequence_first IS NULL THEN 0
              ELSE coalesce(c.n, 0) - ${outsideRange} END AS received
  FROM daily_reports d
  LEFT JOIN c ON c.installation_id = d.installation_id ${reportJoins}
  WHERE d.date = $1
  ORDER BY d.school_id, d.gate_id, d.report_id`;
// A school's few reports: a count over each one's range.
const reportsOfSchool = `
  SELECT ${reportColumns},
         (SELECT count(*) FROM records r
           WHERE r.day = $1 AND r.installation_id = d.installation_id
             AND r.sequence BETWEEN d.sequence_first AND d.sequence_last) AS received
  FROM daily_reports d ${reportJoins}
  WHERE d.date = $1 AND d.school_id = $2
  ORDER BY d.school_id, d.gate_id, d.report_id`;

// The gaps of the ranges given (only reports that received fewer records than their range
// holds): between consecutive stored sequences of each range, read in the key's order, with a
// sentinel just past its end; then less the other days' ranges of the same installation that
// overlap it (a kiosk whose clock was set back files those sequences under another day), found
// by installation (the index of 0002). The kiosk goes back at most 31 days, so another day's
// range that could overlap this one lies within that distance. $6 false: only the reports that
// such a range overlaps (a count needs the gaps only there: elsewhere it is the range's size
// less the records received).
const gapsOfReports = `
  WITH r AS MATERIALIZED (
    SELECT r.*, o.spans
    FROM unnest($2::text[], $3::uuid[], $4::bigint[], $5::bigint[])
      AS r (report_id, installation_id, f, l)
    CROSS JOIN LATERAL (
      SELECT range_agg(int8range(o.sequence_first, o.sequence_last, '[]')) AS spans
      FROM daily_reports o
      WHERE o.installation_id = r.installation_id
        AND o.date BETWEEN $1::date - 62 AND $1::date + 62 AND o.date <> $1
        AND o.sequence_first <= r.l AND o.sequence_last >= r.f) o
  )
  SELECT r.report_id, gap.gap_first, gap.gap_last
  FROM r LEFT JOIN LATERAL (
    SELECT lower(m) AS gap_first, upper(m) - 1 AS gap_last
    FROM (SELECT prev + 1 AS a, seq - 1 AS b
          FROM (SELECT seq, lag(seq, 1, r.f - 1) OVER (ORDER BY seq) AS prev
                FROM (SELECT sequence AS seq FROM records
                      WHERE day = $1 AND installation_id = r.installation_id
                        AND sequence BETWEEN r.f AND r.l
                      UNION ALL SELECT r.l + 1) s) x
          WHERE seq > prev + 1) g
    CROSS JOIN LATERAL unnest(int8multirange(int8range(g.a, g.b, '[]'))
                              - coalesce(r.spans, '{}')) AS m
  ) gap ON true
  WHERE $6::boolean OR r.spans IS NOT NULL
  ORDER BY r.report_id, gap.gap_first`;

/** A report of the day with how many of its range's sequences are missing (no ranges). */
export interface MissingCount {
  reportId: string;
  schoolId: string;
  gateId: string;
  /** null when the report does not say (a kiosk from before the range was added). */
  missing: number | null;
}

async function ofDay(
  pool: pg.Pool,
  day: string,
  schoolId: string | null,
  ranges: boolean,
): Promise<{ reports: ReportRow[]; gaps: Map<string, [number, number][]> }> {
  const client = await pool.connect();
  try {
    // One snapshot, so the reports and the records describe the same moment.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const reports = (
      await client.query<ReportRow>(
        schoolId === null ? reportsOfDistrict : reportsOfSchool,
        schoolId === null ? [day] : [day, schoolId],
      )
    ).rows;
    // Only a report that received fewer records than its range holds can lack any.
    const short = reports.filter(
      (row) =>
        row.sequence_first !== null &&
        row.sequence_last !== null &&
        row.received < row.sequence_last - row.sequence_first + 1,
    );
    const gaps = new Map<string, [number, number][]>();
    if (short.length > 0) {
      const found = await client.query<{
        report_id: string;
        gap_first: number | null;
        gap_last: number | null;
      }>(gapsOfReports, [
        day,
        short.map((row) => row.report_id),
        short.map((row) => row.installation_id),
        short.map((row) => row.sequence_first),
        short.map((row) => row.sequence_last),
        ranges,
      ]);
      // A row for each report asked about; a null gap when other days' ranges cover them all.
      for (const gap of found.rows) {
        const list = gaps.get(gap.report_id) ?? [];
        if (gap.gap_first !== null && gap.gap_last !== null)
          list.push([gap.gap_first, gap.gap_last]);
        gaps.set(gap.report_id, list);
      }
    }
    await client.query('COMMIT');
    return { reports, gaps };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

// A report with no entries names no range (sequence null) and lacks nothing; one from a kiosk
// before the range was added (no sequence, but entries) does not say.
const silentOnRange = (row: ReportRow) =>
  (row.sequence_first === null || row.sequence_last === null) && row.entries > 0;

/** Each report of the day (of one school, if named) against the records stored. */
export async function missingOfDay(
  pool: pg.Pool,
  day: string,
  schoolId: string | null = null,
): Promise<MissingOfReport[]> {
  const { reports, gaps } = await ofDay(pool, day, schoolId, true);
  return reports.map((row) => {
    const silent = silentOnRange(row);
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
      received: silent ? null : row.sequence_first !== null ? row.received : 0,
      missing: silent ? null : (gaps.get(row.report_id) ?? []),
    };
  });
}

/**
 * How many sequences each report of the day lacks, without the ranges (today's page): its
 * range's size less the records received, the gaps worked out only where another day's range
 * overlaps it.
 */
export async function missingCountsOfDay(
  pool: pg.Pool,
  day: string,
  schoolId: string | null = null,
): Promise<MissingCount[]> {
  const { reports, gaps } = await ofDay(pool, day, schoolId, false);
  return reports.map((row) => {
    const found = gaps.get(row.report_id);
    let missing: number | null;
    if (silentOnRange(row)) missing = null;
    else if (row.sequence_first === null || row.sequence_last === null) missing = 0;
    else if (found) missing = found.reduce((sum, [a, b]) => sum + (b - a + 1), 0);
    else missing = row.sequence_last - row.sequence_first + 1 - row.received;
    return { reportId: row.report_id, schoolId: row.school_id, gateId: row.gate_id, missing };
  });
}
