// Migration 0230: retention_runs counts the absence register's kinds. A data folder from before
// it keeps every run it logged (ids, times, counts; the new kinds 0), takes a run that erased
// only absences or certificates, and still refuses a run that erased nothing, any change, any
// deletion and any replacement.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { copyMigrations, makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  removeTempDirs();
});

const runs = [
  { at: '2027-01-14T08:00:00.000Z', days: 30, entries: 3, appointments: 0, fever_cases: 1 },
  { at: '2027-01-15T08:00:00.000Z', days: 14, entries: 0, appointments: 2, fever_cases: 0 },
];

/** A data folder at 0220 with two logged runs, then opened by this version. */
function upgraded(): Database {
  const dir = makeTempDir('kiosk-0230-');
  const migrations = copyMigrations();
  for (const name of readdirSync(migrations).filter((file) => file >= '0230')) {
    rmSync(join(migrations, name));
  }
  const old = openDatabase(databaseFile(dir), { migrationsDir: migrations });
  const insert = old.prepare(
    `INSERT INTO retention_runs (at, days, entries, appointments, fever_cases)
     VALUES (@at, @days, @entries, @appointments, @fever_cases)`,
  );
  for (const run of runs) insert.run(run);
  old.close();
  const db = openDatabase(databaseFile(dir));
  open.push(db);
  return db;
}

describe('migration 0230: the runs count absences and certificates', () => {
  it('keeps the runs logged before it, the new kinds 0', () => {
    const db = upgraded();
    expect(db.prepare('SELECT * FROM retention_runs ORDER BY id').all()).toEqual(
      runs.map((run, index) => ({
        id: index + 1,
        walk_in_requests: 0,
        courier_drop_offs: 0,
        ...run,
        absences: 0,
        return_certificates: 0,
      })),
    );
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('takes a run of absences alone and refuses what the log never allowed', () => {
    const db = upgraded();
    const insert = db.prepare(
      'INSERT INTO retention_runs (at, days, absences, return_certificates) VALUES (?, 30, ?, ?)',
    );
    insert.run('2027-01-16T08:00:00.000Z', 2, 0);
    insert.run('2027-01-16T09:00:00.000Z', 0, 1);
    expect(() => insert.run('2027-01-16T10:00:00.000Z', 0, 0)).toThrow(/CHECK/);
    expect(() => insert.run('2027-01-16T10:00:00.000Z', -1, 2)).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE retention_runs SET absences = 5').run()).toThrow(
      /never updated/,
    );
    expect(() => db.prepare('DELETE FROM retention_runs').run()).toThrow(/never deleted/);
    expect(() =>
      db
        .prepare(
          "INSERT OR REPLACE INTO retention_runs (id, at, days, absences) VALUES (1, 'x', 30, 1)",
        )
        .run(),
    ).toThrow(/never replaced/);
    expect(db.prepare('SELECT count(*) FROM retention_runs').pluck().get()).toBe(4);
  });
});
