import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../backend/store/database';
import {
  appliedMigrations,
  defaultMigrationsDir,
  readMigrations,
  runMigrations,
} from '../../../backend/store/migrations';
import { StoreError } from '../../../backend/store/store-error';
import { copyMigrations, makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';

const open: Database[] = [];
/** The migrations the program ships; the tests add theirs after them (9020, 9030). */
const shipped = readMigrations(defaultMigrationsDir()).map((migration) => migration.version);

function openAt(file: string, migrationsDir?: string): Database {
  const db = openDatabase(file, { migrationsDir, now: () => new Date('2026-11-23T00:00:00.000Z') });
  open.push(db);
  return db;
}

function storeErrorOf(action: () => unknown): StoreError {
  try {
    action();
  } catch (error) {
    if (error instanceof StoreError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a StoreError');
}

function tableNames(db: Database): string[] {
  return db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
    )
    .all()
    .map((row) => row.name);
}

afterEach(() => {
  for (const db of open.splice(0)) {
    if (db.open) db.close();
  }
  removeTempDirs();
});

describe('migrations', () => {
  it('apply from empty and are recorded with their sha256', () => {
    const db = openAt(join(makeTempDir(), 'kiosk.db'));
    const sql = readFileSync(join(defaultMigrationsDir(), '0010_init.sql'), 'utf8');
    expect(appliedMigrations(db).map((migration) => migration.version)).toEqual(shipped);
    expect(appliedMigrations(db)[0]).toEqual({
      version: 10,
      name: 'init',
      checksum: createHash('sha256').update(sql).digest('hex'),
      appliedAt: '2026-11-23T00:00:00.000Z',
    });
    expect(tableNames(db)).toEqual(
      expect.arrayContaining(['entries', 'fever_cases', 'outbox', 'people', 'policies']),
    );
  });

  it('do nothing when the database is up to date', () => {
    const file = join(makeTempDir(), 'kiosk.db');
    openAt(file).close();
    const db = openAt(file);
    expect(runMigrations(db)).toEqual([]);
    expect(appliedMigrations(db)).toHaveLength(shipped.length);
  });

  it('apply only the new ones, in order', () => {
    const dir = copyMigrations();
    const file = join(makeTempDir(), 'kiosk.db');
    openAt(file, dir).close();
    writeFileSync(join(dir, '9030_third.sql'), 'CREATE TABLE third (x);');
    writeFileSync(join(dir, '9020_second.sql'), 'CREATE TABLE second (x);');
    const db = openAt(file, dir);
    expect(appliedMigrations(db).map((migration) => migration.version)).toEqual([
      ...shipped,
      9020,
      9030,
    ]);
  });

  it('refuse an applied migration whose file was edited', () => {
    const dir = copyMigrations();
    const file = join(makeTempDir(), 'kiosk.db');
    openAt(file, dir).close();
    appendFileSync(join(dir, '0010_init.sql'), '\n-- a harmless-looking comment\n');
    const error = storeErrorOf(() => openAt(file, dir));
    expect(error.code).toBe('migration-edited');
    expect(error.message).toContain('new migration');
  });

  it('take a CRLF checkout of the same file as unchanged', () => {
    const dir = copyMigrations();
    const file = join(makeTempDir(), 'kiosk.db');
    openAt(file, dir).close();
    const path = join(dir, '0010_init.sql');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\n/g, '\r\n'));
    expect(() => openAt(file, dir)).not.toThrow();
  });

  it('refuse a database from a newer version of the program', () => {
    const dir = copyMigrations();
    const file = join(makeTempDir(), 'kiosk.db');
    writeFileSync(join(dir, '9020_newer.sql'), 'CREATE TABLE newer (x);');
    openAt(file, dir).close();
    const error = storeErrorOf(() => openAt(file));
    expect(error.code).toBe('database-newer');
    expect(error.message).toContain('newer version');
  });

  it('refuse a migration numbered before the last applied one', () => {
    const dir = copyMigrations();
    const file = join(makeTempDir(), 'kiosk.db');
    writeFileSync(join(dir, '9030_third.sql'), 'CREATE TABLE third (x);');
    openAt(file, dir).close();
    writeFileSync(join(dir, '9020_late.sql'), 'CREATE TABLE late (x);');
    expect(storeErrorOf(() => openAt(file, dir)).code).toBe('migration-out-of-order');
  });

  it('refuse a database whose applied migration has no file any more', () => {
    const dir = copyMigrations();
    const file = join(makeTempDir(), 'kiosk.db');
    writeFileSync(join(dir, '9020_second.sql'), 'CREATE TABLE second (x);');
    writeFileSync(join(dir, '9030_third.sql'), 'CREATE TABLE third (x);');
    openAt(file, dir).close();
    rmSync(join(dir, '9020_second.sql'));
    expect(storeErrorOf(() => openAt(file, dir)).code).toBe('migration-missing');
  });

  it('roll back a migration that fails half-way and leave nothing of it', () => {
    const dir = copyMigrations();
    const file = join(makeTempDir(), 'kiosk.db');
    openAt(file, dir).close();
    const broken = join(dir, '9020_broken.sql');
    writeFileSync(broken, 'CREATE TABLE half_done (x);\nINSERT INTO no_such_table VALUES (1);\n');
    const error = storeErrorOf(() => openAt(file, dir));
    expect(error.code).toBe('migration-failed');
    expect(error.message).toContain('no such table');

    rmSync(broken);
    const db = openAt(file, dir);
    expect(tableNames(db)).not.toContain('half_done');
    expect(appliedMigrations(db).map((migration) => migration.version)).toEqual(shipped);
  });

  it('refuse badly named and duplicate migration files', () => {
    const dir = copyMigrations();
    writeFileSync(join(dir, 'extra.sql'), 'SELECT 1;');
    expect(storeErrorOf(() => readMigrations(dir)).code).toBe('bad-migration-name');
    renameSync(join(dir, 'extra.sql'), join(dir, '0010_again.sql'));
    expect(storeErrorOf(() => readMigrations(dir)).code).toBe('duplicate-migration');
  });

  it('ignore files that are not SQL', () => {
    const dir = copyMigrations();
    writeFileSync(join(dir, 'README.md'), '# notes');
    expect(readMigrations(dir).map((migration) => migration.version)).toEqual(shipped);
  });
});
