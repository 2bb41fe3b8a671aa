// The school year `npm run bench:absences` (test/bench/absence-bench.ts) measures, written with
// plain SQL into a migrated database (one prepared INSERT a table, in big transactions):
//  - BENCH_PUPILS (2400) pupils in 48 classes; BENCH_DAYS (200) school days, weekdays from
//    2025-09-01, the last one "today" (the clock reads 10:00 that day);
//  - two entries a pupil a school day (in 07:00–08:00, out 16:30–17:30; today only in), none
//    on a day they were absent: ~1M rows for a year;
//  - absences at BENCH_ABSENT_SHARE (0.03) of pupils absent a day, 1–5 days long (mean 3), each
//    with 2 follow-up calls; illness ends with a certificate on the return morning (one in ten
//    was held at the gate first), another cause ends as returned; 40 open today, their illness
//    ones held (status needs-certificate), 12 of those denied at a gate this morning.
// The same school every run (a seeded generator). For the bench only: the kiosk writes these
// rows through the entry log and backend/absences.
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { shanghaiDayRange } from '../../contract/school-time';
import { insertPolicyRow } from '../fixtures/entry-rows';
import { testCipher } from '../rigs/field-cipher';

export const pupils = Number(process.env.BENCH_PUPILS ?? 2400);
const schoolDays = Number(process.env.BENCH_DAYS ?? 200);
const absentShare = Number(process.env.BENCH_ABSENT_SHARE ?? 0.03);
const openNow = 40;
const heldToday = 12;
const classes = Array.from(
  { length: 48 },
  (_, i) => `${Math.floor(i / 8) + 1}年级${(i % 8) + 1}班`,
);
const gates = ['north', 'south', 'east'];

// The same school every run: a seeded generator (mulberry32).
let seed = 20250901;
export function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** The school days, Monday to Friday from the first of September. */
export const days: string[] = [];
for (let at = Date.UTC(2025, 8, 1); days.length < schoolDays; at += 86_400_000) {
  const weekday = new Date(at).getUTCDay();
  if (weekday !== 0 && weekday !== 6) days.push(new Date(at).toISOString().slice(0, 10));
}
const todayIndex = days.length - 1;
export const today = days[todayIndex] as string;
export const midYear = days[Math.floor(days.length / 2)] as string;
/** A Shanghai wall-clock time of a school day, as the kiosk stores it (UTC ISO). */
const at = (day: number, minutes: number) =>
  new Date(Date.parse(shanghaiDayRange(days[day] as string).from) + minutes * 60_000).toISOString();
export const now = () => new Date(at(todayIndex, 600));

interface Planned {
  person: number;
  start: number;
  /** The day they are back (ended that morning); past today when still open. */
  back: number;
  cause: 'illness' | 'fever-at-gate' | 'other';
  heldFirst: boolean;
}

/** Who is absent when: started each day at the share's rate, 40 left open today. */
export function planAbsences(): Planned[] {
  const plan: Planned[] = [];
  const freeFrom = new Int32Array(pupils + 1);
  const startsADay = (pupils * absentShare) / 3;
  const start = (day: number, length: number) => {
    let person = 1 + Math.floor(random() * pupils);
    while ((freeFrom[person] ?? 0) > day) person = 1 + Math.floor(random() * pupils);
    const draw = random();
    const cause = draw < 0.6 ? 'illness' : draw < 0.7 ? 'fever-at-gate' : 'other';
    plan.push({ person, start: day, back: day + length, cause, heldFirst: random() < 0.1 });
    freeFrom[person] = day + length + 1;
  };
  for (let day = 0; day <= todayIndex; day += 1) {
    const count = Math.round(startsADay * (0.5 + random()));
    for (let n = 0; n < count; n += 1) start(day, 1 + Math.floor(random() * 5));
  }
  // Exactly 40 open now, the newest: the others came back this morning (today's ended absences
  // and certificates).
  const open = plan.filter((each) => each.back > todayIndex).sort((a, b) => b.start - a.start);
  for (const each of open.slice(openNow)) each.back = todayIndex;
  for (let n = open.length; n < openNow; n += 1) start(todayIndex - (n % 3), 5);
  return plan;
}

export function fillPeople(db: Database): void {
  const insert = db.prepare(
    `INSERT INTO people (id, card, name, kind, class_name, imported_at)
     VALUES (?, ?, ?, 'student', ?, '2025-08-25T00:00:00.000Z')`,
  );
  db.transaction(() => {
    for (let id = 1; id <= pupils; id += 1) {
      insert.run(id, `S${String(id).padStart(6, '0')}`, `学生${id}`, classes[(id - 1) % 48]);
    }
  })();
}

