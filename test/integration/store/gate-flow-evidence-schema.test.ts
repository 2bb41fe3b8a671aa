// Migration 0080: each entry can hold the answers to the questions of the day, the health code
// with how it was obtained, and the status that kept a person out; bad values are refused by
// the database itself, and rows written before it read as "not recorded".
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../backend/store/database';
import { insertEntryRow } from '../../fixtures/entry-rows';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';

let db: Database;

beforeEach(() => {
  db = openDatabase(join(makeTempDir(), 'kiosk.db'));
});

afterEach(() => {
  db.close();
  removeTempDirs();
});

function setOnInsert(column: string, value: string): () => void {
  return () => {
    const id = insertEntryRow(db, { at: '2026-11-23T00:00:00.000Z' });
    // Entries are never updated, so a new row is copied with the one column set.
    db.prepare(
      `INSERT INTO entries (check_id, at, gate_id, decision, reasons, card_text, identity_source,
         policy_version, ${column})
       SELECT check_id || '-copy', at, gate_id, decision, reasons, card_text, identity_source,
         policy_version, ? FROM entries WHERE id = ?`,
    ).run(value, id);
  };
}

describe('entries gate-flow evidence (0080_gate_flow_evidence)', () => {
  it('reads an entry written without it as not recorded', () => {
    const id = insertEntryRow(db, { at: '2026-11-23T00:00:00.000Z' });
    const row = db
      .prepare(
        `SELECT answers, health_code, health_code_method, health_code_by, person_status,
           person_status_reason, person_status_set_by, person_status_set_at
         FROM entries WHERE id = ?`,
      )
      .get(id);
    expect(Object.values(row as object).every((value) => value === null)).toBe(true);
  });

  it('keeps answers as a JSON object and a known health-code result and method', () => {
    expect(setOnInsert('answers', '{"symptoms":"no"}')).not.toThrow();
    expect(setOnInsert('health_code', 'green')).not.toThrow();
    expect(setOnInsert('health_code_method', 'guard')).not.toThrow();
  });

  it.each([
    ['answers', '["no"]'],
    ['answers', 'not json'],
    ['health_code', 'purple'],
    ['health_code', 'failed'],
    ['health_code_method', 'pixels'],
  ])('refuses %s = %s', (column, value) => {
    expect(setOnInsert(column, value)).toThrow(/CHECK constraint failed/);
  });
});
