// A day's picture of the absence register (backend/absences/absence-picture.ts, through the
// register on a real database): absences that began before the day and are still open count,
// one ended during the day was back that day (and is listed as ended), one that ended after the
// day counts, one cancelled never counts, one that begins later does not yet; follow-ups due,
// returns expected, people held at a gate that day and certificates recorded, worked out by
// hand below. A refer at this (single) kiosk opens a fever-at-gate absence with its reading.
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createAbsenceRegister,
  type AbsenceRegisterService,
} from '../../../backend/absences/absence-register';
import { createEntryLog, type EntryLog } from '../../../backend/entries/entry-log';
import { openDatabase } from '../../../backend/store/database';
import type { ReasonCode } from '../../../contract/api';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { adminActor, insertBasics } from '../../fixtures/visit-rows';
import { testCipher } from '../../rigs/field-cipher';

let db: Database;
let log: EntryLog;
let register: AbsenceRegisterService;
let clock: Date;
const at = (iso: string) => (clock = new Date(iso));

const people = [
  [1, '小明', '一年级1班'],
  [2, '思雨', '一年级1班'],
  [3, '子涵', '二年级3班'],
  [4, '浩然', '三年级2班'],
  [5, '雨桐', '三年级2班'],
  [6, '一诺', '二年级3班'],
] as const;

beforeEach(() => {
  db = openDatabase(join(makeTempDir(), 'kiosk.db'));
  insertBasics(db);
  const insert = db.prepare(
    `INSERT INTO people (id, card, name, kind, class_name, imported_at)
     VALUES (?, ?, ?, 'student', ?, '2026-09-01T00:00:00.000Z')`,
  );
  for (const [id, name, className] of people) insert.run(id, `S${id}`, name, className);
  clock = new Date('2026-11-22T00:00:00.000Z');
  register = createAbsenceRegister(db, () => clock, testCipher);
  log = createEntryLog(db, testCipher);
});

afterEach(() => {
  db.close();
  removeTempDirs();
});

/** An entry of person `id` at `iso`: denied for their status, or referred at 38.4 °C. */
function entry(id: number, iso: string, decision: 'deny' | 'refer', reasons: ReasonCode[]) {
  const [, name, className] = people[id - 1] ?? [];
  return log.append({
    checkId: `check-${id}-${iso}`,
    at: new Date(iso),
    gateId: 'north',
    decision,
    reasons,
    cardText: `S${id}`,
    identitySource: 'wedge',
    person: { id, name: name ?? '', kind: 'student', className: className ?? '', idNumber: null },
    temperature:
      decision === 'refer'
        ? {
            celsius: 38.4,
            at: new Date(iso),
            source: 'simulated',
            settled: true,
            rawCelsius: 38.4,
            offsetCelsius: 0,
            ambientCelsius: null,
            manual: null,
          }
        : null,
    policyVersion: 1,
    followsEntryId: null,
    appointmentId: null,
    guardName: decision === 'refer' ? '王保安' : null,
  });
}

const held = (id: number, iso: string) => entry(id, iso, 'deny', ['status-needs-certificate']);
const illness = (personId: number, since: string, expectedReturn: string | null = null) =>
  register.open(
    { personId, cause: 'illness', symptoms: '咳嗽', since, expectedReturn, note: null },
    adminActor,
  );
const call = { method: 'phone', outcome: 'recovering', contact: null, note: null } as const;

/**
 * The school week as the picture of 2026-11-24 sees it (Shanghai days; UTC times below):
 * 小明 ill since the 22nd, still open, expected back on the 24th, called on the 23rd only, held
 *   twice at the gate on the 24th;
 * 思雨 ill since the 23rd, held once on the 24th, certificate at 23:59:59 on the 24th;
 * 子涵 away (other) since the 23rd, back at midnight starting the 25th;
 * 浩然 ill since the 23rd, cancelled on the 25th (recorded in error);
 * 雨桐 ill from the 25th on (reported ahead), held on the 25th;
 * 一诺 referred at the gate on the 24th at 07:40, called that day.
 */