/** A year of the gates' entries, in time order as the gates wrote them. */
export function fillEntries(db: Database, plan: Planned[]): number {
  insertPolicyRow(db, 1);
  const insert = db.prepare(
    `INSERT INTO entries (check_id, at, gate_id, direction, decision, reasons, card_text,
       identity_source, person_id, name, kind, class_name, temperature_c, temperature_source,
       temperature_at, temperature_method, policy_version, person_status, person_status_reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'wedge', ?, ?, 'student', ?, ?, ?, ?, ?, 1, ?, ?)`,
  );
  const absentOn = new Map<number, Set<number>>();
  const heldOn = new Map<number, Planned[]>();
  for (const each of plan) {
    for (let day = each.start; day < Math.min(each.back, todayIndex + 1); day += 1) {
      absentOn.set(day, (absentOn.get(day) ?? new Set()).add(each.person));
    }
    if (each.cause !== 'other' && each.heldFirst && each.back <= todayIndex) {
      heldOn.set(each.back, [...(heldOn.get(each.back) ?? []), each]);
    }
  }
  const heldNow = plan.filter((each) => each.back > todayIndex && each.cause !== 'other');
  heldOn.set(todayIndex, [...(heldOn.get(todayIndex) ?? []), ...heldNow.slice(0, heldToday)]);
  type Row = [number, number, 'in' | 'out', 'pass' | 'deny', string];
  let written = 0;
  const write = (day: number, [person, minutes, direction, decision, reasons]: Row) => {
    const when = at(day, minutes);
    const warm = direction === 'in';
    const held = decision === 'deny';
    insert.run(
      randomUUID(),
      when,
      pick(gates),
      direction,
      decision,
      reasons,
      `S${String(person).padStart(6, '0')}`,
      person,
      `学生${person}`,
      classes[(person - 1) % 48],
      warm ? 36.3 + random() : null,
      warm ? 'gy906' : null,
      warm ? when : null,
      warm ? 'device' : null,
      held ? 'needs-certificate' : 'active',
      held ? '因病缺勤' : null,
    );
    written += 1;
  };
  for (let day = 0; day <= todayIndex; day += 1) {
    const rows: Row[] = [];
    const absent = absentOn.get(day) ?? new Set<number>();
    const held = new Set((heldOn.get(day) ?? []).map((each) => each.person));
    for (let person = 1; person <= pupils; person += 1) {
      if (held.has(person)) {
        rows.push([person, 420 + random() * 20, 'in', 'deny', '["status-needs-certificate"]']);
        // Back with the certificate the doctor recorded at 07:25; still held today.
        if (!absent.has(person)) rows.push([person, 450 + random() * 10, 'in', 'pass', '[]']);
      } else if (!absent.has(person)) {
        rows.push([person, 420 + random() * 60, 'in', 'pass', '["temperature-normal"]']);
      }
      if (day < todayIndex && !absent.has(person)) {
        rows.push([person, 990 + random() * 60, 'out', 'pass', '[]']);
      }
    }
    rows.sort((a, b) => a[1] - b[1]);
    db.transaction(() => rows.forEach((row) => write(day, row)))();
  }
  return written;
}

/** The register's rows, as the doctor and the class teachers would have left them. */
export function fillRegister(db: Database, plan: Planned[]): void {
  const absence = db.prepare(
    `INSERT INTO absences (person_id, name, kind, class_name, cause, symptoms, celsius, gate_id,
       since, expected_return, source, opened_at, opened_by_name, ended_at, ended_how,
       ended_by_name)
     VALUES (?, ?, 'student', ?, ?, ?, ?, ?, ?, ?, ?, ?, '张医生', ?, ?, ?)`,
  );
  const followUp = db.prepare(
    `INSERT INTO absence_follow_ups (absence_id, at, method, outcome, contact, note,
       recorded_by_name) VALUES (?, ?, 'phone', ?, '家长', NULL, '班主任')`,
  );
  const certificate = db.prepare(
    `INSERT INTO return_certificates (person_id, absence_id, kind, class_name, cleared, issuer,
       issued_on, recorded_at, recorded_by_name)
     VALUES (?, ?, 'student', ?, 'needs-certificate', '区人民医院', ?, ?, '张医生')`,
  );
  const hold = db.prepare(
    `UPDATE people SET status = 'needs-certificate', status_reason = ?, status_set_by = '张医生',
       status_set_at = ? WHERE id = ?`,
  );
  db.transaction(() => {
    for (const each of plan) {
      const className = classes[(each.person - 1) % 48] as string;
      const ill = each.cause !== 'other';
      const fever = each.cause === 'fever-at-gate';
      const open = each.back > todayIndex;
      const ended = open ? null : at(each.back, ill ? 445 : 420);
      const expected = days[Math.min(each.back, todayIndex + 3)] ?? null;
      const id = Number(
        absence.run(
          each.person,
          `学生${each.person}`,
          className,
          each.cause,
          ill ? testCipher.seal('symptoms', '发热 咳嗽') : null,
          fever ? 38.4 : null,
          fever ? pick(gates) : null,
          days[each.start],
          expected,
          fever ? 'gate' : 'register',
          at(each.start, fever ? 430 : 480),
          ended,
          open ? null : ill ? 'certificate' : 'returned',
          open ? null : '张医生',
        ).lastInsertRowid,
      );
      // Two calls while they are away: the first day and the next (or that afternoon).
      const second =
        each.back - each.start > 1 && each.start < todayIndex
          ? at(each.start + 1, 600)
          : at(each.start, 900);
      for (const call of [at(each.start, 600), second]) {
        if (call < now().toISOString()) followUp.run(id, call, 'recovering');
      }
      if (ill && ended !== null) {
        certificate.run(each.person, id, className, days[each.back], ended);
      } else if (ill) {
        hold.run(`因病缺勤，自 ${days[each.start]}`, at(each.start, 480), each.person);
      }
    }
  })();
}
