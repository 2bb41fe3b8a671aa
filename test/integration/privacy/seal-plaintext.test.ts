// Upgrading a database an older version wrote in plain text: at start every ID, document and
// phone number is sealed and gets its lookup hash, except in entries the chain already hashed
// (they keep their text until the purge, so the chain still verifies); the database itself
// refuses any other edit of an entry, and a second start seals nothing.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createEntryChain } from '../../../backend/integrity/entry-chain';
import { verifyChain } from '../../../backend/integrity/chain-verifier';
import { isSealed } from '../../../backend/privacy/field-cipher';
import { plainTextCounts, sealPlaintext } from '../../../backend/privacy/seal-plaintext';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { startRetention } from '../../../backend/retention/retention-schedule';
import { insertEntryRow } from '../../fixtures/entry-rows';
import { fileHolds } from '../retention/retention-fixture';
import { copyMigrations, makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { testCipher } from '../../rigs/field-cipher';

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  removeTempDirs();
});

const idNumber = (n: number) => `11010519491231${String(n).padStart(3, '0')}X`;

/** A data folder as the version before 0140 left it, with plain numbers in every table. */
function oldDataDir(): string {
  const dir = makeTempDir('kiosk-plain-');
  const migrations = copyMigrations();
  for (const name of readdirSync(migrations).filter((file) => file >= '0140')) {
    rmSync(join(migrations, name));
  }
  const db = openDatabase(databaseFile(dir), { migrationsDir: migrations });
  db.prepare(
    `INSERT INTO people (card, name, kind, class_name, id_number, imported_at)
     VALUES ('C1', '张伟', 'student', '三年级1班', ?, '2026-11-01T00:00:00.000Z')`,
  ).run(idNumber(1));
  db.prepare(
    `INSERT INTO appointments (id, visitor_name, document_type, document_number, phone, host,
       reason, area, valid_from, valid_to, entries_allowed, state, created_at)
     VALUES ('A1', '李娜', 'resident-id', ?, '13800138000', '王老师', '家长会', 'A座',
       '2026-11-20T00:00:00.000Z', '2026-11-20T10:00:00.000Z', 1, 'approved',
       '2026-11-19T00:00:00.000Z')`,
  ).run(idNumber(2));
  db.prepare(
    `INSERT INTO walk_in_requests (created_at, gate_id, visitor_name, document_type,
       document_number, phone, host, reason, area, requested_by_name)
     VALUES ('2026-11-20T02:00:00.000Z', 'north', '赵敏', 'resident-id', ?, '13900139000',
       '王老师', '送教材', 'A座', '王保安')`,
  ).run(idNumber(3));
  db.prepare(
    `INSERT INTO courier_drop_offs (at, gate_id, courier_name, phone, company, recipient,
       guard_name) VALUES ('2026-11-20T02:00:00.000Z', 'north', '刘师傅', '13700137000', '顺丰',
       '教务处', '王保安')`,
  ).run();
  // Three entries the chain has hashed, then two it has not (written by a version before 0120).
  for (let n = 0; n < 3; n += 1) {
    insertEntryRow(db, { at: `2026-11-20T00:00:0${n}.000Z`, idNumber: idNumber(10 + n) });
  }
  createEntryChain(db).chainUnchained();
  for (let n = 3; n < 5; n += 1) {
    insertEntryRow(db, { at: `2026-11-20T00:00:0${n}.000Z`, idNumber: idNumber(10 + n) });
  }
  db.close();
  return dir;
}

const column = (db: Database, sql: string) => db.prepare(sql).pluck().all() as string[];

