import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoRosterIfEmpty } from '../../../backend/roster/demo-roster';
import type { RosterPerson } from '../../../backend/roster/roster-csv';
import { parseRosterCsv } from '../../../backend/roster/roster-csv';
import {
  countPeople,
  findPersonByCard,
  importRoster,
  personByCardSql,
} from '../../../backend/roster/roster-store';
import { openDatabase } from '../../../backend/store/database';
import { insertEntryRow } from '../../fixtures/entry-rows';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { testCipher } from '../../rigs/field-cipher';

const now = new Date('2026-11-23T00:00:00.000Z');
const later = new Date('2026-11-24T00:00:00.000Z');
let db: Database;

function people(text: string): RosterPerson[] {
  const result = parseRosterCsv(text, { today: now });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.people;
}

const firstFile =
  '卡号,姓名,类别,班级,身份证号\nS1,王小明,学生,三年级2班,11010519491231002X\nS2,李思雨,学生,三年级2班,\nT1,孙丽华,教职工,,\n';

beforeEach(() => {
  db = openDatabase(join(makeTempDir(), 'kiosk.db'));
});

afterEach(() => {
  db.close();
  removeTempDirs();
});

describe('importRoster', () => {
  it('adds people and finds them by card', () => {
    expect(importRoster(db, testCipher, people(firstFile), now)).toEqual({
      added: 3,
      updated: 0,
      unchanged: 0,
      left: 0,
    });
    expect(findPersonByCard(db, testCipher, 'S1')).toEqual({
      id: expect.any(Number),
      card: 'S1',
      name: '王小明',
      kind: 'student',
      className: '三年级2班',
      idNumber: '11010519491231002X',
      status: 'active',
      statusReason: null,
      statusSetBy: null,
      statusSetAt: null,
      importedAt: now.toISOString(),
    });
    expect(findPersonByCard(db, testCipher, ' S1\n')?.name).toBe('王小明');
    expect(findPersonByCard(db, testCipher, 'S9')).toBeNull();
  });

  it('upserts by card: ids stay, status stays, people not in the file stay', () => {
    importRoster(db, testCipher, people(firstFile), now);
    const before = findPersonByCard(db, testCipher, 'S1');
    db.prepare("UPDATE people SET status = 'isolating' WHERE card = 'S1'").run();
    insertEntryRow(db, { at: now.toISOString(), personId: before?.id ?? null });

    const second =
      '卡号,姓名,类别,班级\nS1,王小明,学生,四年级2班\nS2,李思雨,学生,三年级2班\nS3,新同学,学生,一年级1班\n';
    expect(importRoster(db, testCipher, people(second), later)).toEqual({
      added: 1,
      updated: 1,
      unchanged: 1,
      left: 0,
    });

    const after = findPersonByCard(db, testCipher, 'S1');
    expect(after).toMatchObject({ id: before?.id, className: '四年级2班', status: 'isolating' });
    expect(after?.idNumber).toBeNull();
    expect(findPersonByCard(db, testCipher, 'S2')?.importedAt).toBe(later.toISOString());
    expect(findPersonByCard(db, testCipher, 'T1')).toMatchObject({
      name: '孙丽华',
      importedAt: now.toISOString(),
    });
    expect(countPeople(db)).toBe(4);
  });

  it('writes nothing when one person fails in the database', () => {
    importRoster(db, testCipher, people(firstFile), now);
    const list: RosterPerson[] = [
      { card: 'S8', name: '新一', kind: 'student', className: '', idNumber: null },
      { card: 'S9', name: '', kind: 'student', className: '', idNumber: null },
    ];
    expect(() => importRoster(db, testCipher, list, later)).toThrow(/CHECK constraint/);
    expect(countPeople(db)).toBe(3);
    expect(findPersonByCard(db, testCipher, 'S8')).toBeNull();
  });

  it('looks a card up through the unique index, never a scan', () => {
    const plan = db
      .prepare<[string], { detail: string }>(`EXPLAIN QUERY PLAN ${personByCardSql}`)
      .all('S1')
      .map((row) => row.detail);
    expect(plan).toHaveLength(1);
    const match = /^SEARCH people USING (?:COVERING )?INDEX (\S+) \(card=\?\)$/.exec(plan[0] ?? '');
    expect(match, plan.join('\n')).not.toBeNull();
    const indexes = db
      .prepare<[], { name: string; unique: number }>(
        'SELECT name, "unique" FROM pragma_index_list(\'people\')',
      )
      .all();
    expect(indexes).toContainEqual({ name: match?.[1], unique: 1 });
  });
});

describe('loadDemoRosterIfEmpty', () => {
  it('loads the demo roster on first run, once', () => {
    const counts = loadDemoRosterIfEmpty(db, testCipher, now);
    expect(counts?.added).toBeGreaterThanOrEqual(10);
    expect(findPersonByCard(db, testCipher, 'S2026001')?.kind).toBe('student');
    expect(findPersonByCard(db, testCipher, 'T0001')?.kind).toBe('staff');
    expect(loadDemoRosterIfEmpty(db, testCipher, later)).toBeNull();
    expect(findPersonByCard(db, testCipher, 'S2026001')?.importedAt).toBe(now.toISOString());
  });

  it('leaves a school roster alone', () => {
    importRoster(db, testCipher, people(firstFile), now);
    expect(loadDemoRosterIfEmpty(db, testCipher, now)).toBeNull();
    expect(countPeople(db)).toBe(3);
  });
});
