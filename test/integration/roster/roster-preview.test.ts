import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RosterPerson } from '../../../backend/roster/roster-csv';
import { parseRosterCsv } from '../../../backend/roster/roster-csv';
import { rosterPreviewLines } from '../../../backend/roster/roster-messages';
import { previewRoster } from '../../../backend/roster/roster-preview';
import {
  countPeople,
  findPersonByCard,
  importRoster,
  listPeople,
} from '../../../backend/roster/roster-store';
import { openDatabase } from '../../../backend/store/database';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { testCipher } from '../../rigs/field-cipher';

const now = new Date('2026-11-23T00:00:00.000Z');
let db: Database;

function people(text: string): RosterPerson[] {
  const result = parseRosterCsv(text, { today: now });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.people;
}

const stored =
  '卡号,姓名,类别,班级,身份证号\nS1,王小明,学生,三年级2班,\nS2,李思雨,学生,三年级2班,\nT1,孙丽华,教职工,,11010519491231002X\nT2,赵老师,教职工,,\n';
const incoming =
  '卡号,姓名,类别,班级,身份证号\nS1,王小明,学生,四年级2班,11010519491231002X\nS2,李思雨,学生,三年级2班,\nS3,新同学,学生,一年级1班,\n';

beforeEach(() => {
  db = openDatabase(join(makeTempDir(), 'kiosk.db'));
  importRoster(db, testCipher, people(stored), now);
});

afterEach(() => {
  db.close();
  removeTempDirs();
});

describe('previewRoster', () => {
  it('sorts the file into added, changed, unchanged and not in the file', () => {
    const preview = previewRoster(listPeople(db, testCipher), people(incoming));
    expect(preview.added.map((person) => person.card)).toEqual(['S3']);
    expect(preview.changed).toEqual([
      {
        before: expect.objectContaining({ card: 'S1', className: '三年级2班', idNumber: null }),
        after: expect.objectContaining({ card: 'S1', className: '四年级2班' }),
        fields: ['className', 'idNumber'],
        rejoins: false,
      },
    ]);
    expect(preview.removed.map((person) => person.card)).toEqual(['T1', 'T2']);
    expect(preview.unchanged).toBe(1);
    // A preview is only a read.
    expect(countPeople(db)).toBe(4);
    expect(findPersonByCard(db, testCipher, 'S1')?.className).toBe('三年级2班');
  });

  it('predicts exactly what the import then does, and the import keeps the others', () => {
    const preview = previewRoster(listPeople(db, testCipher), people(incoming));
    expect(importRoster(db, testCipher, people(incoming), now)).toEqual({
      added: preview.added.length,
      updated: preview.changed.length,
      unchanged: preview.unchanged,
      left: 0,
    });
    expect(countPeople(db)).toBe(5);
    expect(findPersonByCard(db, testCipher, 'T2')?.name).toBe('赵老师');
  });

  it('prints counts, then at most 20 of each list with ID numbers masked', () => {
    const many = Array.from({ length: 25 }, (_, index) => `N${index},新${index},学生,,`);
    const file = people(
      `卡号,姓名,类别,班级,身份证号\n${many.join('\n')}\nS1,王小明,学生,四年级2班,11010519491231002X\n`,
    );
    const lines = rosterPreviewLines(previewRoster(listPeople(db, testCipher), file));
    const text = lines.join('\n');
    expect(lines.slice(0, 5)).toEqual([
      'Preview only: nothing has been written.',
      '  to add: 25',
      '  to change: 1',
      '  unchanged: 0',
      '  not in the file: 3 (they stay on the roster)',
    ]);
    expect(text).toContain('To add (25, the first 20):');
    expect(text).toContain('  N19  新19  学生');
    expect(text).not.toContain('N20');
    expect(text).toContain(
      'S1 王小明: class (班级) 三年级2班 → 四年级2班; ID number (身份证号) (empty) → 110***********002X',
    );
    expect(text).toContain('  T1  孙丽华  教职工  110***********002X');
    expect(text).not.toContain('11010519491231002X');
  });
});
