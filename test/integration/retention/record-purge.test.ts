// Retention of the other records on a real SQLite file: appointments, walk-in requests, courier
// drop-offs and closed fever cases older than the period lose exactly their personal fields
// (newer ones keep them, and every row stays, so the counts per day do not change); the purged
// names and numbers are nowhere in the file or its WAL afterwards; the kiosk's schedule writes
// one retention_runs row per run that erased anything; and an admin reads it through dispatch.
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../../contract/api';
import { dispatch } from '../../../contract/dispatch';
import { createKiosk } from '../../../backend/kiosk';
import {
  createRecordPurge,
  feverEventColumns,
  recordKinds,
  recordTables,
} from '../../../backend/retention/record-purge';
import { compact } from '../../../backend/retention/retention-purge';
import { startRetention } from '../../../backend/retention/retention-schedule';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { testAdmin } from '../../fixtures/callers';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { guardActor, insertBasics } from '../../fixtures/visit-rows';
import { testCipher } from '../../rigs/field-cipher';
import { fileHolds, logWith, now } from './retention-fixture';
import {
  insertAppointmentRow,
  insertCourierRow,
  insertFeverCaseRow,
  insertWalkInRow,
  recordsPerDay,
} from './record-rows';

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  removeTempDirs();
});

/** 30 days before `now` is 2026-12-16T08:00Z: `old` days are due, `fresh` ones are not. */
const old = (hour: number) => `2026-11-23T${String(hour).padStart(2, '0')}:00:00.000Z`;
const fresh = (hour: number) => `2027-01-10T${String(hour).padStart(2, '0')}:00:00.000Z`;
const visitor = (name: string, n: number) => ({
  name,
  documentNumber: `11010519491231${String(n).padStart(3, '0')}X`,
  phone: `1390013${String(n).padStart(4, '0')}`,
});

/** The distinctive people of one old record each, to be searched for in the file's bytes. */
const secrets = {
  visitor: visitor('欧阳访客甲', 7),
  walkIn: visitor('司徒来访乙', 8),
  courier: { name: '上官快递丙', phone: '13912345678', recipient: '诸葛老师丁' },
  guardian: '东方家长戊',
};

/** Three old and two new records of each kind (one old fever case still open). */
function fill(db: Database, cipher: typeof testCipher | null): void {
  insertAppointmentRow(db, 'A-old-1', old(10), visitor('旧访客一', 1), cipher);
  insertAppointmentRow(db, 'A-old-2', old(11), secrets.visitor, cipher);
  insertAppointmentRow(db, 'A-old-3', old(12), visitor('旧访客三', 3), cipher);
  insertAppointmentRow(db, 'A-new-1', fresh(10), visitor('新访客一', 4), cipher);
  insertAppointmentRow(db, 'A-new-2', fresh(11), visitor('新访客二', 5), cipher);
  insertWalkInRow(db, old(8), visitor('旧来访一', 11), { state: 'pending' }, cipher);
  insertWalkInRow(db, old(9), secrets.walkIn, { state: 'declined' }, cipher);
  insertWalkInRow(
    db,
    old(9),
    visitor('旧访客一', 1),
    { state: 'approved', appointmentId: 'A-old-1' },
    cipher,
  );
  insertWalkInRow(db, fresh(8), visitor('新来访一', 12), { state: 'pending' }, cipher);
  insertWalkInRow(db, fresh(9), visitor('新来访二', 13), { state: 'declined' }, cipher);
  insertCourierRow(
    db,
    old(3),
    { name: '旧快递一', phone: '13700000001', recipient: '教务处' },
    cipher,
  );
  insertCourierRow(db, old(4), secrets.courier, cipher);
  insertCourierRow(
    db,
    old(5),
    { name: '旧快递三', phone: '13700000003', recipient: '总务处' },
    cipher,
  );
  insertCourierRow(
    db,
    fresh(3),
    { name: '新快递一', phone: '13700000004', recipient: '教务处' },
    cipher,
  );
  insertCourierRow(
    db,
    fresh(4),
    { name: '新快递二', phone: '13700000005', recipient: '总务处' },
    cipher,
  );
  insertFeverCaseRow(db, old(0), old(4), secrets.guardian); // closed long ago: due
  insertFeverCaseRow(db, old(1), null, '旧家长二'); // still open: kept, however old
  insertFeverCaseRow(db, old(2), fresh(1), '旧家长三'); // closed recently: kept
  insertFeverCaseRow(db, fresh(0), fresh(2), '新家长四');
}

function database(): { dir: string; db: Database } {
  const dir = makeTempDir('kiosk-records-');
  const db = openDatabase(databaseFile(dir));
  open.push(db);
  insertBasics(db);
  fill(db, testCipher);
  return { dir, db };
}

/** The kinds this file fills; the absence register's are in absence-purge.test.ts. */
const visitKinds = recordKinds.filter(
  (kind) => kind !== 'absences' && kind !== 'returnCertificates',
);

const purgeOf = (db: Database) => createRecordPurge({ db, days: 30, now: () => now, batchSize: 2 });

