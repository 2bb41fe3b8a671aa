// Migration 0210 (the role health): a hub's database at 0200, with accounts that sessions,
// shifts, the audit log, fever cases and appointments point at, is upgraded with every row kept,
// nothing in the feed for the rebuild itself, foreign_key_check clean, the feed triggers firing
// again, and an account of role health accepted where before it was refused.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { setSchoolRole } from '../../../backend/hub/school-role';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { appliedMigrations } from '../../../backend/store/migrations';
import { copyMigrations, makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { insertBasics } from '../../fixtures/visit-rows';
import { insertAppointmentRow, insertFeverCaseRow } from '../retention/record-rows';

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  removeTempDirs();
});

const tables = ['accounts', 'sessions', 'shifts', 'audit_log', 'fever_case_events'] as const;

const rowsOf = (db: Database, table: string) =>
  db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Record<string, unknown>[];
const schemaOf = (db: Database, table: string) =>
  db
    .prepare<[string], { type: string; name: string; sql: string | null }>(
      'SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = ? ORDER BY type, name',
    )
    .all(table);
const feedOf = (db: Database) =>
  db.prepare('SELECT seq, kind, key FROM feed_changes ORDER BY seq').all() as {
    kind: string;
    key: string;
  }[];

/** A hub's data folder at 0200, holding accounts and what points at them. */
function hubAt0200(): { dir: string; migrations: string } {
  const dir = makeTempDir('kiosk-0210-');
  const migrations = copyMigrations();
  for (const name of readdirSync(migrations).filter((file) => file >= '0210')) {
    rmSync(join(migrations, name));
  }
  const db = openDatabase(databaseFile(dir), { migrationsDir: migrations });
  setSchoolRole(db, 'hub');
  insertBasics(db); // admin 1 and guard 2, each sent down the feed
  const account = db.prepare(
    `INSERT INTO accounts (id, username, display_name, role, secret_hash, created_at, created_by,
       failed_attempts, failures_since, locked_until, disabled_at, deleted_at)
     VALUES (?, ?, ?, ?, 'scrypt$x', '2026-02-01T00:00:00.000Z', 1, ?, ?, ?, ?, ?)`,
  );
  account.run(
    3,
    'zhao',
    '赵保安',
    'guard',
    5,
    '2026-02-02T00:00:00.000Z',
    '2099-01-01',
    null,
    null,
  );
  account.run(4, 'qian', '钱老师', 'admin', 0, null, null, '2026-02-03T00:00:00.000Z', null);
  account.run(5, 'sun', '孙保安', 'guard', 0, null, null, '2026-02-04T00:00:00.000Z', '2026-02-04');
  db.prepare(
    `INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at, origin)
     VALUES ('h1', 1, '2026-03-01T00:00:00.000Z', '2026-03-01T00:10:00.000Z', '2099-01-01', 'ipc'),
            ('h2', 2, '2026-03-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z', '2099-01-01', NULL)`,
  ).run();
  db.prepare(
    `INSERT INTO shifts (account_id, gate_id, started_at, ended_at, handover_note)
     VALUES (2, 'north', '2026-03-01T00:00:00.000Z', '2026-03-01T08:00:00.000Z', '门锁已修'),
            (3, 'north', '2026-03-01T08:00:00.000Z', NULL, NULL)`,
  ).run();
  db.prepare(
    `INSERT INTO audit_log (at, account_id, actor, action, detail, origin)
     VALUES ('2026-03-01T00:00:00.000Z', 1, '李老师 (admin)', 'createAccount', '{}', 'ipc'),
            ('2026-03-01T00:01:00.000Z', 3, '赵保安 (zhao)', 'signIn.failed', NULL, 'ipc')`,
  ).run();
  insertFeverCaseRow(db, '2026-03-01T00:10:00.000Z', '2026-03-01T04:00:00.000Z', '张妈妈');
  insertAppointmentRow(db, 'A1', '2026-03-01T10:00:00.000Z', {
    name: '访客',
    documentNumber: '11010519491231002X',
    phone: '13800138000',
  });
  db.close();
  return { dir, migrations };
}

describe('migration 0210: the role health', () => {
  it('keeps every account and what points at it, and the feed triggers fire again', () => {
    const { dir, migrations } = hubAt0200();
    const old = openDatabase(databaseFile(dir), { migrationsDir: migrations });
    const before = Object.fromEntries(tables.map((table) => [table, rowsOf(old, table)]));
    const schema = schemaOf(old, 'accounts');
    const keys = old.pragma('foreign_key_list(accounts)');
    const feed = feedOf(old);
    old.close();
    expect(feed.filter((change) => change.kind === 'account')).toHaveLength(5);

    const db = openDatabase(databaseFile(dir));
    open.push(db);
    expect(appliedMigrations(db).map((migration) => migration.version)).toContain(210);
    for (const table of tables) {
      expect(before[table]?.length, table).toBeGreaterThan(0);
      expect(rowsOf(db, table), table).toEqual(before[table]);
    }
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('foreign_key_list(accounts)')).toEqual(keys);
    // The same table (only the CHECK differs), index and triggers, word for word.
    const now = schemaOf(db, 'accounts');
    expect(now.map(({ type, name }) => ({ type, name }))).toEqual(
      schema.map(({ type, name }) => ({ type, name })),
    );
    for (const item of now.filter(({ type }) => type === 'trigger')) {
      expect(item.sql).toBe(schema.find(({ name }) => name === item.name)?.sql);
    }
    // The rebuild sent nothing down: no account changed.
    expect(feedOf(db)).toEqual(feed);

    db.prepare(
      `INSERT INTO accounts (id, username, display_name, role, secret_hash, created_at, created_by)
       VALUES (6, 'doctor', '周校医', 'health', 'scrypt$x', '2026-03-02T00:00:00.000Z', 1)`,
    ).run();
    db.prepare("UPDATE accounts SET display_name = '赵师傅' WHERE id = 3").run();
    // A sign-in failure is the gate's own and stays off the feed, as 0200 has it.
    db.prepare('UPDATE accounts SET failed_attempts = 1 WHERE id = 4').run();
    expect(feedOf(db).slice(feed.length)).toMatchObject([
      { kind: 'account', key: '6' },
      { kind: 'account', key: '3' },
    ]);
  });

  it('takes the role health and still refuses any other', () => {
    const { dir } = hubAt0200();
    const db = openDatabase(databaseFile(dir));
    open.push(db);
    const insert = db.prepare(
      `INSERT INTO accounts (username, display_name, role, secret_hash, created_at)
       VALUES (?, '某人', ?, 'scrypt$x', '2026-03-02T00:00:00.000Z')`,
    );
    insert.run('doctor', 'health');
    expect(() => insert.run('root', 'root')).toThrow(/CHECK constraint failed/);
    expect(() => insert.run('DOCTOR', 'guard')).toThrow(/UNIQUE constraint failed/);
    expect(() =>
      db.prepare("UPDATE accounts SET created_by = 99 WHERE username = 'doctor'").run(),
    ).toThrow(/FOREIGN KEY constraint failed/);
  });
});