function week(): void {
  at('2026-11-22T00:30:00.000Z');
  const xiaoming = illness(1, '2026-11-22', '2026-11-24');
  at('2026-11-23T00:30:00.000Z');
  illness(2, '2026-11-23');
  const zihan = register.open(
    {
      personId: 3,
      cause: 'other',
      symptoms: null,
      since: '2026-11-23',
      expectedReturn: null,
      note: null,
    },
    adminActor,
  );
  const haoran = illness(4, '2026-11-23');
  register.addFollowUp({ absenceId: xiaoming.id, ...call }, adminActor);
  illness(5, '2026-11-25');
  held(1, '2026-11-23T23:50:00.000Z');
  held(1, '2026-11-24T00:05:00.000Z');
  held(2, '2026-11-24T00:06:00.000Z');
  at('2026-11-24T01:00:00.000Z');
  entry(6, '2026-11-23T23:40:00.000Z', 'refer', ['fever-confirmed']);
  const yinuo = db.prepare('SELECT id FROM absences WHERE person_id = 6').pluck().get() as number;
  register.addFollowUp({ absenceId: yinuo, ...call }, adminActor);
  at('2026-11-24T15:59:59.000Z');
  register.recordCertificate(
    { personId: 2, issuer: '社区卫生服务中心', issuedOn: '2026-11-24', scan: null },
    adminActor,
  );
  at('2026-11-24T16:00:00.000Z');
  register.end(zihan.id, 'returned', '已返校', adminActor);
  at('2026-11-25T01:00:00.000Z');
  register.end(haoran.id, 'cancelled', '登记错了', adminActor);
  held(5, '2026-11-25T00:10:00.000Z');
}

describe('the picture of a day', () => {
  it('counts who was absent that day, by class and cause, and what was due', () => {
    week();
    const { picture } = register.register('2026-11-24');
    expect(picture).toEqual({
      date: '2026-11-24',
      byClass: [
        { className: '一年级1班', illness: 1, feverAtGate: 0, other: 0 },
        { className: '二年级3班', illness: 0, feverAtGate: 1, other: 1 },
      ],
      absentIll: 2,
      absentOther: 1,
      followUpsDue: 1,
      returnsExpected: 1,
      heldAtGate: 2,
      returnsCleared: 1,
    });
  });

  it('of the day before and the day after', () => {
    week();
    expect(register.register('2026-11-23').picture).toMatchObject({
      byClass: [
        { className: '一年级1班', illness: 2, feverAtGate: 0, other: 0 },
        { className: '二年级3班', illness: 0, feverAtGate: 0, other: 1 },
      ],
      absentIll: 2,
      absentOther: 1,
      followUpsDue: 1, // 思雨 (小明 was called)
      returnsExpected: 0,
      heldAtGate: 0,
      returnsCleared: 0,
    });
    expect(register.register('2026-11-25').picture).toMatchObject({
      byClass: [
        { className: '一年级1班', illness: 1, feverAtGate: 0, other: 0 },
        { className: '二年级3班', illness: 0, feverAtGate: 1, other: 0 },
        { className: '三年级2班', illness: 1, feverAtGate: 0, other: 0 },
      ],
      absentIll: 3,
      absentOther: 0,
      followUpsDue: 3,
      returnsExpected: 1,
      heldAtGate: 1,
      returnsCleared: 0,
    });
  });

  it('lists the open absences longest first, those ended that day, and who awaits a certificate', () => {
    week();
    const day = register.register('2026-11-24');
    expect(
      day.open.map((absence) => [absence.person?.name, absence.followUpDue, absence.held]),
    ).toEqual([
      ['小明', true, true],
      ['一诺', false, true],
      ['雨桐', false, true],
    ]);
    expect(day.ended.map((absence) => [absence.person?.name, absence.ended?.how])).toEqual([
      ['思雨', 'certificate'],
    ]);
    expect(day.awaitingCertificate).toEqual([
      expect.objectContaining({
        name: '小明',
        status: 'needs-certificate',
        reason: '因病缺勤，自 2026-11-22',
        absenceId: day.open[0]?.id,
        heldAt: '2026-11-24T00:05:00.000Z',
        heldGate: 'north',
      }),
      expect.objectContaining({ name: '一诺', heldAt: null, heldGate: null }),
      expect.objectContaining({ name: '雨桐', heldAt: null }),
    ]);
  });
});

