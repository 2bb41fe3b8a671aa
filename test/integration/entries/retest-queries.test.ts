// Unresolved retests on a real database: a retest entry of the Beijing day that no entry follows,
// whatever day or gate wrote the follow-up (a pass or refer on retest, or a guard's ending);
// the day runs from 16:00 UTC the day before; and each query walks indexes, never the table.
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  countUnresolvedRetestsSql,
  createRetestQueries,
  listUnresolvedRetestsSql,
  retestFollowUpsSql,
} from '../../../backend/entries/retest-queries';
import { openDatabase } from '../../../backend/store/database';
import { insertEntryRow, type EntryRowInput } from '../../fixtures/entry-rows';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';

let db: Database;

beforeEach(() => {
  db = openDatabase(join(makeTempDir(), 'kiosk.db'));
});

afterEach(() => {
  db.close();
  removeTempDirs();
});

/** A first reading at or over the threshold, by a student of 三年级2班. */
function retest(at: string, name: string, changes: Partial<EntryRowInput> = {}): number {
  return insertEntryRow(db, {
    at,
    decision: 'retest',
    reasons: ['temperature-high'],
    name,
    kind: 'student',
    className: '三年级2班',
    temperatureCelsius: 37.6,
    ...changes,
  });
}

function follow(retestId: number, at: string, changes: Partial<EntryRowInput> = {}): number {
  return insertEntryRow(db, {
    at,
    decision: 'pass',
    reasons: ['temperature-normal-on-retest'],
    followsEntryId: retestId,
    temperatureCelsius: 36.8,
    ...changes,
  });
}

describe('unresolved retests of a day', () => {
  it('are the day’s retests nothing follows, however they ended', () => {
    retest('2026-11-22T15:59:59.999Z', '昨天'); // 23:59 on the 22nd in Beijing
    const open = retest('2026-11-22T16:00:00.000Z', '甲'); // 00:00 on the 23rd
    const passed = retest('2026-11-22T23:30:00.000Z', '乙');
    follow(passed, '2026-11-22T23:31:00.000Z');
    const referred = retest('2026-11-22T23:40:00.000Z', '丙');
    follow(referred, '2026-11-22T23:41:00.000Z', {
      decision: 'refer',
      reasons: ['fever-confirmed'],
    });
    // A guard ended it without a second reading, at another gate, the next day.
    const byGuard = retest('2026-11-23T15:00:00.000Z', '丁');
    follow(byGuard, '2026-11-23T16:30:00.000Z', {
      gateId: 'gate-2',
      decision: 'deny',
      reasons: ['retest-went-home'],
    });
    const late = retest('2026-11-23T15:59:59.999Z', '戊', { className: null, kind: 'staff' });
    retest('2026-11-23T16:00:00.000Z', '明天'); // 00:00 on the 24th
    // Other decisions of the day are never retests, followed or not.
    insertEntryRow(db, { at: '2026-11-23T01:00:00.000Z', decision: 'deny' });

    const queries = createRetestQueries(db);
    expect(queries.countUnresolved('2026-11-23')).toBe(2);
    expect(queries.listUnresolved('2026-11-23', 10)).toEqual([
      {
        entryId: open,
        at: '2026-11-22T16:00:00.000Z',
        name: '甲',
        kind: 'student',
        className: '三年级2班',
        firstCelsius: 37.6,
      },
      {
        entryId: late,
        at: '2026-11-23T15:59:59.999Z',
        name: '戊',
        kind: 'staff',
        className: null,
        firstCelsius: 37.6,
      },
    ]);
    expect(queries.listUnresolved('2026-11-23', 1).map((row) => row.name)).toEqual(['甲']);
    expect(queries.countUnresolved('2026-11-22')).toBe(1);
    expect(queries.countUnresolved('2026-11-25')).toBe(0);
  });

  it('stop being unresolved once an entry follows them', () => {
    const queries = createRetestQueries(db);
    const first = retest('2026-11-23T00:00:00.000Z', '甲');
    expect(queries.countUnresolved('2026-11-23')).toBe(1);
    follow(first, '2026-11-23T00:01:00.000Z');
    expect(queries.countUnresolved('2026-11-23')).toBe(0);
    expect(queries.listUnresolved('2026-11-23', 10)).toEqual([]);
  });

  it('name the entry that ended each of the day’s retests', () => {
    const passed = retest('2026-11-23T00:00:00.000Z', '甲');
    const passEntry = follow(passed, '2026-11-23T00:01:00.000Z');
    const open = retest('2026-11-23T00:02:00.000Z', '乙');
    const byGuard = retest('2026-11-23T00:03:00.000Z', '丙');
    const guardEntry = follow(byGuard, '2026-11-23T00:20:00.000Z', {
      decision: 'refer',
      reasons: ['retest-sent-to-observation'],
      guardName: '王保安',
    });
    const followUps = createRetestQueries(db).followUps('2026-11-23');
    expect([...followUps.keys()].sort()).toEqual([passed, byGuard]);
    expect(followUps.has(open)).toBe(false);
    expect(followUps.get(passed)).toEqual({
      retestEntryId: passed,
      entryId: passEntry,
      decision: 'pass',
      reasons: '["temperature-normal-on-retest"]',
      guardName: null,
    });
    expect(followUps.get(byGuard)).toMatchObject({
      entryId: guardEntry,
      decision: 'refer',
      guardName: '王保安',
    });
  });

  it.each([
    ['count', countUnresolvedRetestsSql, ['a', 'b']],
    ['list', listUnresolvedRetestsSql, ['a', 'b', 10]],
    ['follow-ups', retestFollowUpsSql, ['a', 'b']],
  ] as const)('%s walks the day by index and finds follow-ups by index', (_, sql, args) => {
    const plan = db
      .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...args)
      .map((row) => row.detail);
    // The day through an index on `at` (entries_at, or 0160's retests-only entries_open_retests),
    // each retest's follow-up through an index on follows_entry_id (0160's entries_follows).
    expect(plan).toContainEqual(
      expect.stringMatching(/^SEARCH e USING (COVERING )?INDEX \w+ \(at>\? AND at<\?\)$/),
    );
    expect(plan).toContainEqual(
      expect.stringMatching(/^SEARCH f USING (COVERING )?INDEX \w+ \(follows_entry_id=\?\)$/),
    );
    expect(plan.filter((step) => step.startsWith('SCAN'))).toEqual([]);
  });
});
