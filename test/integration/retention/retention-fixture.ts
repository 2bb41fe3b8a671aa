// Test helper for retention: a kiosk.db holding entries of two ages written through the real
// entry log, some of them uploaded (outbox.sent_at set), and a raw search of the file's bytes.
import { existsSync, readFileSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { createEntryLog, type NewEntry } from '../../../backend/entries/entry-log';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { insertPolicyRow } from '../../fixtures/entry-rows';
import { makeTempDir } from '../../fixtures/temp-data-dir';
import { sampleEntry } from '../integrity/chain-log';
import { testCipher } from '../../rigs/field-cipher';

/** The clock of the tests: 30 days after it, the old entries are due and the new ones not. */
export const now = new Date('2027-01-15T08:00:00.000Z');
export const oldDay = new Date('2026-11-23T00:00:00.000Z');
export const newDay = new Date('2027-01-10T00:00:00.000Z');

/** A distinctive person, written into one old entry only. */
export const secret = { name: '欧阳寂静', idNumber: '99887719990101123X', card: 'CARD-ZQXJ-7731' };

export function entryAt(index: number, day: Date, person?: typeof secret): NewEntry {
  const sample = sampleEntry(index);
  const at = new Date(day.getTime() + index * 1000);
  return {
    ...sample,
    at,
    cardText: person?.card ?? sample.cardText,
    person:
      person && sample.person
        ? { ...sample.person, name: person.name, idNumber: person.idNumber }
        : sample.person,
    temperature: sample.temperature && { ...sample.temperature, at },
  };
}

export interface Log {
  dir: string;
  db: Database;
}

/** Opens a data folder's database (WAL, migrations) with `old` old and `fresh` new entries. */
export function logWith(old: number, fresh: number): Log {
  const dir = makeTempDir('kiosk-retention-');
  const db = openDatabase(databaseFile(dir));
  insertPolicyRow(db, 1);
  const log = createEntryLog(db, testCipher);
  // One transaction for speed; nobody listens, so nothing is announced.
  const quiet = { announce: false };
  const append = db.transaction(() => {
    for (let index = 1; index <= old; index += 1) {
      log.append(entryAt(index, oldDay, index === 2 ? secret : undefined), quiet);
    }
    for (let index = 1; index <= fresh; index += 1) log.append(entryAt(index, newDay), quiet);
  });
  append();
  return { dir, db };
}

/** Marks entries as acknowledged by the district, as the uploader does. */
export function markSent(db: Database, where: string): void {
  db.prepare(
    `UPDATE outbox SET sent_at = ? WHERE entry_id IN (SELECT id FROM entries WHERE ${where})`,
  ).run(now.toISOString());
}

/** Whether the text's UTF-8 bytes are anywhere in kiosk.db or its WAL. */
export function fileHolds(dir: string, text: string): boolean {
  const needle = Buffer.from(text, 'utf8');
  const file = databaseFile(dir);
  return [file, `${file}-wal`].some(
    (path) => existsSync(path) && readFileSync(path).includes(needle),
  );
}

/** Counts per day and decision, as the reports make them. */
export function dailyCounts(db: Database): unknown[] {
  return db
    .prepare(
      'SELECT date(at) AS day, decision, count(*) AS n FROM entries GROUP BY 1, 2 ORDER BY 1, 2',
    )
    .all();
}