describe('the certificates of a day', () => {
  it('are every certificate recorded that day, newest first, also one clearing an isolation with no absence', () => {
    week();
    // 浩然's absence was cancelled; the office then set him isolating on the roster by hand.
    db.prepare(
      `UPDATE people SET status = 'isolating', status_reason = '居家隔离',
         status_set_by = '办公室', status_set_at = '2026-11-25T01:30:00.000Z' WHERE id = 4`,
    ).run();
    at('2026-11-25T02:00:00.000Z');
    register.recordCertificate(
      { personId: 4, issuer: '区疾控中心', issuedOn: '2026-11-25', scan: null },
      adminActor,
    );
    at('2026-11-25T03:00:00.000Z');
    register.recordCertificate(
      { personId: 1, issuer: '市第一人民医院', issuedOn: '2026-11-24', scan: null },
      adminActor,
    );
    const xiaoming = db.prepare('SELECT id FROM absences WHERE person_id = 1').pluck().get();
    const day = register.register('2026-11-25');
    expect(day.certificates).toEqual([
      expect.objectContaining({
        issuer: '市第一人民医院',
        recordedAt: '2026-11-25T03:00:00.000Z',
        cleared: 'needs-certificate',
        person: { id: 1, name: '小明', className: '一年级1班' },
        absenceId: xiaoming,
      }),
      expect.objectContaining({
        issuer: '区疾控中心',
        issuedOn: '2026-11-25',
        recordedBy: adminActor.displayName,
        hasScan: false,
        cleared: 'isolating',
        person: { id: 4, name: '浩然', className: '三年级2班' },
        absenceId: null,
      }),
    ]);
    // The day's ended absences show only the one a certificate ended.
    expect(day.ended.filter((absence) => absence.certificate !== null)).toHaveLength(1);
    expect(day.picture.returnsCleared).toBe(day.certificates.length);
    // 思雨's, at 23:59:59 on the 24th (Beijing), is the 24th's alone.
    const before = register.register('2026-11-24');
    expect(before.certificates.map((each) => each.person?.name)).toEqual(['思雨']);
    expect(before.picture.returnsCleared).toBe(1);
    expect(register.register('2026-11-26').certificates).toEqual([]);
  });
});

describe('a refer at a single kiosk', () => {
  it('opens a fever-at-gate absence with the reading, linked to its fever case, and holds the pupil', () => {
    at('2026-11-24T01:00:00.000Z');
    const refer = entry(6, '2026-11-23T23:40:00.000Z', 'refer', ['fever-confirmed']);
    const feverCase = db
      .prepare('SELECT id FROM fever_cases WHERE entry_id = ?')
      .pluck()
      .get(refer.id);
    const [absence] = register.register('2026-11-24').open;
    expect(absence).toMatchObject({
      person: { id: 6, name: '一诺' },
      cause: 'fever-at-gate',
      symptoms: null,
      celsius: 38.4,
      feverCaseId: feverCase,
      gateId: 'north',
      since: '2026-11-24', // 07:40 in Shanghai
      source: 'gate',
      openedAt: '2026-11-23T23:40:00.000Z',
      openedBy: '王保安',
      held: true,
    });
    expect(
      db.prepare('SELECT status, status_reason, status_set_by FROM people WHERE id = 6').get(),
    ).toEqual({
      status: 'needs-certificate',
      status_reason: '门口发热转诊 38.4 °C，自 2026-11-24',
      status_set_by: '王保安',
    });
  });

  it('opens no second absence for someone already absent, and leaves an isolation as it is', () => {
    at('2026-11-24T01:00:00.000Z');
    db.prepare(
      "UPDATE people SET status = 'isolating', status_reason = '密接者' WHERE id = 6",
    ).run();
    entry(6, '2026-11-23T23:40:00.000Z', 'refer', ['fever-confirmed']);
    entry(6, '2026-11-24T23:40:00.000Z', 'refer', ['fever-confirmed']);
    expect(db.prepare('SELECT count(*) FROM absences').pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM fever_cases').pluck().get()).toBe(2);
    expect(db.prepare('SELECT status, status_reason FROM people WHERE id = 6').get()).toEqual({
      status: 'isolating',
      status_reason: '密接者',
    });
  });

  it('still saves the refer and its fever case when the register refuses the absence', () => {
    db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON absences
      BEGIN SELECT RAISE(ABORT, 'refused by hand'); END`);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const refer = entry(6, '2026-11-23T23:40:00.000Z', 'refer', ['fever-confirmed']);
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
    expect(db.prepare('SELECT entry_id FROM fever_cases').pluck().all()).toEqual([refer.id]);
    expect(db.prepare('SELECT count(*) FROM absences').pluck().get()).toBe(0);
    expect(db.prepare('SELECT status FROM people WHERE id = 6').pluck().get()).toBe('active');
  });
});
