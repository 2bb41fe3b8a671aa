// Alerts the bureau acknowledges: a fever referral (raised by the ingest with the record) and a
// school silent at the deadline (raised here by sweep()). Each is raised once: the table's
// unique key (kind, school, day, record) decides, so two sweeps at once, in one process or
// two, raise one alert.
import type pg from 'pg';
import { inTransaction, schoolDay } from '../../service/db';
import { dayReports } from './day-reports';
import { audit } from './settings';

export interface Alert {
  alertId: number;
  kind: 'silent' | 'fever';
  schoolId: string;
  schoolName: string;
  gateId: string;
  gateName: string;
  day: string;
  recordId: string;
  detail: AlertDetail;
  raisedAt: Date;
  acknowledgedAt: Date | null;
  /** The acknowledging account's name as people know it (its username if it has none). */
  acknowledgedBy: string | null;
  note: string | null;
  /** For a silent school: when a report of the day arrived after all, if one has. */
  reportedAt: Date | null;
}

export interface AlertDetail {
  // A fever referral, as the ingest wrote it.
  name?: string | null;
  className?: string | null;
  celsius?: number | null;
  gateId?: string;
  at?: string;
  reasons?: string[];
  // A silent school: its gates without a report at the deadline.
  gates?: { gateId: string; name: string }[];
  deadline?: string;
}

interface Row {
  alert_id: number;
  kind: 'silent' | 'fever';
  school_id: string;
  school_name: string | null;
  gate_id: string;
  gate_name: string | null;
  day: string;
  record_id: string;
  detail: AlertDetail;
  raised_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  note: string | null;
  reported_at: Date | null;
}

const select = `
  SELECT a.alert_id, a.kind, a.school_id, s.name AS school_name, a.gate_id, g.name AS gate_name,
         a.day, a.record_id, a.detail, a.raised_at, a.acknowledged_at, a.note,
         coalesce(acc.display_name, a.acknowledged_by) AS acknowledged_by,
         CASE WHEN a.kind = 'silent' THEN
           (SELECT min(d.first_received_at) FROM daily_reports d
             WHERE d.date = a.day AND d.school_id = a.school_id) END AS reported_at
  FROM alerts a
  LEFT JOIN schools s ON s.school_id = a.school_id
  LEFT JOIN gates g ON g.school_id = a.school_id AND g.gate_id = a.gate_id
  LEFT JOIN accounts acc ON acc.username = a.acknowledged_by`;

function alertOf(row: Row): Alert {
  return {
    alertId: row.alert_id,
    kind: row.kind,
    schoolId: row.school_id,
    schoolName: row.school_name ?? row.school_id,
    gateId: row.gate_id,
    gateName: row.gate_name || row.gate_id,
    day: row.day,
    recordId: row.record_id,
    detail: row.detail,
    raisedAt: row.raised_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
    note: row.note,
    reportedAt: row.reported_at,
  };
}

/** Open alerts newest first, and the latest acknowledged ones. */
export async function listAlerts(pool: pg.Pool): Promise<{ open: Alert[]; acknowledged: Alert[] }> {
  const [open, done] = await Promise.all([
    pool.query<Row>(
      `${select} WHERE a.acknowledged_at IS NULL ORDER BY a.raised_at DESC, a.alert_id DESC
       LIMIT 500`,
    ),
    pool.query<Row>(
      `${select} WHERE a.acknowledged_at IS NOT NULL
       ORDER BY a.acknowledged_at DESC, a.alert_id DESC LIMIT 50`,
    ),
  ]);
  return { open: open.rows.map(alertOf), acknowledged: done.rows.map(alertOf) };
}

export async function openAlertCount(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    'SELECT count(*) AS n FROM alerts WHERE acknowledged_at IS NULL',
  );
  return rows[0]?.n ?? 0;
}

export type AcknowledgeResult = 'acknowledged' | 'already' | 'no-such-alert';

/** Acknowledges an open alert by a named account; a second acknowledgement changes nothing. */
export async function acknowledgeAlert(
  pool: pg.Pool,
  alertId: number,
  username: string,
  note: string,
  now: number,
): Promise<AcknowledgeResult> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ acknowledged_at: Date | null }>(
      `UPDATE alerts SET acknowledged_at = $2, acknowledged_by = $3, note = $4
       WHERE alert_id = $1 AND acknowledged_at IS NULL
       RETURNING acknowledged_at`,
      [alertId, new Date(now), username, note],
    );
    if (rows.length === 0) {
      const known = await client.query('SELECT 1 FROM alerts WHERE alert_id = $1', [alertId]);
      return known.rowCount ? 'already' : 'no-such-alert';
    }
    await audit(client, now, username, 'acknowledge-alert', { alertId, note });
    return 'acknowledged';
  });
}

/**
 * Raises a `silent` alert for each school with a gate that has no report of today (the school
 * day of now) once the deadline has passed. Returns how many alerts were new.
 */
export async function sweepSilent(pool: pg.Pool, now: number): Promise<number> {
  const day = schoolDay(now);
  const reports = await dayReports(pool, day, now, null, { missing: false });
  if (!reports.due) return 0;
  let raised = 0;
  for (const school of reports.schools) {
    const silent = school.gates.filter((gate) => gate.status === 'silent');
    if (silent.length === 0) continue;
    const detail: AlertDetail = {
      gates: silent.map((gate) => ({ gateId: gate.gateId, name: gate.gateName })),
      deadline: reports.deadline,
    };
    const result = await pool.query(
      `INSERT INTO alerts (kind, school_id, gate_id, day, record_id, detail, raised_at)
       VALUES ('silent', $1, '', $2, '', $3, $4)
       ON CONFLICT (kind, school_id, day, record_id) DO NOTHING`,
      [school.schoolId, day, detail, new Date(now)],
    );
    raised += result.rowCount ?? 0;
  }
  return raised;
}
