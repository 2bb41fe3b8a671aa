// Migration 0170 (the forgotten-card search): a roster written before it gets the column for the
// hash of an ID number's last four characters, empty, and the next start fills it from the sealed
// numbers (one still in plain text is sealed first); the hash is found by its index.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sealPlaintext } from '../../../backend/privacy/seal-plaintext';
import { fillIdTailHashes, findPeople } from '../../../backend/roster/person-lookup';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { appliedMigrations } from '../../../backend/store/migrations';
import { copyMigrations, makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { testCipher } from '../../rigs/field-cipher';
import { fileHolds } from '../retention/retention-fixture';

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  removeTempDirs();
});

const sealedNumber = '11010520150314013X';
const plainNumber = '110105201508220245';

/** A data folder as the version before 0170 left it: one sealed number, one plain, one none. */
function oldDataDir(): string {
  const dir = makeTempDir('kiosk-0170-');
  const migrations = copyMigrations();
  for (const name of readdirSync(migrations).filter((file) => file >= '0170')) {
    rmSync(join(migrations, name));
  }
  const db = openDatabase(databaseFile(dir), { migrationsDir: migrations });
  const insert = db.prepare<[string, string, string | null, string | null]>(
    `INSERT INTO people (card, name, kind, class_name, id_number, id_number_hash, imported_at)
     VALUES (?, ?, 'student', '三年级2班', ?, ?, '2026-11-01T00:00:00.000Z')`,
  );
  insert.run(
    'S1',
    '王小明',
    testCipher.seal('id-number', sealedNumber),
    testCipher.lookup('id-number', sealedNumber),
  );
  insert.run('S2', '李小红', plainNumber, null);
  insert.run('S3', '张小华', null, null);
  db.close();
  return dir;
}

function upgraded(dir: string): Database {
  const db = openDatabase(databaseFile(dir));
  open.push(db);
  return db;
}

describe('migration 0170 person lookup', () => {
  it('adds an empty tail hash that the next start fills from the sealed numbers', () => {
    const dir = oldDataDir();
    const db = upgraded(dir);
    expect(appliedMigrations(db).map((migration) => migration.version)).toContain(170);
    const tails = () =>
      db.prepare('SELECT card, id_tail_hash AS tail FROM people ORDER BY card').all();
    expect(tails()).toEqual([
      { card: 'S1', tail: null },
      { card: 'S2', tail: null },
      { card: 'S3', tail: null },
    ]);

    // As createKiosk does at start: seal what is plain, then fill the tails.
    expect(sealPlaintext(db, testCipher)).toBe(1);
    expect(fillIdTailHashes(db, testCipher)).toBe(2);
    expect(tails()).toEqual([
      { card: 'S1', tail: testCipher.lookup('id-number-tail', '013X') },
      { card: 'S2', tail: testCipher.lookup('id-number-tail', '0245') },
      { card: 'S3', tail: null },
    ]);
    expect(findPeople(db, testCipher, '013x').people.map((person) => person.name)).toEqual([
      '王小明',
    ]);
    expect(findPeople(db, testCipher, '0245').people.map((person) => person.name)).toEqual([
      '李小红',
    ]);
    db.close();
    expect(fileHolds(dir, '013X')).toBe(false);
  });

  it('finds a tail hash by its index', () => {
    const db = upgraded(makeTempDir());
    const plan = db
      .prepare<[string], { detail: string }>(
        'EXPLAIN QUERY PLAN SELECT id FROM people WHERE id_tail_hash = ?',
      )
      .all('x')
      .map((row) => row.detail)
      .join('\n');
    expect(plan).toContain('people_id_tail_hash');
  });
});
