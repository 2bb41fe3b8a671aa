// The entry chain on real SQLite files: written with each entry in its transaction, covering
// every column of entries, append-only, chained at start for a database from before 0120, and
// the verifier finding each kind of tampering at the entry where it happened, while a purge of
// the personal fields still verifies.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createEntryLog } from '../../../backend/entries/entry-log';
import { allChainColumns, personalColumns } from '../../../backend/integrity/chain-encoding';
import {
  uncoveredColumns,
  verifyChain,
  type ChainReport,
} from '../../../backend/integrity/chain-verifier';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { insertEntryRow, insertPolicyRow } from '../../fixtures/entry-rows';
import { copyMigrations, makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { appendSamples, attack, dataDirWithEntries, sampleEntry } from './chain-log';
import { testCipher } from '../../rigs/field-cipher';

const open: Database[] = [];

function readOnly(dir: string): Database {
  const db = new BetterSqlite3(databaseFile(dir), { readonly: true });
  open.push(db);
  return db;
}

function verify(dir: string): ChainReport {
  return verifyChain(readOnly(dir));
}

const kinds = (report: ChainReport) =>
  report.breaks.map((found) => `${found.kind}@${found.entryId}`);

const personalErased = personalColumns
  .map((column) => `${column} = ${column === 'card_text' ? "''" : 'NULL'}`)
  .join(', ');

afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  removeTempDirs();
});

describe('the entry chain', () => {
  it('covers every column of entries: a new column must be added to one of the lists', () => {
    const db = openDatabase(join(makeTempDir(), 'kiosk.db'));
    open.push(db);
    const columns = db
      .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('entries')")
      .all()
      .map((column) => column.name);
    expect([...columns].sort()).toEqual([...allChainColumns].sort());
    expect(uncoveredColumns(db)).toEqual([]);
  });

  it('writes one chain row per entry in the entry transaction, linked from genesis', () => {
    const dir = dataDirWithEntries(20);
    const db = readOnly(dir);
    const rows = db
      .prepare<[], { seq: number; entry_id: number; previous_hash: string; hash: string }>(
        'SELECT seq, entry_id, previous_hash, hash FROM entry_chain ORDER BY seq',
      )
      .all();
    expect(rows.map((row) => row.entry_id)).toEqual(rows.map((_, index) => index + 1));
    expect(rows[0]?.previous_hash).toBe('0'.repeat(64));
    rows.slice(1).forEach((row, index) => expect(row.previous_hash).toBe(rows[index]?.hash));
    const report = verifyChain(db);
    expect(report).toMatchObject({ entries: 20, chainRows: 20, breakCount: 0, purged: 0 });
    expect(report.head).toEqual({ entryId: 20, hash: rows[19]?.hash });
  });

  it('rolls the chain row back with the entry when the append fails', () => {
    const db = openDatabase(join(makeTempDir(), 'kiosk.db'));
    open.push(db);
    insertPolicyRow(db, 1);
    const log = createEntryLog(db, testCipher);
    appendSamples(log, 1, 2);
    expect(() => log.append({ ...sampleEntry(3), policyVersion: 99 })).toThrow(/FOREIGN KEY/);
    expect(db.prepare('SELECT count(*) FROM entry_chain').pluck().get()).toBe(2);
    expect(verifyChain(db).breakCount).toBe(0);
  });

  it('refuses to update, delete or replace a chain row, but lets a purge erase a salt', () => {
    const db = openDatabase(join(makeTempDir(), 'kiosk.db'));
    open.push(db);
    insertPolicyRow(db, 1);
    appendSamples(createEntryLog(db, testCipher), 1, 2);
    expect(() => db.exec("UPDATE entry_chain SET hash = '" + 'f'.repeat(64) + "'")).toThrow(
      /never updated/,
    );
    expect(() => db.exec('UPDATE entry_chain SET personal_salt = randomblob(32)')).toThrow(
      /never updated/,
    );
    expect(() => db.exec('DELETE FROM entry_chain WHERE seq = 2')).toThrow(/never deleted/);
    expect(() =>
      db.exec(
        `INSERT OR REPLACE INTO entry_chain (seq, entry_id, personal_digest, previous_hash, hash)
         SELECT seq, entry_id, personal_digest, previous_hash, hash FROM entry_chain WHERE seq = 1`,
      ),
    ).toThrow(/never replaced/);
    db.exec('UPDATE entry_chain SET personal_salt = NULL WHERE seq = 1');
    expect(
      db.prepare('SELECT count(*) FROM entry_chain WHERE personal_salt IS NULL').pluck().get(),
    ).toBe(1);
  });

  it('chains the entries of a database from before 0120 at start, oldest first', () => {
    const dir = makeTempDir('kiosk-upgrade-');
    const oldMigrations = copyMigrations();
    // The database as the version before 0120 left it: that migration and every later one absent.
    for (const name of readdirSync(oldMigrations).filter((file) => file >= '0120')) {
      rmSync(join(oldMigrations, name));
    }
    const before = openDatabase(databaseFile(dir), { migrationsDir: oldMigrations });
    for (let second = 0; second < 5; second += 1) {
      insertEntryRow(before, { at: `2026-11-20T00:00:0${second}.000Z`, name: `旧${second}` });
    }
    before.close();
    const db = openDatabase(databaseFile(dir));
    open.push(db);
    expect(db.prepare('SELECT count(*) FROM entry_chain').pluck().get()).toBe(0);
    const log = createEntryLog(db, testCipher);
    expect(db.prepare('SELECT count(*) FROM entry_chain').pluck().get()).toBe(5);
    log.append(sampleEntry(1));
    createEntryLog(db, testCipher); // a second start chains nothing twice
    expect(verifyChain(db)).toMatchObject({ entries: 6, chainRows: 6, breakCount: 0 });
  });
});

