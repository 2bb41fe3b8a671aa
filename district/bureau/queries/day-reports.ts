// The day's reports by deadline (R8): for each gate the bureau expects a report from, whether
// it sent one by the deadline (sent, or a zero report), after it (late), not at all (silent),
// or the deadline has not come yet (pending). A gate is expected when it was registered before
// the day's deadline, has a secret, and neither it nor its school was closed by then; a gate
// that reported is shown whatever the register says now.
import type pg from 'pg';
import { beijingInstant } from '../format';
import { missingCountsOfDay } from './missing';
import { reportDeadline } from './settings';

export type GateStatus = 'silent' | 'late' | 'pending' | 'zero' | 'sent';

/** Problems first: the order of the counts and of the schools. */
export const statusOrder: readonly GateStatus[] = ['silent', 'late', 'pending', 'zero', 'sent'];

export interface ReportCounts {
  entries: number;
  visitors: number;
  denied: number;
  retests: number;
  feverCases: number;
  unresolvedRetests: number | null;
}

export interface GateOfDay {
  schoolId: string;
  gateId: string;
  /** As registered; the gate's id when it has no name. */
  gateName: string;
  status: GateStatus;
  /** When the first version of the day's first report arrived. */
  firstReceivedAt: Date | null;
  /** When the latest version arrived. */
  receivedAt: Date | null;
  /** Versions over the gate's reports of the day (corrections count). */
  versions: number;
  /** Reports of the day (more than one when a kiosk was reinstalled during the day). */
  reports: number;
  counts: ReportCounts | null;
  /** Sequences missing over the gate's reports; null when no report says. */
  missing: number | null;
}

export interface SchoolOfDay {
  schoolId: string;
  name: string;
  area: string;
  /** The worst of its gates. */
  status: GateStatus;
  gates: GateOfDay[];
}

export interface DayReports {
  day: string;
  deadline: string;
  deadlineAt: Date;
  /** Whether the deadline has passed at now(). */
  due: boolean;
  /** Gates by status. */
  counts: Record<GateStatus, number>;
  schools: SchoolOfDay[];
  /** Schools registered at all (to tell "none registered" from "none expected"). */
  registeredSchools: number;
}

interface Row {
  school_id: string;
  gate_id: string;
  school_name: string | null;
  area: string | null;
  gate_name: string | null;
  first_received_at: Date | null;
  received_at: Date | null;
  versions: number | null;
  reports: number;
  entries: number | null;
  visitors: number | null;
  denied: number | null;
  retests: number | null;
  fever_cases: number | null;
  unresolved_retests: number | null;
  all_zero: boolean | null;
}

const gatesOfDay = `
  WITH expected AS (
    SELECT g.school_id, g.gate_id
    FROM gates g JOIN schools s ON s.school_id = g.school_id
    WHERE g.secret_issued_at IS NOT NULL AND g.created_at < $2
      AND (g.revoked_at IS NULL OR g.revoked_at > $2)
      AND (s.closed_at IS NULL OR s.closed_at > $2)
      AND ($3::text IS NULL OR g.school_id = $3)
  ),
  reported AS (
    SELECT school_id, gate_id, min(first_received_at) AS first_received_at,
           max(received_at) AS received_at, sum(versions) AS versions, count(*) AS reports,
           sum(entries) AS entries, sum(visitors) AS visitors, sum(denied) AS denied,
           sum(retests) AS retests, sum(fever_cases) AS fever_cases,
           sum(unresolved_retests) AS unresolved_retests, bool_and(zero) AS all_zero
    FROM daily_reports
    WHERE date = $1 AND ($3::text IS NULL OR school_id = $3)
    GROUP BY school_id, gate_id
  ),
  keys AS (
    SELECT school_id, gate_id FROM expected UNION SELECT school_id, gate_id FROM reported
  )
  SELECT k.school_id, k.gate_id, s.name AS school_name, s.area, g.name AS gate_name,
         r.first_received_at, r.received_at, r.versions, coalesce(r.reports, 0) AS reports,
         r.entries, r.visitors, r.denied, r.retests, r.fever_cases, r.unresolved_retests,
         r.all_zero
  FROM keys k
  LEFT JOIN reported r ON r.school_id = k.school_id AND r.gate_id = k.gate_id
  LEFT JOIN schools s ON s.school_id = k.school_id
  LEFT JOIN gates g ON g.school_id = k.school_id AND g.gate_id = k.gate_id
  ORDER BY k.school_id, k.gate_id`;