describe('the purge of the other records', () => {
  it('erases old records of every kind, keeps new ones, every row and the counts', () => {
    const { db } = database();
    const counts = recordsPerDay(db);
    const rowsOf = (table: string) =>
      db.prepare(`SELECT * FROM ${table} ORDER BY id`).all() as Record<string, unknown>[];
    const before = Object.fromEntries(
      visitKinds.map((kind) => [kind, rowsOf(recordTables[kind].table)]),
    );
    const events = rowsOf('fever_case_events');

    const purge = purgeOf(db);
    expect(purge.cutoff()).toBe('2026-12-16T08:00:00.000Z');
    expect(purge.purgeAll()).toEqual({
      appointments: 3,
      walkInRequests: 3,
      courierDropOffs: 3,
      feverCases: 1,
      // The absence register's are in absence-purge.test.ts.
      absences: 0,
      returnCertificates: 0,
    });

    for (const kind of visitKinds) {
      const { table, age, erased } = recordTables[kind];
      // Due rows lose exactly their personal fields and get purged_at; the rest are untouched.
      const expected = (before[kind] ?? []).map((row) => {
        const due = typeof row[age] === 'string' && String(row[age]) < purge.cutoff();
        if (!due) return row;
        const purged: Record<string, unknown> = { ...row, purged_at: now.toISOString() };
        for (const column of erased) purged[column] = null;
        return purged;
      });
      expect(expected.filter((row) => row.purged_at !== null).length, kind).toBe(
        kind === 'feverCases' ? 1 : 3,
      );
      expect(rowsOf(table), kind).toEqual(expected);
    }
    // The purged case's events lose person and note; their kind, time and reading stay.
    expect(rowsOf('fever_case_events')).toEqual(
      events.map((row) => (row.case_id === 1 ? { ...row, person: null, note: null } : row)),
    );
    expect(feverEventColumns).toEqual(['person', 'note']);
    expect(db.prepare('SELECT outcome FROM fever_cases WHERE id = 1').pluck().get()).toBe('other');

    expect(recordsPerDay(db)).toEqual(counts);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // A second run finds nothing more to do.
    expect(purgeOf(db).purgeAll()).toEqual({
      appointments: 0,
      walkInRequests: 0,
      courierDropOffs: 0,
      feverCases: 0,
      absences: 0,
      returnCertificates: 0,
    });
  });

  it('leaves no trace of a purged visitor, walk-in, courier or guardian in the file', () => {
    const { dir, db } = database();
    const sealed = db
      .prepare(
        `SELECT document_number AS value FROM appointments WHERE id = 'A-old-2'
         UNION ALL SELECT phone_hash FROM appointments WHERE id = 'A-old-2'
         UNION ALL SELECT phone FROM courier_drop_offs WHERE id = 2
         UNION ALL SELECT phone_hash FROM courier_drop_offs WHERE id = 2`,
      )
      .pluck()
      .all() as string[];
    expect(sealed[0]).toMatch(/^enc1:/);
    const traces = [
      secrets.visitor.name,
      secrets.walkIn.name,
      secrets.courier.name,
      secrets.courier.recipient,
      secrets.guardian,
      ...sealed,
    ];
    for (const text of traces) expect(fileHolds(dir, text), `${text} before`).toBe(true);

    purgeOf(db).purgeAll();
    expect(compact(db).walBusy).toBe(false);

    for (const text of traces) expect(fileHolds(dir, text), `${text} after`).toBe(false);
    // The new records' people are still there: the search itself works.
    for (const text of ['新访客二', '新来访二', '新快递二', '新家长四']) {
      expect(fileHolds(dir, text), text).toBe(true);
    }
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});

describe('the schedule and the report', () => {
  it('purges entries and records in one run and writes one retention_runs row for it', async () => {
    const log = logWith(4, 2);
    open.push(log.db);
    insertBasics(log.db);
    fill(log.db, testCipher);
    const schedule = startRetention({
      db: log.db,
      days: 30,
      uploadOff: true,
      now: () => now,
      intervalMs: 3_600_000,
    });
    try {
      // Entries: the 4 old ones of the log and the 3 old ones that opened fever cases.
      expect(await schedule.runNow()).toEqual({ purged: 7 + 3 + 3 + 3 + 1, vacuumed: false });
      expect(await schedule.runNow()).toEqual({ purged: 0, vacuumed: false });
    } finally {
      await schedule.close();
    }
    expect(log.db.prepare('SELECT * FROM retention_runs').all()).toEqual([
      {
        id: 1,
        at: now.toISOString(),
        days: 30,
        entries: 7,
        appointments: 3,
        walk_in_requests: 3,
        courier_drop_offs: 3,
        fever_cases: 1,
        absences: 0,
        return_certificates: 0,
      },
    ]);
  });

  it('answers an admin the period, the runs and the totals through dispatch', async () => {
    const dir = makeTempDir('kiosk-records-report-');
    const db = openDatabase(databaseFile(dir));
    insertBasics(db);
    // Plain numbers, as a version before sealing left them: the kiosk seals them at start.
    fill(db, null);
    db.close();

    const kiosk = await createKiosk({ dataDir: dir, now: () => now });
    try {
      const call = (caller: Caller) =>
        dispatch(kiosk.handlers, 'retentionReport', { limit: 5 }, caller);
      let report = await call(testAdmin);
      for (let waited = 0; waited < 5000; waited += 50) {
        if (report.ok && (report.value as { runs: unknown[] }).runs.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
        report = await call(testAdmin);
      }
      expect(report).toEqual({
        ok: true,
        value: {
          days: 30,
          totals: {
            entries: 3,
            appointments: 3,
            walkInRequests: 3,
            courierDropOffs: 3,
            feverCases: 1,
            absences: 0,
            returnCertificates: 0,
          },
          runs: [
            {
              id: 1,
              at: now.toISOString(),
              days: 30,
              counts: {
                entries: 3,
                appointments: 3,
                walkInRequests: 3,
                courierDropOffs: 3,
                feverCases: 1,
                absences: 0,
                returnCertificates: 0,
              },
            },
          ],
        },
      });
      const guard: Caller = { actor: guardActor, session: null, origin: 'test' };
      expect(await call(guard)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await call({ actor: null, session: null, origin: null })).toMatchObject({
        ok: false,
        error: { code: 'unauthorized' },
      });
    } finally {
      await kiosk.close();
    }
  });
});
