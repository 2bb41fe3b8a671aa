// Retention on a real SQLite file: old uploaded entries lose their personal fields (and the
// chain row its salt), new or waiting ones do not; the counts per day and the daily reports
// stay; `npm run verify` still says intact; the erased name and ID number are nowhere in the
// file's bytes afterwards; and migration 0130's trigger still refuses every other update.
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../cli/verify';
import { personalColumns } from '../../../backend/integrity/chain-encoding';
import { createRetention } from '../../../backend/retention/retention-purge';
import { removeTempDirs } from '../../fixtures/temp-data-dir';
import {
  dailyCounts,
  fileHolds,
  logWith,
  markSent,
  now,
  secret,
  type Log,
} from './retention-fixture';

const open: Log[] = [];
afterEach(() => {
  for (const log of open.splice(0)) log.db.close();
  removeTempDirs();
});

function setUp(old: number, fresh: number): Log {
  const log = logWith(old, fresh);
  open.push(log);
  return log;
}

const retention = (log: Log, uploadOff = false) =>
  createRetention({ db: log.db, days: 30, uploadOff, now: () => now, batchSize: 7 });

async function verify(dir: string) {
  const out: string[] = [];
  const code = await main(['--data-dir', dir], {
    output: { out: (line) => out.push(line), error: (line) => out.push(line) },
  });
  return { code, out: out.join('\n') };
}

const personalOf = (log: Log, id: number) =>
  log.db
    .prepare(`SELECT ${personalColumns.join(', ')} FROM entries WHERE id = ?`)
    .get(id) as Record<string, unknown>;

const saltOf = (log: Log, id: number) =>
  (
    log.db.prepare('SELECT personal_salt FROM entry_chain WHERE entry_id = ?').get(id) as {
      personal_salt: Buffer | null;
    }
  ).personal_salt;

describe('the retention purge', () => {
  it('erases old uploaded entries only, keeps counts and reports, and still verifies', async () => {
    const log = setUp(20, 10); // ids 1–20 old, 21–30 new
    markSent(log.db, 'id <= 15 OR id > 20'); // 16–20 are old but still waiting
    log.db
      .prepare('INSERT INTO daily_reports (date, report_id, body, created_at) VALUES (?, ?, ?, ?)')
      .run('2026-11-23', 'x:2026-11-23', '{"counts":{"entries":20}}', now.toISOString());
    const counts = dailyCounts(log.db);
    const reports = log.db.prepare('SELECT * FROM daily_reports').all();

    expect(retention(log).purgeAll()).toBe(15);

    for (let id = 1; id <= 30; id += 1) {
      const personal = personalOf(log, id);
      const purged = id <= 15;
      expect(personal.card_text === '', `entry ${id}`).toBe(purged);
      if (purged) {
        for (const column of personalColumns) {
          expect(personal[column], `${column} of ${id}`).toBe(column === 'card_text' ? '' : null);
        }
        expect(saltOf(log, id)).toBeNull();
      } else {
        expect(personal.name).not.toBeNull();
        expect(saltOf(log, id)).not.toBeNull();
      }
    }
    expect(dailyCounts(log.db)).toEqual(counts);
    expect(log.db.prepare('SELECT * FROM daily_reports').all()).toEqual(reports);
    // A second run finds nothing more to do.
    expect(retention(log).purgeAll()).toBe(0);

    const result = await verify(log.dir);
    expect(result.code).toBe(0);
    expect(result.out).toContain('personal fields purged from 15');
    expect(result.out).toContain('Intact');
    expect(result.out).not.toContain('still keep their personal salt');
  });

  it('with upload off, purges by age alone', () => {
    const log = setUp(6, 4);
    expect(retention(log, true).purgeAll()).toBe(6);
    expect(personalOf(log, 6).name).toBeNull();
    expect(personalOf(log, 7).name).not.toBeNull();
  });

  it('leaves no trace of a purged name, ID number or card in the file', () => {
    const log = setUp(300, 50);
    markSent(log.db, '1 = 1');
    for (const text of [secret.name, secret.card]) {
      expect(fileHolds(log.dir, text), `${text} before`).toBe(true);
    }
    // The ID number is sealed when the entry is written: not even the unpurged file holds it.
    expect(fileHolds(log.dir, secret.idNumber), 'the ID number before').toBe(false);
    const purge = retention(log);
    expect(purge.purgeAll()).toBe(300);
    const compacted = purge.compact();
    expect(compacted.walBusy).toBe(false);
    for (const text of [secret.name, secret.idNumber, secret.card]) {
      expect(fileHolds(log.dir, text), `${text} after`).toBe(false);
    }
    // The new entries' people are still there: the search itself works.
    expect(fileHolds(log.dir, '学生49')).toBe(true);
    expect(log.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});

describe('migration 0130: entries allow the purge and nothing else', () => {
  const refused = /entries are never updated/;

  it('refuses a change to any column that is not personal', () => {
    const log = setUp(3, 0);
    const columns = (log.db.pragma('table_info(entries)') as { name: string }[]).map((c) => c.name);
    const others = columns.filter((c) => !(personalColumns as readonly string[]).includes(c));
    expect(others.length).toBeGreaterThan(20);
    for (const column of others) {
      const change = `CASE WHEN ${column} IS NULL THEN 1 WHEN typeof(${column}) = 'integer' THEN ${column} + 1000 ELSE NULL END`;
      expect(
        () => log.db.exec(`UPDATE entries SET ${column} = ${change} WHERE id = 2`),
        column,
      ).toThrow(refused);
      // Not even alongside a complete purge.
      expect(() =>
        log.db.exec(
          `UPDATE entries SET ${personalColumns.map((c) => `${c} = ${c === 'card_text' ? "''" : 'NULL'}`).join(', ')}, ${column} = ${change} WHERE id = 2`,
        ),
      ).toThrow(refused);
    }
  });

  it('refuses a partial purge or a new personal value, allows the whole purge', () => {
    const log = setUp(3, 0);
    for (const column of personalColumns) {
      expect(() => log.db.exec(`UPDATE entries SET ${column} = NULL WHERE id = 2`), column).toThrow(
        refused,
      );
      expect(() => log.db.exec(`UPDATE entries SET ${column} = 'x' WHERE id = 2`), column).toThrow(
        refused,
      );
    }
    const all = personalColumns.map((c) => `${c} = ${c === 'card_text' ? "''" : 'NULL'}`);
    log.db.exec(`UPDATE entries SET ${all.join(', ')} WHERE id = 2`);
    expect(personalOf(log, 2).card_text).toBe('');
    // Once purged, nothing can be put back.
    expect(() => log.db.exec("UPDATE entries SET name = 'back' WHERE id = 2")).toThrow(refused);
    expect(() => log.db.exec('DELETE FROM entries WHERE id = 2')).toThrow(/never deleted/);
  });
});
