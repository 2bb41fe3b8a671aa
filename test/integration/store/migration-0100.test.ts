// Migration 0100 (courier drop-offs, walk-in requests): the tables exist after it, and the
// database itself refuses a record the rules forbid — an approval without its appointment, a
// refusal without a reason, an unknown state, an empty courier name.
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../backend/store/database';
import { appliedMigrations } from '../../../backend/store/migrations';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';

let db: Database;

afterEach(() => {
  db?.close();
  removeTempDirs();
});

const request = `INSERT INTO walk_in_requests (created_at, gate_id, visitor_name, document_type,
  document_number, phone, host, reason, area, requested_by_name, state, appointment_id,
  decline_reason) VALUES ('2026-11-23T02:00:00.000Z', 'north', '张伟', 'resident-id',
  '11010519491231002X', '13800138000', '王老师', '送教材', 'A座', '王保安', ?, ?, ?)`;

describe('migration 0100 couriers and walk-ins', () => {
  it('is applied and keeps the rules of a request in the database', () => {
    db = openDatabase(join(makeTempDir(), 'kiosk.db'));
    expect(appliedMigrations(db).map((migration) => migration.version)).toContain(100);
    const insert = db.prepare(request);
    expect(() => insert.run('pending', null, null)).not.toThrow();
    expect(() => insert.run('approved', null, null)).toThrow(/CHECK/);
    expect(() => insert.run('declined', null, null)).toThrow(/CHECK/);
    expect(() => insert.run('declined', null, '')).toThrow(/CHECK/);
    expect(() => insert.run('declined', null, '被访人不在校')).not.toThrow();
    expect(() => insert.run('maybe', null, null)).toThrow(/CHECK/);
  });

  it('refuses a drop-off without a courier name or with a silly parcel count', () => {
    db = openDatabase(join(makeTempDir(), 'kiosk.db'));
    const insert = db.prepare(
      `INSERT INTO courier_drop_offs (at, gate_id, courier_name, phone, company, recipient,
         parcels, guard_name) VALUES ('2026-11-23T02:00:00.000Z', 'north', ?, '13800138000',
         '顺丰', '教务处', ?, '王保安')`,
    );
    expect(() => insert.run('刘师傅', 2)).not.toThrow();
    expect(() => insert.run('刘师傅', null)).not.toThrow();
    expect(() => insert.run('', 1)).toThrow(/CHECK/);
    expect(() => insert.run('刘师傅', 0)).toThrow(/CHECK/);
  });

  it('finds the pending list and a day of drop-offs by index', () => {
    db = openDatabase(join(makeTempDir(), 'kiosk.db'));
    const plan = (sql: string) =>
      db
        .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((row) => row.detail)
        .join('\n');
    expect(
      plan(`SELECT * FROM walk_in_requests WHERE state = 'pending' ORDER BY created_at DESC`),
    ).toContain('walk_in_requests_state');
    expect(plan(`SELECT * FROM courier_drop_offs WHERE at >= '2026' AND at < '2027'`)).toContain(
      'courier_drop_offs_at',
    );
  });
});
