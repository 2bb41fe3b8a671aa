// Retention of the absence register on a real SQLite file: absences ended longer ago than the
// period lose who it was and every note (their follow-up calls lose contact and note), and
// certificates recorded longer ago lose who, issuer and scan; open absences, however old, and
// recent ones keep everything. Every row stays, so each day's counts — the daily report's
// absentIll and returnsCleared, the picture's byClass — are the same after; the erased words
// are nowhere in the file; a second purge does nothing; the runs' log counts the new kinds
// (migration 0230), also for a run that erased nothing else.
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createAbsenceCounts } from '../../../backend/absences/absence-counts';
import { createAbsencePicture } from '../../../backend/absences/absence-picture';
import {
  createRecordPurge,
  dueSql,
  followUpColumns,
  recordTables,
} from '../../../backend/retention/record-purge';
import { compact } from '../../../backend/retention/retention-purge';
import { readRetentionReport } from '../../../backend/retention/retention-runs';
import { startRetention } from '../../../backend/retention/retention-schedule';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { createReportMaker } from '../../../backend/upload/daily-report-body';
import {
  insertAbsence,
  insertCertificate,
  insertFollowUp,
  insertPupil,
  type AbsenceRow,
} from '../../fixtures/absence-sql-rows';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { fileHolds, now } from './retention-fixture';

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  removeTempDirs();
});

/** 30 days before `now` (2027-01-15T08:00Z). */
const cutoff = '2026-12-16T08:00:00.000Z';
const one = '一年级1班';
const two = '二年级2班';

/** Words written about one purged absence and its certificate, to be looked for in the file. */
const secrets = {
  symptoms: '高烧咳嗽欧阳甲',
  note: '家长说去了儿童医院乙',
  endedNote: '复课证明已核对丙',
  contact: '欧阳妈妈丁',
  callNote: '孩子还在输液戊',
  issuer: '上官儿童医院己',
  scan: Buffer.from('SCAN-OF-CERTIFICATE-7731').toString('base64'),
};

function database(): { dir: string; db: Database } {
  const dir = makeTempDir('kiosk-absence-purge-');
  const db = openDatabase(databaseFile(dir));
  open.push(db);
  fill(db);
  return { dir, db };
}

/** Old ended absences (due), an old open one, recent and at-the-cutoff ones (kept). */
function fill(db: Database): void {
  let pupils = 0;
  const absence = (row: Omit<AbsenceRow, 'personId' | 'name'>) => {
    pupils += 1;
    const personId = insertPupil(db, pupils, `学生${pupils}`, row.className);
    return { personId, id: insertAbsence(db, { ...row, personId, name: `学生${pupils}` }) };
  };
  const ill = absence({
    className: one,
    cause: 'illness',
    since: '2026-11-20',
    symptoms: secrets.symptoms,
    note: secrets.note,
    ended: { how: 'certificate', at: '2026-11-23T02:00:00.000Z', note: secrets.endedNote },
  });
  insertFollowUp(db, ill.id, '2026-11-20T09:00:00.000Z', secrets.contact, secrets.callNote);
  insertFollowUp(db, ill.id, '2026-11-21T09:00:00.000Z', null, '没接');
  insertCertificate(db, {
    personId: ill.personId,
    absenceId: ill.id,
    className: one,
    recordedAt: '2026-11-23T02:00:00.000Z',
    issuer: secrets.issuer,
    scan: { data: secrets.scan, type: 'image/png' },
  });
  const cancelled = { how: 'cancelled', at: '2026-11-26T01:00:00.000Z', note: '登错' } as const;
  absence({ className: two, cause: 'fever-at-gate', since: '2026-11-25', ended: cancelled });
  const returned = { how: 'returned', at: '2026-12-01T01:00:00.000Z' } as const;
  absence({ className: '', cause: 'other', since: '2026-11-28', note: '事假', ended: returned });
  // Open since long ago: never purged.
  const away = absence({ className: two, cause: 'illness', since: '2026-11-01', note: '住院' });
  insertFollowUp(db, away.id, '2026-11-02T09:00:00.000Z', '住院孩子的爸爸', '还在住院');
  // Ended at the cut-off itself, and recently: kept.
  const atCutoff = { how: 'certificate', at: cutoff } as const;
  const edge = absence({ className: one, cause: 'illness', since: '2026-12-10', ended: atCutoff });
  insertCertificate(db, {
    personId: edge.personId,
    absenceId: edge.id,
    className: one,
    recordedAt: '2026-12-16T07:59:59.999Z', // a millisecond before the cut-off: due
    issuer: '社区卫生服务中心',
  });
  const recent = { how: 'certificate', at: '2027-01-10T02:00:00.000Z' } as const;
  const fresh = absence({ className: two, cause: 'illness', since: '2027-01-05', ended: recent });
  insertFollowUp(db, fresh.id, '2027-01-06T09:00:00.000Z', '新家长', '好多了');
  insertCertificate(db, {
    personId: fresh.personId,
    absenceId: fresh.id,
    className: two,
    recordedAt: '2027-01-10T02:00:00.000Z',
    issuer: '区人民医院',
  });
}

const rowsOf = (db: Database, table: string) =>
  db.prepare(`SELECT * FROM ${table} ORDER BY id`).all() as Record<string, unknown>[];

