// The absence counts of a school day (Asia/Shanghai, UTC+8 all year) on a migrated database:
// absences that began before, on and after the day, ended during it, at its last millisecond
// or at the next midnight, cancelled ones, other causes; and certificates recorded on either
// side of midnight. The expected numbers are worked out by hand from the times below.
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAbsenceCounts } from '../../../backend/absences/absence-counts';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import {
  insertAbsence,
  insertCertificate,
  insertPupil,
  type AbsenceRow,
} from '../../fixtures/absence-sql-rows';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';

let db: Database;
let pupils = 0;
beforeEach(() => {
  db = openDatabase(databaseFile(makeTempDir('kiosk-absence-counts-')));
  pupils = 0;
});
afterEach(() => {
  db.close();
  removeTempDirs();
});

const one = '一年级1班';
const two = '二年级2班';
/** One absence of a new pupil. */
function absence(row: Omit<AbsenceRow, 'personId' | 'name'>): number {
  pupils += 1;
  const personId = insertPupil(db, pupils, `学生${pupils}`, row.className);
  return insertAbsence(db, { ...row, personId, name: `学生${pupils}` });
}

describe('the absence counts of a day', () => {
  // The day D is 2026-11-23 in Beijing: 2026-11-22T16:00Z up to 2026-11-23T16:00Z.
  it('count the absences begun by the day and not ended before its end, cancelled ones never', () => {
    absence({ className: one, cause: 'illness', since: '2026-11-20' }); // open: counted
    absence({ className: one, cause: 'fever-at-gate', since: '2026-11-23' }); // began on D
    absence({ className: two, cause: 'illness', since: '2026-11-24' }); // began after D
    // Ended at 23:59:59.999 on D in Beijing: back that day, not absent.
    const certificate = { how: 'certificate' } as const;
    absence({
      className: two,
      cause: 'illness',
      since: '2026-11-20',
      ended: { ...certificate, at: '2026-11-23T15:59:59.999Z' },
    });
    // Ended at midnight after D in Beijing (still the 23rd in UTC): absent all of D.
    absence({
      className: two,
      cause: 'illness',
      since: '2026-11-20',
      ended: { ...certificate, at: '2026-11-23T16:00:00.000Z' },
    });
    // Ended at 00:30 on D in Beijing (the 22nd in UTC): absent the 22nd, not D.
    absence({
      className: one,
      cause: 'fever-at-gate',
      since: '2026-11-20',
      ended: { ...certificate, at: '2026-11-22T16:30:00.000Z' },
    });
    // Recorded in error, cancelled after D: never counted.
    absence({
      className: one,
      cause: 'illness',
      since: '2026-11-21',
      ended: { how: 'cancelled', at: '2026-11-25T02:00:00.000Z', note: '登记错了' },
    });
    absence({ className: one, cause: 'other', since: '2026-11-22' });
    absence({
      className: '',
      cause: 'other',
      since: '2026-11-23',
      ended: { how: 'returned', at: '2026-11-24T01:00:00.000Z' },
    });

    const counts = createAbsenceCounts(db);
    expect(counts.absentIll('2026-11-23')).toBe(3);
    expect(counts.absentOther('2026-11-23')).toBe(2);
    expect(counts.byClass('2026-11-23')).toEqual([
      { className: '', illness: 0, feverAtGate: 0, other: 1 },
      { className: one, illness: 1, feverAtGate: 1, other: 1 },
      { className: two, illness: 1, feverAtGate: 0, other: 0 },
    ]);
    // The day before: the two ended on D and the one ended at 00:30 on D were still away.
    expect(counts.absentIll('2026-11-22')).toBe(4);
    expect(counts.absentOther('2026-11-22')).toBe(1);
    // The day after: the one that began then; the one back at midnight is back.
    expect(counts.absentIll('2026-11-24')).toBe(3);
    expect(counts.absentOther('2026-11-24')).toBe(1);
    expect(counts.absentIll('2026-11-19')).toBe(0);
    expect(counts.byClass('2026-11-19')).toEqual([]);
  });

  it('count the certificates recorded on the day in Beijing', () => {
    const pupil = insertPupil(db, 1, '学生1', one);
    const recorded = (at: string) =>
      insertCertificate(db, {
        personId: pupil,
        absenceId: null,
        className: one,
        recordedAt: at,
        issuer: '区妇幼保健院',
      });
    recorded('2026-11-22T15:59:59.999Z'); // 23:59 on the 22nd in Beijing
    recorded('2026-11-22T16:00:00.000Z'); // 00:00 on D
    recorded('2026-11-23T03:10:00.000Z');
    recorded('2026-11-23T15:59:59.999Z'); // 23:59 on D
    recorded('2026-11-23T16:00:00.000Z'); // 00:00 on the 24th
    const counts = createAbsenceCounts(db);
    expect(counts.returnsCleared('2026-11-23')).toBe(3);
    expect(counts.returnsCleared('2026-11-22')).toBe(1);
    expect(counts.returnsCleared('2026-11-24')).toBe(1);
    expect(counts.returnsCleared('2026-11-25')).toBe(0);
  });

  it('are 0 on an empty register, and refuse a day that is not a date', () => {
    const counts = createAbsenceCounts(db);
    expect([counts.absentIll('2026-11-23'), counts.returnsCleared('2026-11-23')]).toEqual([0, 0]);
    expect(() => counts.absentIll('2026-02-30')).toThrow(/not a calendar date/);
  });
});