describe('the verifier', () => {
  it('finds a changed row at that entry, and nothing else', () => {
    const dir = dataDirWithEntries(10);
    attack(dir, "UPDATE entries SET decision = 'pass', reasons = '[]' WHERE id = 3");
    expect(kinds(verify(dir))).toEqual(['row-changed@3']);
  });

  it('finds a changed personal field as such', () => {
    const dir = dataDirWithEntries(10);
    attack(dir, "UPDATE entries SET name = '别人' WHERE id = 6");
    expect(kinds(verify(dir))).toEqual(['personal-changed@6']);
  });

  it('finds a changed chain row (the attacker rewrote the hash of their edit)', () => {
    const dir = dataDirWithEntries(10);
    attack(
      dir,
      "UPDATE entries SET decision = 'deny' WHERE id = 4",
      `UPDATE entry_chain SET hash = '${'a'.repeat(64)}' WHERE entry_id = 4`,
    );
    expect(kinds(verify(dir))).toEqual(['row-changed@4', 'extra-chain-row@5']);
  });

  it('finds a deleted entry whose chain row remains', () => {
    const dir = dataDirWithEntries(10);
    attack(dir, 'DELETE FROM outbox WHERE entry_id = 5', 'DELETE FROM entries WHERE id = 5');
    const report = verify(dir);
    expect(kinds(report)).toEqual(['entry-missing@5']);
    expect(report.entries).toBe(9);
  });

  it('finds an entry deleted together with its chain row at the next entry', () => {
    const dir = dataDirWithEntries(10);
    attack(dir, 'DELETE FROM entries WHERE id = 5', 'DELETE FROM entry_chain WHERE entry_id = 5');
    const report = verify(dir);
    expect(kinds(report)).toEqual(['chain-gap@6']);
    expect(report.breaks[0]?.missing).toBe(1);
  });

  it('finds an entry whose chain row was deleted, or that was never chained', () => {
    const dir = dataDirWithEntries(10);
    attack(
      dir,
      'DELETE FROM entry_chain WHERE entry_id = 10',
      `INSERT INTO entries (check_id, at, gate_id, decision, reasons, card_text, identity_source,
         policy_version) VALUES ('forged', '2026-11-23T01:00:00.000Z', 'north', 'pass', '[]',
         'X', 'camera', 1)`,
    );
    expect(kinds(verify(dir))).toEqual(['chain-row-missing@10', 'chain-row-missing@11']);
  });

  it('accepts a purge: personal fields erased with their salt, digest kept', () => {
    const dir = dataDirWithEntries(10);
    attack(
      dir,
      `UPDATE entries SET ${personalErased} WHERE id <= 4`,
      'UPDATE entry_chain SET personal_salt = NULL WHERE entry_id <= 4',
    );
    const report = verify(dir);
    expect(report).toMatchObject({ breakCount: 0, purged: 4, purgedWithSalt: 0 });
  });

  it('accepts a purge that forgot the salt, but counts it', () => {
    const dir = dataDirWithEntries(6);
    attack(dir, `UPDATE entries SET ${personalErased} WHERE id = 2`);
    expect(verify(dir)).toMatchObject({ breakCount: 0, purged: 1, purgedWithSalt: 1 });
  });

  it('finds personal fields that stayed when their salt was erased', () => {
    const dir = dataDirWithEntries(6);
    attack(
      dir,
      "UPDATE entries SET name = NULL, id_number = NULL, card_text = '' WHERE id = 2",
      'UPDATE entry_chain SET personal_salt = NULL WHERE entry_id = 2',
    );
    expect(kinds(verify(dir))).toEqual(['personal-unverifiable@2']);
  });

  it('lists every break by entry id and caps the list', () => {
    const dir = dataDirWithEntries(30);
    attack(dir, "UPDATE entries SET gate_id = 'south' WHERE id % 2 = 0");
    const report = verifyChain(readOnly(dir), 5);
    expect(report.breakCount).toBe(15);
    expect(kinds(report)).toEqual([2, 4, 6, 8, 10].map((id) => `row-changed@${id}`));
  });
});