/** Every day from 2026-10-30 to 2027-01-15: the report's counts and the day's picture. */
function countsPerDay(db: Database): unknown[] {
  const counts = createAbsenceCounts(db);
  const pictures = createAbsencePicture(db);
  const deps = { db, installationId: 'i', schoolId: 's', gateId: 'south' };
  const report = createReportMaker(deps);
  const days: unknown[] = [];
  for (let at = Date.parse('2026-10-30'); at <= Date.parse('2027-01-15'); at += 86_400_000) {
    const date = new Date(at).toISOString().slice(0, 10);
    const { counts: reported } = report.make(date, now, null);
    const { byClass, absentOther } = pictures.picture(date);
    days.push({ date, reported, absentOther, byClass, counted: counts.byClass(date) });
  }
  return days;
}

const purgeOf = (db: Database) => createRecordPurge({ db, days: 30, now: () => now, batchSize: 2 });
const noOthers = { appointments: 0, walkInRequests: 0, courierDropOffs: 0, feverCases: 0 };

describe('the purge of the absence register', () => {
  it('erases exactly the personal fields of ended absences and old certificates', () => {
    const { db } = database();
    const before = {
      absences: rowsOf(db, 'absences'),
      followUps: rowsOf(db, 'absence_follow_ups'),
      certificates: rowsOf(db, 'return_certificates'),
    };
    const counts = countsPerDay(db);
    // The days around the purged absences are not all quiet: the test compares something.
    expect(counts).toContainEqual(
      expect.objectContaining({
        date: '2026-11-22',
        reported: expect.objectContaining({ absentIll: 2, returnsCleared: 0 }),
      }),
    );
    expect(counts).toContainEqual(
      expect.objectContaining({
        date: '2026-11-23',
        reported: expect.objectContaining({ absentIll: 1, returnsCleared: 1 }),
      }),
    );

    const purge = purgeOf(db);
    expect(purge.cutoff()).toBe(cutoff);
    expect(purge.purgeAll()).toEqual({ ...noOthers, absences: 3, returnCertificates: 2 });

    const at = now.toISOString();
    const purged = (row: Record<string, unknown>, erased: readonly string[]) => ({
      ...row,
      ...Object.fromEntries(erased.map((column) => [column, null])),
      purged_at: at,
    });
    const dueAbsences = [1, 2, 3];
    expect(rowsOf(db, 'absences')).toEqual(
      before.absences.map((row) =>
        dueAbsences.includes(Number(row.id)) ? purged(row, recordTables.absences.erased) : row,
      ),
    );
    expect(recordTables.absences.erased).toEqual([
      'person_id',
      'name',
      'symptoms',
      'note',
      'ended_note',
    ]);
    expect(rowsOf(db, 'absence_follow_ups')).toEqual(
      before.followUps.map((row) =>
        dueAbsences.includes(Number(row.absence_id)) ? purged(row, followUpColumns) : row,
      ),
    );
    expect(followUpColumns).toEqual(['contact', 'note']);
    expect(rowsOf(db, 'return_certificates')).toEqual(
      before.certificates.map((row) =>
        String(row.recorded_at) < cutoff
          ? purged(row, recordTables.returnCertificates.erased)
          : row,
      ),
    );
    expect(recordTables.returnCertificates.erased).toEqual(['person_id', 'issuer', 'scan']);
    // The open absence, however old, keeps who it is.
    expect(db.prepare('SELECT name, purged_at FROM absences WHERE id = 4').get()).toEqual({
      name: '学生4',
      purged_at: null,
    });

    expect(countsPerDay(db)).toEqual(counts);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // A second purge finds nothing and changes nothing.
    const after = ['absences', 'absence_follow_ups', 'return_certificates'].map((table) =>
      rowsOf(db, table),
    );
    expect(purgeOf(db).purgeAll()).toEqual({ ...noOthers, absences: 0, returnCertificates: 0 });
    expect(
      ['absences', 'absence_follow_ups', 'return_certificates'].map((table) => rowsOf(db, table)),
    ).toEqual(after);
  });

  it('leaves none of the erased words in the file', () => {
    const { dir, db } = database();
    const traces = Object.values(secrets);
    for (const text of traces) expect(fileHolds(dir, text), `${text} before`).toBe(true);
    purgeOf(db).purgeAll();
    expect(compact(db).walBusy).toBe(false);
    for (const text of traces) expect(fileHolds(dir, text), `${text} after`).toBe(false);
    // The open and recent absences' words are still there: the search itself works.
    for (const text of ['住院孩子的爸爸', '新家长', '区人民医院']) {
      expect(fileHolds(dir, text), text).toBe(true);
    }
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('finds its work through the unpurged indexes', () => {
    const { db } = database();
    for (const kind of ['absences', 'returnCertificates'] as const) {
      const plan = db
        .prepare<[string, number], { detail: string }>(`EXPLAIN QUERY PLAN ${dueSql(kind)}`)
        .all(cutoff, 200)
        .map((row) => row.detail)
        .join('\n');
      expect(plan, kind).toContain(`${recordTables[kind].table}_unpurged`);
      expect(plan, kind).not.toContain('TEMP B-TREE');
    }
  });

  it('is logged as a run of its own, which the report totals', async () => {
    const { db } = database();
    const schedule = startRetention({ db, days: 30, uploadOff: true, now: () => now });
    try {
      expect(await schedule.runNow()).toEqual({ purged: 5, vacuumed: false });
      expect(await schedule.runNow()).toEqual({ purged: 0, vacuumed: false });
    } finally {
      await schedule.close();
    }
    const counts = { entries: 0, ...noOthers, absences: 3, returnCertificates: 2 };
    expect(readRetentionReport(db, 30, 5)).toEqual({
      days: 30,
      totals: counts,
      runs: [{ id: 1, at: now.toISOString(), days: 30, counts }],
    });
    expect(db.prepare('SELECT absences, return_certificates FROM retention_runs').all()).toEqual([
      { absences: 3, return_certificates: 2 },
    ]);
  });
});
