// The roster import with sealed ID numbers: what is stored is sealed with its lookup hash, and
// the preview and the import still compare the numbers themselves, so a changed number is a
// change, an unchanged one is not (two seals of one number never match), and a cleared one
// clears the hash too. The console's preview shows both sides masked.
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anonymousCaller } from '../../../contract/api';
import { parseRosterCsv, type RosterPerson } from '../../../backend/roster/roster-csv';
import { rosterHandlers } from '../../../backend/roster/roster-handlers';
import { previewRoster } from '../../../backend/roster/roster-preview';
import { importRoster, listPeople } from '../../../backend/roster/roster-store';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { testCipher } from '../../rigs/field-cipher';

const now = new Date('2026-11-23T00:00:00.000Z');
const header = '卡号,姓名,类别,班级,身份证号';
const first = '11010520190314013X';
const second = '110105201908220243';
const third = '110108201805060469';
const stored = [header, `S1,王小明,学生,一年级1班,${first}`, `S2,李思雨,学生,一年级1班,${third}`];
let db: Database;

function csv(lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

function people(lines: string[]): RosterPerson[] {
  const result = parseRosterCsv(csv(lines), { today: now });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.people;
}

interface StoredNumber {
  id_number: string | null;
  id_number_hash: string | null;
}

function storedNumber(card: string): StoredNumber | undefined {
  return db
    .prepare<[string], StoredNumber>('SELECT id_number, id_number_hash FROM people WHERE card = ?')
    .get(card);
}

beforeEach(() => {
  db = openDatabase(databaseFile(makeTempDir()));
  importRoster(db, testCipher, people(stored), now);
});

afterEach(() => {
  db.close();
  removeTempDirs();
});

describe('a roster with sealed ID numbers', () => {
  it('stores each number sealed, with the lookup hash beside it', () => {
    const row = storedNumber('S1');
    expect(row?.id_number?.startsWith('enc1:')).toBe(true);
    expect(testCipher.open('id-number', row?.id_number ?? '')).toBe(first);
    expect(row?.id_number_hash).toBe(testCipher.lookup('id-number', first));
    expect(listPeople(db, testCipher).map((person) => person.idNumber)).toEqual([first, third]);
  });

  it('sees the same file as unchanged, and leaves the sealed values as they are', () => {
    const before = storedNumber('S1');
    const preview = previewRoster(listPeople(db, testCipher), people(stored));
    expect(preview).toMatchObject({ changed: [], added: [], unchanged: 2 });
    expect(importRoster(db, testCipher, people(stored), now)).toMatchObject({
      updated: 0,
      unchanged: 2,
    });
    expect(storedNumber('S1')).toEqual(before);
  });

  it('sees a changed ID number as a change, and the import stores the new one', () => {
    const changed = [header, `S1,王小明,学生,一年级1班,${second}`, stored[2] ?? ''];
    const preview = previewRoster(listPeople(db, testCipher), people(changed));
    expect(preview.unchanged).toBe(1);
    expect(preview.changed).toHaveLength(1);
    expect(preview.changed[0]).toMatchObject({
      before: { card: 'S1', idNumber: first },
      after: { card: 'S1', idNumber: second },
      fields: ['idNumber'],
    });
    expect(importRoster(db, testCipher, people(changed), now)).toMatchObject({
      updated: 1,
      unchanged: 1,
    });
    const row = storedNumber('S1');
    expect(testCipher.open('id-number', row?.id_number ?? '')).toBe(second);
    expect(row?.id_number_hash).toBe(testCipher.lookup('id-number', second));
  });

  it('sees a cleared ID number as a change, and clears its hash too', () => {
    const cleared = [header, 'S1,王小明,学生,一年级1班,', stored[2] ?? ''];
    const preview = previewRoster(listPeople(db, testCipher), people(cleared));
    expect(preview.changed.map((change) => change.fields)).toEqual([['idNumber']]);
    importRoster(db, testCipher, people(cleared), now);
    expect(storedNumber('S1')).toEqual({ id_number: null, id_number_hash: null });
  });

  it('shows the console both sides of a changed number masked', async () => {
    const handlers = rosterHandlers(db, testCipher, () => now);
    const changed = [header, `S1,王小明,学生,一年级1班,${second}`, stored[2] ?? ''];
    const fileBase64 = Buffer.from(csv(changed), 'utf8').toString('base64');
    const preview = await handlers.previewRoster(
      { fileName: 'roster.csv', fileBase64 },
      anonymousCaller,
    );
    expect(preview).toMatchObject({
      ok: true,
      unchanged: 1,
      changed: [
        {
          card: 'S1',
          fields: [
            { field: 'idNumber', before: '110***********013X', after: '110***********0243' },
          ],
        },
      ],
    });
    expect(JSON.stringify(preview)).not.toContain(first);
    expect(JSON.stringify(preview)).not.toContain(second);
  });
});
