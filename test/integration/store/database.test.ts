import { existsSync, openSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { StoreError } from '../../../backend/store/store-error';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';

const open: Database[] = [];

function track(db: Database): Database {
  open.push(db);
  return db;
}

function storeErrorOf(action: () => Database): StoreError {
  try {
    track(action());
  } catch (error) {
    if (error instanceof StoreError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a StoreError');
}

afterEach(() => {
  for (const db of open.splice(0)) {
    if (db.open) db.close();
  }
  removeTempDirs();
});

describe('openDatabase', () => {
  it('keeps the database in <dataDir>/kiosk.db', () => {
    expect(databaseFile(join('data', 'gate'))).toBe(join('data', 'gate', 'kiosk.db'));
  });

  it('creates the folder and opens with WAL, full sync and foreign keys', () => {
    const file = join(makeTempDir(), 'new', 'folder', 'kiosk.db');
    const db = track(openDatabase(file));
    expect(existsSync(file)).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
  });

  it('refuses a file that is not a database and leaves it as it was', () => {
    const file = join(makeTempDir(), 'kiosk.db');
    const garbage = Buffer.from('this is not sqlite, just garbage '.repeat(200));
    writeFileSync(file, garbage);
    const error = storeErrorOf(() => openDatabase(file));
    expect(error.code).toBe('database-corrupt');
    expect(error.message).toContain(file);
    expect(error.message).toContain('Do not delete the file');
    expect(readFileSync(file).equals(garbage)).toBe(true);
  });

  it('refuses a database whose pages are damaged', () => {
    const file = join(makeTempDir(), 'kiosk.db');
    const setup = new BetterSqlite3(file);
    setup.exec(
      'CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT); CREATE INDEX filler_text ON filler (text);',
    );
    const insert = setup.prepare('INSERT INTO filler (text) VALUES (?)');
    for (let index = 0; index < 2000; index += 1) insert.run(`row ${index} ${'x'.repeat(50)}`);
    setup.close();
    const descriptor = openSync(file, 'r+');
    writeSync(descriptor, Buffer.alloc(4096, 0xab), 0, 4096, 4096 * 3);
    closeSync(descriptor);
    expect(storeErrorOf(() => openDatabase(file)).code).toBe('database-corrupt');
  });

  it('does not create a database that must exist', () => {
    const file = join(makeTempDir(), 'kiosk.db');
    expect(storeErrorOf(() => openDatabase(file, { mustExist: true })).code).toBe(
      'database-not-found',
    );
    expect(existsSync(file)).toBe(false);
  });

  it('never settles for an in-memory database', () => {
    expect(storeErrorOf(() => openDatabase(':memory:')).code).toBe('database-unopenable');
  });

  it('reports a folder it cannot create', () => {
    const blocker = join(makeTempDir(), 'a-file');
    writeFileSync(blocker, '');
    const error = storeErrorOf(() => openDatabase(join(blocker, 'kiosk.db')));
    expect(error.code).toBe('database-unopenable');
  });
});
