// Records for the pages: fever referrals and unresolved retests across the district, and a
// school's day. Each reads the day's partition of `records`.
import type pg from 'pg';

export interface RecordRow {
  recordId: string;
  schoolId: string;
  schoolName: string;
  gateId: string;
  gateName: string;
  at: Date;
  direction: string;
  decision: string;
  reasons: string[];
  cardText: string;
  name: string | null;
  kind: string | null;
  className: string | null;
  /** In full: the pages mask it, only the audited export writes it out. */
  idNumber: string | null;
  celsius: number | null;
  method: string | null;
  measuredBy: string | null;
  followsRecordId: string | null;
}

interface Row {
  installation_id: string;
  sequence: number;
  school_id: string;
  school_name: string | null;
  gate_id: string;
  gate_name: string | null;
  at: Date;
  direction: string;
  decision: string;
  reasons: string[];
  card_text: string;
  person_name: string | null;
  person_kind: string | null;
  class_name: string | null;
  id_number: string | null;
  celsius: number | null;
  temperature_method: string | null;
  measured_by: string | null;
  follows_installation: string | null;
  follows_sequence: number | null;
}

const columns = `
  r.installation_id, r.sequence, r.school_id, s.name AS school_name, r.gate_id,
  g.name AS gate_name, r.at, r.direction, r.decision, r.reasons, r.card_text, r.person_name,
  r.person_kind, r.class_name, r.id_number, r.celsius, r.temperature_method, r.measured_by,
  r.follows_installation, r.follows_sequence
  FROM records r
  LEFT JOIN schools s ON s.school_id = r.school_id
  LEFT JOIN gates g ON g.school_id = r.school_id AND g.gate_id = r.gate_id`;

function recordOf(row: Row): RecordRow {
  return {
    recordId: `${row.installation_id}:${row.sequence}`,
    schoolId: row.school_id,
    schoolName: row.school_name ?? row.school_id,
    gateId: row.gate_id,
    gateName: row.gate_name || row.gate_id,
    at: row.at,
    direction: row.direction,
    decision: row.decision,
    reasons: row.reasons,
    cardText: row.card_text,
    name: row.person_name,
    kind: row.person_kind,
    className: row.class_name,
    idNumber: row.id_number,
    celsius: row.celsius,
    method: row.temperature_method,
    measuredBy: row.measured_by,
    followsRecordId:
      row.follows_installation === null
        ? null
        : `${row.follows_installation}:${row.follows_sequence}`,
  };
}

// A retest is resolved by the record that follows it (a second reading, or the guard ending
// it), which comes the same day or, past midnight, the next. The days are the query's $1, not
// r.day: a bound the planner knows prunes to those two partitions, where r.day had every
// partition of the year planned for each page (105 ms of planning at 120 days).
const unresolved = `NOT EXISTS (
  SELECT 1 FROM records f
  WHERE f.follows_installation = r.installation_id AND f.follows_sequence = r.sequence
    AND f.day BETWEEN $1::date AND $1::date + 1)`;

export interface Watch {
  referrals: RecordRow[];
  unresolvedRetests: RecordRow[];
}

/** The day's fever referrals and its retests nothing has followed, newest first. */
export async function watchOfDay(pool: pg.Pool, day: string, limit = 500): Promise<Watch> {
  const { rows } = await pool.query<Row>(
    `SELECT ${columns}
     WHERE r.day = $1
       AND (r.decision = 'refer' OR (r.decision = 'retest' AND ${unresolved}))
     ORDER BY r.at DESC, r.sequence DESC
     LIMIT $2`,
    [day, limit],
  );
  const records = rows.map(recordOf);
  return {
    referrals: records.filter((record) => record.decision === 'refer'),
    unresolvedRetests: records.filter((record) => record.decision === 'retest'),
  };
}

/** A school's records of the day, newest first; `limit` null for all of them (the export). */
export async function schoolRecords(
  pool: pg.Pool,
  schoolId: string,
  day: string,
  offset: number,
  limit: number | null,
): Promise<{ total: number; records: RecordRow[] }> {
  const [total, page] = await Promise.all([
    pool.query<{ n: number }>(
      'SELECT count(*) AS n FROM records WHERE day = $1 AND school_id = $2',
      [day, schoolId],
    ),
    pool.query<Row>(
      `SELECT ${columns}
       WHERE r.day = $1 AND r.school_id = $2
       ORDER BY r.at DESC, r.sequence DESC
       OFFSET $3 LIMIT $4`,
      [day, schoolId, offset, limit],
    ),
  ]);
  return { total: total.rows[0]?.n ?? 0, records: page.rows.map(recordOf) };
}

export interface SchoolInfo {
  schoolId: string;
  name: string;
  area: string;
  closedAt: Date | null;
}

export async function schoolInfo(pool: pg.Pool, schoolId: string): Promise<SchoolInfo | null> {
  const { rows } = await pool.query<{
    school_id: string;
    name: string;
    area: string;
    closed_at: Date | null;
  }>('SELECT school_id, name, area, closed_at FROM schools WHERE school_id = $1', [schoolId]);
  const row = rows[0];
  return row
    ? { schoolId: row.school_id, name: row.name, area: row.area, closedAt: row.closed_at }
    : null;
}

export interface ReportVersion {
  reportId: string;
  gateId: string;
  gateName: string;
  generatedAt: Date;
  firstReceivedAt: Date;
  receivedAt: Date;
  versions: number;
  zero: boolean;
  absentIll: number | null;
  returnsCleared: number | null;
}

/** The school's reports of the day, one row per report (a reinstalled kiosk sends two). */
export async function schoolReports(
  pool: pg.Pool,
  schoolId: string,
  day: string,
): Promise<ReportVersion[]> {
  const { rows } = await pool.query<{
    report_id: string;
    gate_id: string;
    gate_name: string | null;
    generated_at: Date;
    first_received_at: Date;
    received_at: Date;
    versions: number;
    zero: boolean;
    absent_ill: number | null;
    returns_cleared: number | null;
  }>(
    `SELECT d.report_id, d.gate_id, g.name AS gate_name, d.generated_at, d.first_received_at,
            d.received_at, d.versions, d.zero, d.absent_ill, d.returns_cleared
     FROM daily_reports d
     LEFT JOIN gates g ON g.school_id = d.school_id AND g.gate_id = d.gate_id
     WHERE d.date = $1 AND d.school_id = $2
     ORDER BY d.gate_id, d.first_received_at`,
    [day, schoolId],
  );
  return rows.map((row) => ({
    reportId: row.report_id,
    gateId: row.gate_id,
    gateName: row.gate_name || row.gate_id,
    generatedAt: row.generated_at,
    firstReceivedAt: row.first_received_at,
    receivedAt: row.received_at,
    versions: row.versions,
    zero: row.zero,
    absentIll: row.absent_ill,
    returnsCleared: row.returns_cleared,
  }));
}