describe('sealing what an older version left in plain text', () => {
  it('seals every number with its hash, leaves hashed entries alone, and the chain verifies', () => {
    const db = openDatabase(databaseFile(oldDataDir()));
    open.push(db);
    expect(plainTextCounts(db)).toEqual({
      'people.id_number': 1,
      'appointments.document_number': 1,
      'appointments.phone': 1,
      'walk_in_requests.document_number': 1,
      'walk_in_requests.phone': 1,
      'courier_drop_offs.phone': 1,
      'entries.id_number': 5,
    });
    expect(sealPlaintext(db, testCipher)).toBe(8);
    // What `npm run verify` reports afterwards: only the entries the chain had hashed.
    expect(plainTextCounts(db)).toEqual({ 'entries.id_number': 3 });

    const [person] = db.prepare('SELECT id_number, id_number_hash FROM people').all() as {
      id_number: string;
      id_number_hash: string;
    }[];
    expect(testCipher.open('id-number', person?.id_number ?? '')).toBe(idNumber(1));
    expect(person?.id_number_hash).toBe(testCipher.lookup('id-number', idNumber(1)));
    const appointment = db
      .prepare('SELECT document_number, document_number_hash, phone, phone_hash FROM appointments')
      .get() as Record<string, string>;
    expect(testCipher.open('document-number', appointment.document_number ?? '')).toBe(idNumber(2));
    expect(appointment.document_number_hash).toBe(
      testCipher.lookup('document-number', idNumber(2)),
    );
    expect(testCipher.open('phone', appointment.phone ?? '')).toBe('13800138000');
    expect(appointment.phone_hash).toBe(testCipher.lookup('phone', '13800138000'));
    expect(column(db, 'SELECT phone FROM walk_in_requests').every(isSealed)).toBe(true);
    expect(column(db, 'SELECT document_number FROM walk_in_requests').every(isSealed)).toBe(true);
    expect(column(db, 'SELECT phone_hash FROM courier_drop_offs')).toEqual([
      testCipher.lookup('phone', '13700137000'),
    ]);

    const entries = column(db, 'SELECT id_number FROM entries ORDER BY id');
    expect(entries.slice(0, 3)).toEqual([idNumber(10), idNumber(11), idNumber(12)]);
    expect(entries.slice(3).map((value) => testCipher.open('id-number', value))).toEqual([
      idNumber(13),
      idNumber(14),
    ]);
    expect(entries.slice(3).every(isSealed)).toBe(true);

    createEntryChain(db).chainUnchained();
    expect(verifyChain(db)).toMatchObject({ entries: 5, chainRows: 5, breakCount: 0 });
    expect(sealPlaintext(db, testCipher)).toBe(0);
  });

  it('lets the database refuse sealing a chained entry and any other edit of an entry', () => {
    const db = openDatabase(databaseFile(oldDataDir()));
    open.push(db);
    const sealed = testCipher.seal('id-number', idNumber(10));
    expect(() => db.prepare('UPDATE entries SET id_number = ? WHERE id = 1').run(sealed)).toThrow(
      /never updated/,
    );
    expect(() => db.prepare("UPDATE entries SET name = '别人' WHERE id = 4").run()).toThrow(
      /never updated/,
    );
    // Sealing while changing anything else is refused too, and a sealed value cannot be re-sealed.
    expect(() =>
      db.prepare("UPDATE entries SET id_number = ?, name = '别人' WHERE id = 4").run(sealed),
    ).toThrow(/never updated/);
    db.prepare('UPDATE entries SET id_number = ? WHERE id = 4').run(sealed);
    expect(() =>
      db
        .prepare('UPDATE entries SET id_number = ? WHERE id = 4')
        .run(testCipher.seal('id-number', 'x')),
    ).toThrow(/never updated/);
    // The purge is still allowed.
    db.prepare(
      `UPDATE entries SET person_id = NULL, name = NULL, id_number = NULL, class_name = NULL,
         card_text = '', temperature_c = NULL, temperature_raw_c = NULL, answers = NULL,
         health_code = NULL, person_status = NULL, person_status_reason = NULL WHERE id = 2`,
    ).run();
    expect(column(db, 'SELECT id_number FROM entries WHERE id = 2')).toEqual([null]);
  });

  it('leaves no plain copy in the file once the night has vacuumed it', async () => {
    const dir = oldDataDir();
    const plain = [idNumber(1), idNumber(2), idNumber(3), '13800138000', '13700137000'];
    expect(plain.every((text) => fileHolds(dir, text))).toBe(true);
    const db = openDatabase(databaseFile(dir));
    open.push(db);
    const sealed = sealPlaintext(db, testCipher);
    // 23:00 in Beijing: the first run may vacuum, and does, although it purged nothing.
    const night = new Date('2026-11-23T15:00:00.000Z');
    const schedule = startRetention({
      db,
      days: 30,
      uploadOff: false,
      now: () => night,
      rewrittenAtStart: sealed,
    });
    expect(await schedule.runNow()).toMatchObject({ vacuumed: true });
    await schedule.close();
    for (const text of plain) expect(fileHolds(dir, text), text).toBe(false);
  });
});
