import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../backend/store/database';
import { insertEntryRow } from '../../fixtures/entry-rows';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';

// Migration 0010: the entry log is append-only and its rows have the one shape the queries need.
let db: Database;

beforeEach(() => {
  db = openDatabase(join(makeTempDir(), 'kiosk.db'));
});

afterEach(() => {
  db.close();
  removeTempDirs();
});

describe('entries (0010_init)', () => {
  it('cannot be updated', () => {
    const id = insertEntryRow(db, { at: '2026-11-23T00:00:00.000Z' });
    expect(() => db.prepare("UPDATE entries SET decision = 'deny' WHERE id = ?").run(id)).toThrow(
      /never updated/,
    );
  });

  it('cannot be deleted', () => {
    const id = insertEntryRow(db, { at: '2026-11-23T00:00:00.000Z' });
    expect(() => db.prepare('DELETE FROM entries WHERE id = ?').run(id)).toThrow(/never deleted/);
  });

  it('cannot be replaced with INSERT OR REPLACE', () => {
    const id = insertEntryRow(db, { at: '2026-11-23T00:00:00.000Z', cardText: 'S1' });
    expect(() =>
      db
        .prepare(
          `INSERT OR REPLACE INTO entries (id, check_id, at, gate_id, decision, reasons, card_text,
             identity_source, policy_version)
           VALUES (?, 'c', '2026-11-23T00:00:00.000Z', 'g', 'pass', '[]', 'S2', 'camera', 1)`,
        )
        .run(id),
    ).toThrow(/never replaced/);
    expect(db.prepare('SELECT card_text FROM entries WHERE id = ?').pluck().get(id)).toBe('S1');
  });

  it.each(['2026-11-23T00:00:00Z', '2026-11-23 00:00:00.000', '2026-11-23T08:00:00.000+08:00'])(
    'refuses the time %s, which would sort wrongly',
    (at) => {
      expect(() => insertEntryRow(db, { at })).toThrow(/CHECK constraint/);
    },
  );

  it('refuses reasons that are not a JSON array', () => {
    expect(() =>
      db
        .prepare(
          `INSERT INTO entries (check_id, at, gate_id, decision, reasons, card_text,
             identity_source, policy_version)
           VALUES ('c', '2026-11-23T00:00:00.000Z', 'g', 'pass', 'card-unknown', 'S', 'camera', 1)`,
        )
        .run(),
    ).toThrow(/CHECK constraint/);
  });

  it('needs an existing policy version', () => {
    expect(() =>
      insertEntryRow(db, { at: '2026-11-23T00:00:00.000Z', policyVersion: 1 }),
    ).not.toThrow();
    expect(() =>
      db
        .prepare(
          `INSERT INTO entries (check_id, at, gate_id, decision, reasons, card_text,
             identity_source, policy_version)
           VALUES ('c', '2026-11-23T00:00:00.000Z', 'g', 'pass', '[]', 'S', 'camera', 99)`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });
});