/** A gate's status against the deadline, from the arrival of its first report. */
export function statusOf(
  firstReceivedAt: Date | null,
  allZero: boolean,
  deadlineAt: Date,
  now: number,
): GateStatus {
  if (firstReceivedAt === null) return now >= deadlineAt.getTime() ? 'silent' : 'pending';
  if (firstReceivedAt.getTime() > deadlineAt.getTime()) return 'late';
  return allZero ? 'zero' : 'sent';
}

export async function dayReports(
  pool: pg.Pool,
  day: string,
  now: number,
  schoolId: string | null = null,
  // The minute sweep needs only the statuses, not the missing records' count.
  options: { missing?: boolean } = {},
): Promise<DayReports> {
  const deadline = await reportDeadline(pool);
  const deadlineAt = beijingInstant(day, deadline);
  const [rows, missing, registered] = await Promise.all([
    pool.query<Row>(gatesOfDay, [day, deadlineAt, schoolId]).then((result) => result.rows),
    options.missing === false ? Promise.resolve([]) : missingCountsOfDay(pool, day, schoolId),
    pool.query<{ n: number }>('SELECT count(*) AS n FROM schools'),
  ]);
  const missingByGate = new Map<string, number>();
  for (const report of missing) {
    if (report.missing === null) continue;
    const key = `${report.schoolId}\u0000${report.gateId}`;
    missingByGate.set(key, (missingByGate.get(key) ?? 0) + report.missing);
  }
  const counts: Record<GateStatus, number> = { silent: 0, late: 0, pending: 0, zero: 0, sent: 0 };
  const schools = new Map<string, SchoolOfDay>();
  for (const row of rows) {
    const status = statusOf(row.first_received_at, row.all_zero ?? false, deadlineAt, now);
    counts[status] += 1;
    const gate: GateOfDay = {
      schoolId: row.school_id,
      gateId: row.gate_id,
      gateName: row.gate_name || row.gate_id,
      status,
      firstReceivedAt: row.first_received_at,
      receivedAt: row.received_at,
      versions: row.versions ?? 0,
      reports: row.reports,
      counts:
        row.reports === 0
          ? null
          : {
              entries: row.entries ?? 0,
              visitors: row.visitors ?? 0,
              denied: row.denied ?? 0,
              retests: row.retests ?? 0,
              feverCases: row.fever_cases ?? 0,
              unresolvedRetests: row.unresolved_retests,
            },
      missing: missingByGate.get(`${row.school_id}\u0000${row.gate_id}`) ?? null,
    };
    const school = schools.get(row.school_id) ?? {
      schoolId: row.school_id,
      name: row.school_name ?? row.school_id,
      area: row.area ?? '',
      status: 'sent',
      gates: [],
    };
    school.gates.push(gate);
    if (statusOrder.indexOf(status) < statusOrder.indexOf(school.status)) school.status = status;
    schools.set(row.school_id, school);
  }
  const sorted = [...schools.values()].sort(
    (a, b) =>
      statusOrder.indexOf(a.status) - statusOrder.indexOf(b.status) ||
      a.schoolId.localeCompare(b.schoolId),
  );
  return {
    day,
    deadline,
    deadlineAt,
    due: now >= deadlineAt.getTime(),
    counts,
    schools: sorted,
    registeredSchools: registered.rows[0]?.n ?? 0,
  };
}
