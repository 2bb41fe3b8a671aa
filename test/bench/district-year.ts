// A year of a district for the bureau's pages, bulk-loaded straight into PostgreSQL (not through
// HTTP): each school day's partition (ensurePartitions) filled by one INSERT … SELECT over
// generate_series — every gate's pupils arriving 07:10–07:50 Beijing, ~0.5 % retests followed
// by a second reading (one in ten a fever referral, one in ten left unresolved), an unknown
// card now and then, a record lost in transit now and then (the reports' ranges show it
// missing). Daily reports for every gate and day (zero reports on weekends and holidays, and a
// gate closed for a day now and then), ~1 % of gate-days silent and ~3 % late; fever and
// silent alerts, those older than two days acknowledged. Newest day first, until the time
// budget is spent: what was loaded is returned and printed, never assumed.
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { dayStart } from '../../district/service/db';
import { ensurePartitions, partitionName } from '../../district/service/partitions';
import { person } from './district-people';

export interface YearOptions {
  schools: number;
  /** Records per gate on a school day (a 1,000-pupil school over 3 gates: 333). */
  perGate: number;
  budgetSeconds: number;
  /** The last day of the year loaded (YYYY-MM-DD), normally yesterday or today. */
  lastDay: string;
}

export interface YearLoaded {
  schoolDays: string[];
  calendarDays: number;
  records: number;
  reports: number;
  alerts: number;
  seconds: number;
  recordsPerSecond: number;
  vacuumSeconds: number;
}

/** Weekdays outside the winter and summer holidays and National Day week. */
export function isSchoolDay(day: string): boolean {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  const md = day.slice(5);
  return !(
    (md >= '01-24' && md <= '02-28') ||
    (md >= '07-11' && md <= '08-31') ||
    (md >= '10-01' && md <= '10-07')
  );
}

