// The guard's forgotten-card search on a real database: by part of a name or class, the end of a
// card, the last four characters of an ID number (an X too) and the whole number, never anyone
// taken off the roster; cards leave masked and ID numbers not at all; only a signed-in guard may
// search, and neither the query nor an ID number's tail is ever in the database file in plain.
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActorView, Caller, Handlers } from '../../../contract/api';
import { dispatch } from '../../../contract/dispatch';
import { idNumberCheckCharacter } from '../../../contract/id-number';
import { lookupHandlers } from '../../../backend/roster/lookup-handlers';
import { fillIdTailHashes, findPeople } from '../../../backend/roster/person-lookup';
import type { RosterPerson } from '../../../backend/roster/roster-csv';
import { importRoster } from '../../../backend/roster/roster-store';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { adminActor, guardActor } from '../../fixtures/visit-rows';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { testCipher } from '../../rigs/field-cipher';
import { fileHolds } from '../retention/retention-fixture';

const now = new Date('2026-11-23T00:00:00.000Z');
/** A valid GB 11643 number: region, birth date, sequence, check character. */
const idNumber = (birth: string, sequence: number) => {
  const first17 = `110105${birth}${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberCheckCharacter(first17);
};
// 11010520150314013X: its tail 013X ends in X.
const withX = '11010520150314013X';
const roster: RosterPerson[] = [
  { card: 'S20260012', name: '王小明', kind: 'student', className: '三年级2班', idNumber: withX },
  {
    card: 'S20260034',
    name: '李小红',
    kind: 'student',
    className: '三年级2班',
    idNumber: idNumber('20150822', 24),
  },
  {
    card: 'S20260056',
    name: '王小明明',
    kind: 'student',
    className: '四年级1班',
    idNumber: null,
  },
  {
    card: 'T0077',
    name: '张老师',
    kind: 'staff',
    className: '',
    idNumber: idNumber('19800101', 5),
  },
  {
    card: 'S20269012',
    name: '赵已转',
    kind: 'student',
    className: '三年级2班',
    idNumber: idNumber('20150101', 7),
  },
];

let dir: string;
let db: Database;

const names = (query: string) => findPeople(db, testCipher, query).people.map((p) => p.name);
const as = (actor: ActorView | null): Caller => ({ actor, session: null, origin: 'test' });

beforeEach(() => {
  dir = makeTempDir();
  db = openDatabase(databaseFile(dir));
  importRoster(db, testCipher, roster, now);
  // Taken off the roster: never found, whatever is typed.
  db.prepare(`UPDATE people SET status = 'left' WHERE card = 'S20269012'`).run();
  db.prepare(`UPDATE people SET status = 'isolating' WHERE card = 'S20260034'`).run();
});

afterEach(() => {
  if (db.open) db.close();
  removeTempDirs();
});

describe('the forgotten-card search', () => {
  it('finds people by part of a name, the exact name first', () => {
    expect(names('小明')).toEqual(['王小明', '王小明明']);
    expect(names('王小明明')).toEqual(['王小明明']);
    expect(names(' 王小明 ')).toEqual(['王小明', '王小明明']);
    expect(names('钱')).toEqual([]);
  });

  it('finds a class, typed with full-width digits too, and never someone who left', () => {
    expect(names('三年级2班')).toEqual(['李小红', '王小明']);
    expect(names('三年级２班')).toEqual(['李小红', '王小明']);
    expect(names('赵已转')).toEqual([]);
  });

  it('finds the end of a card of at least three characters, but not the middle', () => {
    expect(names('0012')).toEqual(['王小明']);
    expect(names('012')).toEqual(['王小明']);
    expect(names('t0077')).toEqual(['张老师']);
    expect(names('12')).toEqual([]);
    expect(names('2026')).toEqual([]);
    // S20269012 also ends in 9012 but has left.
    expect(names('9012')).toEqual([]);
  });

  it('finds the last four characters of an ID number, a lower-case x too', () => {
    expect(names('013X')).toEqual(['王小明']);
    expect(names('013x')).toEqual(['王小明']);
    expect(names('０１３Ｘ')).toEqual(['王小明']);
    expect(names(roster[1]?.idNumber?.slice(-4) ?? '')).toEqual(['李小红']);
    // The left person's tail finds nobody.
    expect(names(roster[4]?.idNumber?.slice(-4) ?? '')).toEqual([]);
    // Four characters in the middle of a number are not its end.
    expect(names(withX.slice(6, 10))).toEqual([]);
  });

  it('finds a whole ID number through its hash, spaces and a lower-case x allowed', () => {
    expect(names(withX)).toEqual(['王小明']);
    expect(names('110105 20150314 013x')).toEqual(['王小明']);
    expect(names(roster[4]?.idNumber ?? '')).toEqual([]);
  });

  it('answers at most twelve, best first, and says there are more', () => {
    const many: RosterPerson[] = Array.from({ length: 20 }, (_, index) => ({
      card: `M${String(index).padStart(4, '0')}`,
      name: `王${index}`,
      kind: 'student',
      className: '五年级1班',
      idNumber: null,
    }));
    importRoster(db, testCipher, many, now);
    const found = findPeople(db, testCipher, '王');
    expect(found.people).toHaveLength(12);
    expect(found.more).toBe(true);
    expect(findPeople(db, testCipher, '王小明').more).toBe(false);
  });

  it('sends the guard a masked card and the status, never an ID number', async () => {
    const handlers = lookupHandlers(db, testCipher);
    const answer = await handlers.findPeople({ query: withX }, as(guardActor));
    expect(answer).toEqual({
      people: [
        {
          personId: expect.any(Number) as number,
          name: '王小明',
          kind: 'student',
          className: '三年级2班',
          maskedCard: '****0012',
          status: 'active',
        },
      ],
      more: false,
    });
    const red = await handlers.findPeople({ query: '李小红' }, as(guardActor));
    expect(red.people[0]).toMatchObject({ maskedCard: '****0034', status: 'isolating' });
    const everyone = await handlers.findPeople({ query: '班' }, as(guardActor));
    const text = JSON.stringify(everyone);
    for (const person of roster) {
      expect(text).not.toContain(person.card);
      if (person.idNumber !== null) expect(text).not.toContain(person.idNumber);
    }
  });

  it('is for a signed-in guard only, and the query is never audited', async () => {
    const handlers = lookupHandlers(db, testCipher) as unknown as Handlers;
    const audited: string[] = [];
    const call = (query: unknown, actor: ActorView | null) =>
      dispatch(handlers, 'findPeople', { query }, as(actor), (_caller, action, detail) =>
        audited.push(`${action} ${detail}`),
      );
    expect(await call(withX, null)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await call(withX, guardActor)).toMatchObject({ ok: true });
    // An admin standing in at the gate searches as a guard: not an admin action either.
    expect(await call(withX, adminActor)).toMatchObject({ ok: true });
    expect(audited).toEqual([]);
    expect(await call('   ', guardActor)).toMatchObject({ error: { code: 'bad-input' } });
    expect(await call('1'.repeat(33), guardActor)).toMatchObject({
      error: { code: 'bad-input' },
    });
  });

  it('keeps no ID number, tail or query in the database file in plain text', async () => {
    const handlers = lookupHandlers(db, testCipher);
    await handlers.findPeople({ query: withX }, as(guardActor));
    await handlers.findPeople({ query: '013X' }, as(guardActor));
    db.close();
    expect(fileHolds(dir, '013X')).toBe(false);
    expect(fileHolds(dir, withX)).toBe(false);
    expect(fileHolds(dir, '王小明')).toBe(true);
  });

  it('fills the tail hash of people written before it existed, once', () => {
    db.prepare('UPDATE people SET id_tail_hash = NULL').run();
    expect(names('013X')).toEqual([]);
    expect(fillIdTailHashes(db, testCipher)).toBe(4);
    expect(names('013X')).toEqual(['王小明']);
    expect(fillIdTailHashes(db, testCipher)).toBe(0);
  });

  it('searches a roster of 5,000 in a few milliseconds', () => {
    const school: RosterPerson[] = Array.from({ length: 5000 }, (_, index) => ({
      card: `B${String(100000 + index)}`,
      name: `学生${index}`,
      kind: 'student',
      className: `${(index % 6) + 1}年级${(index % 10) + 1}班`,
      idNumber: idNumber(`2014${String((index % 12) + 1).padStart(2, '0')}15`, index % 1000),
    }));
    importRoster(db, testCipher, school, now);
    const queries = ['学生4321', '3年级7班', '04321', '013X', withX, '王'];
    const started = performance.now();
    for (const query of queries) findPeople(db, testCipher, query);
    const perSearch = (performance.now() - started) / queries.length;
    expect(findPeople(db, testCipher, '04321').people.map((p) => p.name)).toEqual(['学生4321']);
    // A generous bound for a busy test machine; measured at a few ms (README).
    expect(perSearch).toBeLessThan(250);
  });
});
