// Migration 0090: fever-case events are append-only, and a fever case changes once — when it is
// closed with an outcome — and is never deleted; the database refuses anything else.
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEntryLog } from '../../../backend/entries/entry-log';
import { openDatabase } from '../../../backend/store/database';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { appendEntry, insertBasics } from '../../fixtures/visit-rows';
import { testCipher } from '../../rigs/field-cipher';

let db: Database;

beforeEach(() => {
  db = openDatabase(join(makeTempDir(), 'kiosk.db'));
  insertBasics(db);
  appendEntry(createEntryLog(db, testCipher), {
    at: '2026-11-23T00:00:00.000Z',
    decision: 'refer',
  });
  db.prepare(
    `INSERT INTO fever_case_events (case_id, at, kind, note, recorded_by, recorded_by_name,
       recorded_by_role) VALUES (1, '2026-11-23T00:05:00.000Z', 'note', '已通知', 2, '王保安', 'guard')`,
  ).run();
});

afterEach(() => {
  db.close();
  removeTempDirs();
});

const close =
  "UPDATE fever_cases SET outcome = 'sent-home', closed_at = '2026-11-23T01:00:00.000Z'";

describe('fever case follow-up (0090_fever_follow_up)', () => {
  it('never updates, deletes or replaces an event', () => {
    expect(() => db.prepare("UPDATE fever_case_events SET note = '改'").run()).toThrow(
      /never updated/,
    );
    expect(() => db.prepare('DELETE FROM fever_case_events').run()).toThrow(/never deleted/);
    expect(() =>
      db
        .prepare(
          `INSERT OR REPLACE INTO fever_case_events (id, case_id, at, kind, recorded_by_name,
             recorded_by_role) VALUES (1, 1, 'x', 'note', 'x', 'guard')`,
        )
        .run(),
    ).toThrow(/never replaced/);
    expect(db.prepare('SELECT note FROM fever_case_events').pluck().get()).toBe('已通知');
  });

  it('refuses an event of an unknown kind or for no case', () => {
    const insert = db.prepare(
      `INSERT INTO fever_case_events (case_id, at, kind, recorded_by_name, recorded_by_role)
       VALUES (?, 'x', ?, 'x', 'guard')`,
    );
    expect(() => insert.run(1, 'gossip')).toThrow(/CHECK constraint/);
    expect(() => insert.run(99, 'note')).toThrow(/FOREIGN KEY/);
  });

  it('closes a case once, with an outcome, and never reopens or deletes it', () => {
    expect(() =>
      db.prepare("UPDATE fever_cases SET closed_at = '2026-11-23T01:00:00.000Z'").run(),
    ).toThrow(/only ever closed/);
    db.prepare(close).run();
    expect(() => db.prepare(close).run()).toThrow(/only ever closed/);
    expect(() => db.prepare('UPDATE fever_cases SET closed_at = NULL').run()).toThrow(
      /only ever closed/,
    );
    expect(() => db.prepare('DELETE FROM fever_cases').run()).toThrow(/never deleted/);
    expect(db.prepare('SELECT outcome FROM fever_cases').pluck().get()).toBe('sent-home');
  });
});
