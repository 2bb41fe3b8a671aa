// The absence register's counts in the daily report (docs/district-protocol.md): a kiosk that
// keeps the register (a single kiosk, the school hub) sends the day's absent ill and
// certificates recorded, as 0 on a quiet day too; a gate of a hub sends neither, so the district
// counts a school's absences once. A day with no entries but someone absent ill is not zero,
// yet its first edition for an older receiver is. Today's report follows the register until
// midnight; yesterday's is not reopened by an absence entered for it afterwards.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  insertAbsence,
  insertCertificate,
  insertPupil,
  type AbsenceRow,
} from '../../fixtures/absence-sql-rows';
import { insertEntryRow } from '../../fixtures/entry-rows';
import type { DistrictAnswer } from '../../../backend/upload/district-client';
import { beijing, openKiosk, type ReportKiosk } from './daily-report-rig';

let kiosk: ReportKiosk;
let pupils = 0;
beforeEach(() => {
  kiosk = openKiosk();
  pupils = 0;
});
afterEach(() => {
  kiosk.close();
});

const logCounts = { entries: 0, visitors: 0, denied: 0, retests: 0, feverCases: 0 };

/** An absence of a new pupil of class 一年级1班; answers the pupil's id. */
function absent(row: Omit<AbsenceRow, 'personId' | 'name' | 'className'>): number {
  pupils += 1;
  const personId = insertPupil(kiosk.db, pupils, `学生${pupils}`, '一年级1班');
  insertAbsence(kiosk.db, { ...row, personId, name: `学生${pupils}`, className: '一年级1班' });
  return personId;
}

function certificate(personId: number, at: Date): void {
  insertCertificate(kiosk.db, {
    personId,
    absenceId: null,
    className: '一年级1班',
    recordedAt: at.toISOString(),
    issuer: '区人民医院',
  });
}

/** Two absent ill on 2026-11-23 (one referred at a gate), one for another cause, one cleared. */
function fillRegister(): void {
  absent({ cause: 'illness', since: '2026-11-20' });
  absent({ cause: 'fever-at-gate', since: '2026-11-23' });
  absent({ cause: 'other', since: '2026-11-23' });
  const back = absent({
    cause: 'illness',
    since: '2026-11-19',
    ended: { how: 'certificate', at: beijing('07:20').toISOString() },
  });
  certificate(back, beijing('07:20'));
}

function setRole(role: 'hub' | 'gate'): void {
  kiosk.db.prepare("INSERT INTO kiosk_meta (key, value) VALUES ('school_role', ?)").run(role);
}

describe('the absence counts in the daily report', () => {
  it('are sent by a single kiosk, and make a day with no entries not zero', async () => {
    fillRegister();
    kiosk.clock = beijing('16:30');
    await kiosk.reports().tick();
    expect(kiosk.sent).toEqual([
      expect.objectContaining({
        date: '2026-11-23',
        counts: { ...logCounts, unresolvedRetests: 0, absentIll: 2, returnsCleared: 1 },
        sequence: null,
        zero: false,
      }),
    ]);
  });

  it('are sent by the hub, and never by a gate', async () => {
    fillRegister();
    insertEntryRow(kiosk.db, { at: beijing('07:30').toISOString() });
    setRole('hub');
    kiosk.clock = beijing('16:30');
    await kiosk.reports().tick();
    expect(kiosk.sent[0]?.counts).toMatchObject({ entries: 1, absentIll: 2, returnsCleared: 1 });

    kiosk.createDatabase(beijing('06:00'));
    kiosk.sent = [];
    fillRegister();
    setRole('gate');
    await kiosk.reports().tick();
    expect(kiosk.sent).toEqual([
      expect.objectContaining({
        counts: { ...logCounts, unresolvedRetests: 0 },
        sequence: null,
        zero: true,
      }),
    ]);
  });

  it('go to a receiver that refuses them as a first edition that is zero when its counts are', async () => {
    absent({ cause: 'illness', since: '2026-11-20' });
    const refused: DistrictAnswer = { kind: 'malformed', reason: 'counts: Unrecognized key' };
    kiosk.answers = [refused];
    kiosk.clock = beijing('16:30');
    const daily = kiosk.reports();
    await daily.tick();
    expect(kiosk.sent.map(({ counts, zero }) => ({ counts, zero }))).toEqual([
      {
        counts: { ...logCounts, unresolvedRetests: 0, absentIll: 1, returnsCleared: 0 },
        zero: false,
      },
      { counts: logCounts, zero: true },
    ]);
    expect(daily.status()).toMatchObject({ state: 'acknowledged' });
  });

  it('follow the register until midnight, and leave yesterday’s report as it was sent', async () => {
    const ill = absent({ cause: 'illness', since: '2026-11-20' });
    const daily = kiosk.reports();
    kiosk.clock = beijing('16:30');
    await daily.tick();
    expect(kiosk.sent.at(-1)?.counts).toMatchObject({ absentIll: 1, returnsCleared: 0 });
    // The doctor records the certificate in the evening: back that day, one cleared.
    kiosk.db
      .prepare("UPDATE absences SET ended_at = ?, ended_how = 'certificate' WHERE person_id = ?")
      .run(beijing('19:00').toISOString(), ill);
    certificate(ill, beijing('19:00'));
    kiosk.clock = beijing('19:01');
    await daily.tick();
    expect(kiosk.sent).toHaveLength(2);
    expect(kiosk.sent[1]?.counts).toMatchObject({ absentIll: 0, returnsCleared: 1 });
    expect(kiosk.sent[1]?.zero).toBe(false);

    // The next morning a class teacher enters yesterday's absence: yesterday's report stays.
    absent({ cause: 'illness', since: '2026-11-23' });
    kiosk.clock = beijing('08:00', '2026-11-24');
    await daily.tick();
    expect(kiosk.sent).toHaveLength(2);
    expect(kiosk.stored('2026-11-23').counts).toMatchObject({ absentIll: 0, returnsCleared: 1 });
    // Today's, when it is made, counts them.
    kiosk.clock = beijing('16:30', '2026-11-24');
    await daily.tick();
    expect(kiosk.sent.at(-1)).toMatchObject({
      date: '2026-11-24',
      counts: { absentIll: 1, returnsCleared: 0 },
    });
  });
});
