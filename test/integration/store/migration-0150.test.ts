// Migration 0150 (retention of the other records): upgrading a database full of appointments,
// walk-ins, drop-offs and fever cases keeps every row, column, index, foreign key and trigger,
// foreign_key_check finds nothing broken, and a record not purged keeps the rules of 0050 and
// 0100. (migration-0150-purge.test.ts: what the new triggers allow.)
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { appliedMigrations } from '../../../backend/store/migrations';
import { removeTempDirs } from '../../fixtures/temp-data-dir';
import { oldDataDir } from './migration-0150-data';

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  removeTempDirs();
});

const tables = ['appointments', 'walk_in_requests', 'courier_drop_offs', 'fever_cases'] as const;

const rowsOf = (db: Database, table: string) =>
  db.prepare(`SELECT * FROM ${table} ORDER BY id`).all() as Record<string, unknown>[];
const namesOf = (db: Database, type: string, table: string) =>
  db
    .prepare<[string, string], { name: string }>(
      'SELECT name FROM sqlite_schema WHERE type = ? AND tbl_name = ? ORDER BY name',
    )
    .all(type, table)
    .map((row) => row.name);

/** An old data folder opened by this version: 0150 applied to it. */
const upgraded = (): Database => reopen(oldDataDir().dir);

function reopen(dir: string): Database {
  const db = openDatabase(databaseFile(dir));
  open.push(db);
  return db;
}

describe('migration 0150: upgrading keeps everything', () => {
  it('keeps every row, column, index, foreign key and trigger, and no foreign key breaks', () => {
    const { dir, migrations } = oldDataDir();
    const old = openDatabase(databaseFile(dir), { migrationsDir: migrations });
    const snapshot = Object.fromEntries(
      tables.map((table) => [
        table,
        {
          rows: rowsOf(old, table),
          columns: (old.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name),
          keys: old.pragma(`foreign_key_list(${table})`),
          indexes: namesOf(old, 'index', table),
          triggers: namesOf(old, 'trigger', table),
        },
      ]),
    );
    const eventRows = rowsOf(old, 'fever_case_events');
    const eventTriggers = namesOf(old, 'trigger', 'fever_case_events');
    const entryKeys = old.pragma('foreign_key_list(entries)');
    old.close();

    const db = reopen(dir);
    expect(appliedMigrations(db).map((migration) => migration.version)).toContain(150);
    for (const table of tables) {
      const was = snapshot[table];
      if (was === undefined) throw new Error(table);
      expect(was.rows.length, table).toBeGreaterThan(0);
      const columns = (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
      expect(columns, table).toEqual([...was.columns, 'purged_at']);
      expect(rowsOf(db, table), table).toEqual(
        was.rows.map((row) => ({ ...row, purged_at: null })),
      );
      expect(db.pragma(`foreign_key_list(${table})`), table).toEqual(was.keys);
      // Plus the purge's index, and one so that rebuilding appointments stays quick.
      const added = table === 'walk_in_requests' ? ['walk_in_requests_appointment'] : [];
      expect(namesOf(db, 'index', table), table).toEqual(
        [...was.indexes, `${table}_unpurged`, ...added].sort(),
      );
      expect(namesOf(db, 'trigger', table), table).toEqual(expect.arrayContaining(was.triggers));
    }
    expect(rowsOf(db, 'fever_case_events')).toEqual(eventRows);
    expect(namesOf(db, 'trigger', 'fever_case_events')).toEqual(eventTriggers);
    expect(db.pragma('foreign_key_list(entries)')).toEqual(entryKeys);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // The deferral ended with the migration's transaction: a broken reference fails at once.
    expect(db.pragma('defer_foreign_keys', { simple: true })).toBe(0);
    expect(() =>
      db.prepare("UPDATE walk_in_requests SET appointment_id = 'A9' WHERE id = 1").run(),
    ).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("DELETE FROM appointments WHERE id = 'A1'").run()).toThrow(
      /FOREIGN KEY/,
    );
  });

  it('still holds the rules of 0050 and 0100 for a record not purged', () => {
    const db = upgraded();
    const walkIn = (state: string, appointment: string | null, reason: string | null) =>
      db
        .prepare(
          `INSERT INTO walk_in_requests (created_at, gate_id, visitor_name, document_type,
             document_number, phone, host, reason, area, requested_by_name, state,
             appointment_id, decline_reason)
           VALUES ('2026-11-24T00:00:00.000Z', 'north', '张伟', 'resident-id', 'x', 'y', '王老师',
             '送教材', 'A座', '王保安', ?, ?, ?)`,
        )
        .run(state, appointment, reason);
    expect(() => walkIn('approved', null, null)).toThrow(/CHECK/);
    expect(() => walkIn('declined', null, '')).toThrow(/CHECK/);
    expect(() => walkIn('declined', null, '不在校')).not.toThrow();
    expect(() => db.prepare("UPDATE appointments SET visitor_name = ''").run()).toThrow(/CHECK/);
    // NOT NULL before 0150; now NULL only as part of the purge.
    for (const [table, column] of [
      ['appointments', 'visitor_name'],
      ['appointments', 'document_number'],
      ['appointments', 'phone'],
      ['walk_in_requests', 'visitor_name'],
      ['walk_in_requests', 'phone'],
      ['courier_drop_offs', 'courier_name'],
      ['courier_drop_offs', 'recipient'],
    ] as const) {
      expect(() => db.prepare(`UPDATE ${table} SET ${column} = NULL`).run(), column).toThrow(
        /CHECK/,
      );
    }
    expect(() =>
      db.prepare("UPDATE courier_drop_offs SET company = '' WHERE id = 1").run(),
    ).toThrow(/CHECK/);
    // Everyday changes of a record not purged are allowed as before.
    db.prepare("UPDATE appointments SET entries_used = 1 WHERE id = 'A2'").run();
    db.prepare(
      "UPDATE appointments SET state = 'revoked', revoke_reason = '取消' WHERE id = 'A2'",
    ).run();
    db.prepare(
      "UPDATE walk_in_requests SET state = 'declined', decline_reason = '不在' WHERE id = 3",
    ).run();
  });
});