function daysOfYear(lastDay: string): string[] {
  const end = Date.parse(`${lastDay}T12:00:00Z`);
  return Array.from({ length: 365 }, (_, i) =>
    new Date(end - (364 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

/** Each school's 1,000 people (names, classes, ID numbers), joined into the records as they load. */
async function loadPeople(pool: pg.Pool, schools: number): Promise<void> {
  await pool.query(`CREATE UNLOGGED TABLE IF NOT EXISTS bench_people (
    school int, idx int, name text, kind text, class_name text, id_number text, card_text text,
    PRIMARY KEY (school, idx))`);
  for (let school = 0; school < schools; school += 1) {
    const people = Array.from({ length: 1000 }, (_, idx) => person(school, idx));
    await pool.query(
      `INSERT INTO bench_people SELECT $1, i - 1, n, k, c, d, t
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
              WITH ORDINALITY AS p(n, k, c, d, t, i)`,
      [
        school,
        people.map((p) => p.name),
        people.map((p) => p.kind),
        people.map((p) => p.className),
        people.map((p) => p.idNumber),
        people.map((p) => p.cardText),
      ],
    );
  }
}

// h: a hash of (gate, k, day index); hd: of (gate, day index) alone. Both in 0..2^31.
const hash = (parts: string) => `((${parts})::bigint * 2654435761 % 2147483647)`;
const gateDayHash = hash('g * 7919 + $2::int * 104729');
const closedGate = `${gateDayHash} % 100 = 4`;

/** One school day's records, into its own partition. */
function recordsSql(table: string): string {
  const h = hash('g * 1000003 + k * 7919 + $2::int * 104729');
  const hp = hash('g * 1000003 + (k - 1) * 7919 + $2::int * 104729');
  return `
    INSERT INTO ${table} (day, installation_id, sequence, school_id, gate_id, at, direction,
      decision, reasons, card_text, person_name, person_kind, class_name, id_number, celsius,
      temperature_method, temperature_source, measured_by, policy_version,
      follows_installation, follows_sequence, batch_id, received_at)
    SELECT $1::date, inst, base + k + 1, '4403050' || lpad((s + 1)::text, 3, '0'),
      (ARRAY['north','south','east'])[gi + 1], at, 'in',
      CASE WHEN h % 400 = 7 THEN 'deny' WHEN h % 200 = 3 THEN 'retest'
           WHEN follows AND (hp / 200) % 10 = 0 THEN 'refer' ELSE 'pass' END,
      CASE WHEN h % 400 = 7 THEN ARRAY['card-unknown'] WHEN h % 200 = 3 THEN ARRAY['temperature-high']
           WHEN follows AND (hp / 200) % 10 = 0 THEN ARRAY['fever-confirmed']
           WHEN follows THEN ARRAY['temperature-normal-on-retest'] ELSE ARRAY['temperature-normal'] END,
      CASE WHEN h % 400 = 7 THEN 'X' || h % 100000 ELSE card_text END,
      CASE WHEN h % 400 <> 7 THEN name END, CASE WHEN h % 400 <> 7 THEN kind END,
      CASE WHEN h % 400 <> 7 THEN class_name END, CASE WHEN h % 400 <> 7 THEN id_number END,
      CASE WHEN h % 400 = 7 THEN NULL WHEN h % 200 = 3 THEN 37.5 + (h / 200) % 5 / 10.0
           WHEN follows AND (hp / 200) % 10 = 0 THEN 38.1 ELSE 36.1 + (h / 400) % 11 / 10.0 END,
      CASE WHEN h % 400 <> 7 THEN 'device' END, CASE WHEN h % 400 <> 7 THEN 'gy906' END, NULL, 3,
      CASE WHEN follows THEN inst END, CASE WHEN follows THEN base + k END,
      md5(inst::text || $1::date::text || (k / 10))::uuid, at + interval '6 seconds'
    FROM (
      SELECT s, gi, g, k, h, hp, p.name, p.kind, p.class_name, p.id_number, p.card_text,
        md5('inst:' || s || ':' || gi)::uuid AS inst,
        $2::int::bigint * $4::int AS base,
        k > 0 AND hp % 200 = 3 AND (hp / 200) % 10 <> 1 AS follows,
        $5::timestamptz + make_interval(secs => k * 2400.0 / $4::int + gi * 0.37) AS at
      FROM (SELECT s, gi, g, k, ${h} AS h, ${hp} AS hp
              FROM generate_series(0, $3::int - 1) s, generate_series(0, 2) gi,
                   LATERAL (SELECT s * 3 + gi AS g) gg, generate_series(0, $4::int - 1) k) n
      JOIN bench_people p ON p.school = n.s AND p.idx = n.gi + 3 * n.k
      WHERE NOT (${closedGate})
    ) r
    WHERE h % 5000 <> 17`;
}

/** Every gate's report of a day: from the day's records on a school day, zero otherwise. */
function reportsSql(schoolDay: boolean): string {
  const counted = schoolDay
    ? `LEFT JOIN (SELECT installation_id, count(*) FILTER (WHERE decision = 'deny') AS denied,
                    count(*) FILTER (WHERE decision = 'retest') AS retests,
                    count(*) FILTER (WHERE decision = 'refer') AS fever
                    FROM records WHERE day = $1::date GROUP BY installation_id) c
         ON c.installation_id = md5('inst:' || s || ':' || gi)::uuid`
    : `LEFT JOIN (SELECT NULL::uuid AS installation_id, 0 AS denied, 0 AS retests, 0 AS fever) c ON false`;
  const open = schoolDay ? `NOT (${closedGate})` : 'false';
  return `
    INSERT INTO daily_reports (report_id, school_id, gate_id, installation_id, date, generated_at,
      entries, visitors, denied, retests, fever_cases, unresolved_retests, sequence_first,
      sequence_last, zero, digest, received_at, first_received_at, versions)
    SELECT md5('inst:' || s || ':' || gi) || ':' || $1::date::text, '4403050' || lpad((s + 1)::text, 3, '0'),
      (ARRAY['north','south','east'])[gi + 1], md5('inst:' || s || ':' || gi)::uuid, $1::date,
      $5::timestamptz + interval '9 hours 20 minutes',
      CASE WHEN is_open THEN $4::int ELSE 0 END, 0, coalesce(c.denied, 0), coalesce(c.retests, 0),
      coalesce(c.fever, 0), CASE WHEN is_open THEN coalesce(c.retests, 0) / 10 ELSE 0 END,
      CASE WHEN is_open THEN $2::int::bigint * $4::int + 1 END,
      CASE WHEN is_open THEN $2::int::bigint * $4::int + $4::int END,
      NOT is_open, sha256(convert_to(s || ':' || gi || ':' || $1::date::text, 'UTF8')),
      rcv, rcv, CASE WHEN is_open AND hd % 7 = 0 THEN 2 ELSE 1 END
    FROM (SELECT s, gi, g, ${gateDayHash} AS hd, ${open} AS is_open,
            $5::timestamptz + CASE WHEN ${gateDayHash} % 100 BETWEEN 1 AND 3
              THEN interval '10 hours 55 minutes' ELSE interval '9 hours 20 minutes 3 seconds' END AS rcv
            FROM (SELECT s, gi, s * 3 + gi AS g FROM generate_series(0, $3::int - 1) s,
                    generate_series(0, 2) gi) n) r
    ${counted}
    WHERE hd % 100 <> 0`;
}

/** A day's alerts: each fever referral, and each school with a gate silent that day. */
const alertsSql = `
  INSERT INTO alerts (kind, school_id, gate_id, day, record_id, detail, raised_at,
    acknowledged_at, acknowledged_by, note)
  SELECT 'fever', school_id, gate_id, day, installation_id || ':' || sequence,
    jsonb_build_object('name', person_name, 'className', class_name, 'celsius', celsius,
      'gateId', gate_id, 'at', at, 'reasons', reasons), received_at,
    CASE WHEN $2 THEN received_at + interval '25 minutes' END, CASE WHEN $2 THEN 'officer' END,
    CASE WHEN $2 THEN '已联系家长' END
  FROM records WHERE day = $1::date AND decision = 'refer'
  UNION ALL
  SELECT 'silent', g.school_id, '', $1::date, '', jsonb_build_object('gates', array_agg(g.gate_id)),
    $3::timestamptz, CASE WHEN $2 THEN $3::timestamptz + interval '1 hour' END,
    CASE WHEN $2 THEN 'officer' END, CASE WHEN $2 THEN '学校已补报' END
  FROM gates g WHERE NOT EXISTS (SELECT 1 FROM daily_reports r WHERE r.date = $1::date
    AND r.school_id = g.school_id AND r.gate_id = g.gate_id)
  GROUP BY g.school_id`;

export async function loadYear(pool: pg.Pool, options: YearOptions): Promise<YearLoaded> {
  const started = performance.now();
  await loadPeople(pool, options.schools);
  const calendar = daysOfYear(options.lastDay);
  const school = calendar.filter(isSchoolDay);
  const loaded: string[] = [];
  let records = 0;
  let calendarDays = 0;
  // Newest first: the latest days are what the pages show most; stop when the budget is spent.
  for (let i = calendar.length - 1; i >= 0; i -= 1) {
    const day = calendar[i] as string;
    const index = school.indexOf(day);
    const params = [day, Math.max(index, 0), options.schools, options.perGate, dayStart(day)];
    if (index >= 0) {
      await ensurePartitions(pool, [day]);
      const inserted = await pool.query(recordsSql(partitionName(day)), params);
      records += inserted.rowCount ?? 0;
      loaded.push(day);
    }
    await pool.query(reportsSql(index >= 0), params);
    // The deadline (16:30 Beijing) is 08:30 UTC, the day's start + 16.5 h.
    const deadline = new Date(dayStart(day).getTime() + 16.5 * 3600_000);
    await pool.query(alertsSql, [day, i < calendar.length - 2, deadline]);
    calendarDays += 1;
    const elapsed = (performance.now() - started) / 1000;
    const perDay = elapsed / Math.max(1, loaded.length);
    if (loaded.length % 10 === 1) {
      console.log(
        `  ${day}: ${records.toLocaleString('en')} records in ${loaded.length} school days, ${elapsed.toFixed(0)} s`,
      );
    }
    if (elapsed + perDay > options.budgetSeconds) break;
  }
  const seconds = (performance.now() - started) / 1000;
  await pool.query('DROP TABLE bench_people');
  const analyzing = performance.now();
  // A year-old database has been vacuumed by autovacuum many times over: the visibility map is
  // set (index-only scans skip the table) and the statistics are there.
  await pool.query('VACUUM (ANALYZE)');
  const count = async (sql: string) => Number((await pool.query(sql)).rows[0]?.n ?? 0);
  return {
    schoolDays: loaded.reverse(),
    calendarDays,
    records,
    reports: await count('SELECT count(*) AS n FROM daily_reports'),
    alerts: await count('SELECT count(*) AS n FROM alerts'),
    seconds,
    recordsPerSecond: records / seconds,
    vacuumSeconds: (performance.now() - analyzing) / 1000,
  };
}
