// Test helper for the entry chain: a data folder whose kiosk.db holds N entries written through
// the real entry log (every evidence column filled on some of them), and an attacker's raw
// connection that drops the triggers first, as someone with the file and sqlite3 would.
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { createEntryLog, type EntryLog, type NewEntry } from '../../../backend/entries/entry-log';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { insertPolicyRow } from '../../fixtures/entry-rows';
import { makeTempDir } from '../../fixtures/temp-data-dir';
import { testCipher } from '../../rigs/field-cipher';

/** The nth test entry: students with ID numbers, a refer, answers, a health code, a status. */
export function sampleEntry(index: number): NewEntry {
  const at = new Date(Date.UTC(2026, 10, 23, 0, 0, index));
  const celsius = index % 7 === 3 ? 37.9 : 36.4 + (index % 5) / 10;
  return {
    checkId: `check-${index}`,
    at,
    gateId: 'north',
    decision: celsius > 37.3 ? 'refer' : 'pass',
    reasons: [celsius > 37.3 ? 'temperature-high' : 'temperature-normal'],
    cardText: `S2026${String(index).padStart(4, '0')}`,
    identitySource: 'camera',
    person: {
      id: null,
      name: `学生${index}`,
      kind: 'student',
      className: '三年级二班',
      idNumber: index % 2 === 0 ? '11010520150101002X' : null,
    },
    temperature: {
      celsius,
      at,
      source: 'simulated',
      settled: true,
      rawCelsius: celsius - 0.2,
      offsetCelsius: 0.2,
      ambientCelsius: 21.5,
      manual: null,
    },
    policyVersion: 1,
    followsEntryId: null,
    appointmentId: null,
    answers: index % 3 === 0 ? { cough: 'no', travel: 'no' } : null,
    healthCode: index % 4 === 0 ? { result: 'green', method: 'guard', by: '王保安' } : null,
    personStatus:
      index % 9 === 5
        ? { status: 'isolating', reason: '居家观察', setBy: '李老师', setAt: at.toISOString() }
        : null,
  };
}

export function appendSamples(log: EntryLog, from: number, count: number): void {
  for (let index = from; index < from + count; index += 1) log.append(sampleEntry(index));
}

/** A data folder with `count` entries appended; the database is closed again. */
export function dataDirWithEntries(count: number): string {
  const dir = makeTempDir('kiosk-verify-');
  const db = openDatabase(databaseFile(dir));
  try {
    insertPolicyRow(db, 1);
    appendSamples(createEntryLog(db, testCipher), 1, count);
  } finally {
    db.close();
  }
  return dir;
}

/** Opens the file as an attacker: no foreign keys, no triggers on entries or the chain. */
export function attack(dir: string, ...statements: string[]): void {
  const db: Database = new BetterSqlite3(join(dir, 'kiosk.db'));
  try {
    db.pragma('foreign_keys = OFF');
    for (const trigger of [
      'entries_no_update',
      'entries_no_delete',
      'entries_no_replace',
      'entry_chain_no_update',
      'entry_chain_no_delete',
      'entry_chain_no_replace',
    ]) {
      db.exec(`DROP TRIGGER IF EXISTS ${trigger}`);
    }
    for (const statement of statements) db.exec(statement);
  } finally {
    db.close();
  }
}
