// Migration 0150's triggers: they allow exactly the purge — every personal field of a record
// erased at once with purged_at set, no other column changed, never twice, and nothing changed
// afterwards; a fever case and its events only once the case is closed — and still refuse what
// 0090 refused; retention_runs is append-only; the purge's queries read the unpurged indexes.
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { dueSql, recordTables, type RecordKind } from '../../../backend/retention/record-purge';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { removeTempDirs } from '../../fixtures/temp-data-dir';
import { oldDataDir } from './migration-0150-data';

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  removeTempDirs();
});

/** An old data folder opened by this version: 0150 applied to it. */
function upgraded(): Database {
  const db = openDatabase(databaseFile(oldDataDir().dir));
  open.push(db);
  return db;
}

/** The purge of one record as record-purge.ts writes it. */
const purgeSql = (kind: RecordKind, extra = '') =>
  `UPDATE ${recordTables[kind].table} SET ${recordTables[kind].erased
    .map((column) => `${column} = NULL`)
    .join(', ')}, purged_at = '2027-01-15T08:00:00.000Z'${extra} WHERE id = ?`;

const records: { kind: RecordKind; id: string | number }[] = [
  { kind: 'appointments', id: 'A2' },
  { kind: 'walkInRequests', id: 2 },
  { kind: 'courierDropOffs', id: 1 },
  { kind: 'feverCases', id: 1 },
];
/** A new value for any column, whatever its type. */
const changed = (column: string) =>
  `CASE WHEN ${column} IS NULL THEN 1 WHEN typeof(${column}) = 'integer' THEN ${column} + 1
     ELSE ${column} || 'x' END`;

describe('migration 0150: the purge and nothing else', () => {
  it.each(records)('$kind: allows the whole purge once, refuses a partial one', (record) => {
    const db = upgraded();
    const { table, erased } = recordTables[record.kind];
    // A purge that also changes any other column, or leaves a personal field, is refused.
    const columns = (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
    const others = columns.filter((c) => c !== 'purged_at' && !erased.includes(c));
    expect(others.length).toBeGreaterThan(4);
    for (const column of others) {
      expect(
        () => db.prepare(purgeSql(record.kind, `, ${column} = ${changed(column)}`)).run(record.id),
        column,
      ).toThrow(/changes nothing else|only ever closed/);
    }
    if (erased.length > 1) {
      expect(() =>
        db
          .prepare(`UPDATE ${table} SET ${erased[0]} = NULL, purged_at = 'x' WHERE id = ?`)
          .run(record.id),
      ).toThrow(/CHECK/);
    }
    expect(db.prepare(purgeSql(record.kind)).run(record.id).changes).toBe(1);
    const row = db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(record.id) as Record<
      string,
      unknown
    >;
    for (const column of erased) expect(row[column], column).toBeNull();
    // Once purged, nothing comes back and nothing else changes, not even a second purge.
    expect(() => db.prepare(purgeSql(record.kind)).run(record.id)).toThrow(
      /never changed|only ever closed/,
    );
    for (const column of columns) {
      expect(
        () =>
          db
            .prepare(`UPDATE ${table} SET ${column} = ${changed(column)} WHERE id = ?`)
            .run(record.id),
        column,
      ).toThrow(/never changed|only ever closed/);
    }
  });

  it('purges a fever case only once it is closed, and its events only then', () => {
    const db = upgraded();
    const eraseEvents = db.prepare(
      'UPDATE fever_case_events SET person = NULL, note = NULL WHERE case_id = ?',
    );
    // Case 2 is open: neither it nor its events may be purged.
    expect(() => db.prepare(purgeSql('feverCases')).run(2)).toThrow(/only ever closed/);
    expect(() => eraseEvents.run(2)).toThrow(/never updated/);
    // Case 1 is closed: its events lose person and note together, and nothing else.
    expect(() =>
      db.prepare('UPDATE fever_case_events SET person = NULL WHERE case_id = 1').run(),
    ).toThrow(/never updated/);
    expect(() =>
      db
        .prepare(
          'UPDATE fever_case_events SET person = NULL, note = NULL, celsius = 40 WHERE case_id = 1',
        )
        .run(),
    ).toThrow(/never updated/);
    expect(eraseEvents.run(1).changes).toBe(2);
    expect(() =>
      db.prepare("UPDATE fever_case_events SET note = '补' WHERE case_id = 1").run(),
    ).toThrow(/never updated/);
    expect(() => db.prepare('DELETE FROM fever_case_events').run()).toThrow(/never deleted/);
    // Closing still happens once, with an outcome, and never sets purged_at.
    expect(() =>
      db
        .prepare(
          "UPDATE fever_cases SET outcome = 'sent-home', closed_at = 'x', purged_at = 'x' WHERE id = 2",
        )
        .run(),
    ).toThrow(/only ever closed/);
    db.prepare("UPDATE fever_cases SET outcome = 'sent-home', closed_at = 'x' WHERE id = 2").run();
    expect(() => db.prepare("UPDATE fever_cases SET closed_at = 'y' WHERE id = 2").run()).toThrow(
      /only ever closed/,
    );
    expect(() => db.prepare('DELETE FROM fever_cases').run()).toThrow(/never deleted/);
  });

  it('keeps retention_runs append-only, one row per run that erased something', () => {
    const db = upgraded();
    const insert = db.prepare(
      'INSERT INTO retention_runs (at, days, entries, courier_drop_offs) VALUES (?, 30, ?, ?)',
    );
    insert.run('2027-01-15T08:00:00.000Z', 3, 1);
    expect(() => insert.run('2027-01-15T09:00:00.000Z', 0, 0)).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE retention_runs SET entries = 0').run()).toThrow(
      /never updated/,
    );
    expect(() => db.prepare('DELETE FROM retention_runs').run()).toThrow(/never deleted/);
    expect(() =>
      db
        .prepare(
          "INSERT OR REPLACE INTO retention_runs (id, at, days, entries) VALUES (1, 'x', 30, 1)",
        )
        .run(),
    ).toThrow(/never replaced/);
  });

  it.each(records)('$kind: the purge finds its work through the unpurged index', ({ kind }) => {
    const db = upgraded();
    const plan = db
      .prepare<[string, number], { detail: string }>(`EXPLAIN QUERY PLAN ${dueSql(kind)}`)
      .all('2027-01-01T00:00:00.000Z', 200)
      .map((row) => row.detail)
      .join('\n');
    expect(plan).toContain(`${recordTables[kind].table}_unpurged`);
    expect(plan).not.toContain('TEMP B-TREE');
  });
});
