// `npm run verify`: exit 0 and "Intact" on a sound log, 1 and the first break named on a
// tampered one or a damaged file, 2 on wrong arguments or no readable database; reads a log a
// running kiosk is writing (WAL) without writing itself; and once for real as a child process.
import { execFile } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../cli/verify';
import { createEntryLog } from '../../../backend/entries/entry-log';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { repoRoot } from '../../rigs/kiosk-server';
import { appendSamples, attack, dataDirWithEntries } from './chain-log';
import { testCipher } from '../../rigs/field-cipher';

const run = promisify(execFile);

async function verify(argv: string[]) {
  const out: string[] = [];
  const error: string[] = [];
  const code = await main(argv, {
    output: { out: (line) => out.push(line), error: (line) => error.push(line) },
  });
  return { code, out: out.join('\n'), error: error.join('\n') };
}

afterEach(() => removeTempDirs());

describe('npm run verify', () => {
  it('says intact, counts the entries and shows the chain head', async () => {
    const dir = dataDirWithEntries(12);
    const result = await verify(['--data-dir', dir]);
    expect(result.code).toBe(0);
    expect(result.error).toBe('');
    expect(result.out).toContain('File: ok');
    expect(result.out).toContain('Entries: 12 checked against 12 chain rows');
    expect(result.out).toMatch(/Chain head: entry 12, hash [0-9a-f]{64}/);
    expect(result.out).toContain('Intact');
  });

  it('names the first break and lists the rest', async () => {
    const dir = dataDirWithEntries(12);
    attack(
      dir,
      "UPDATE entries SET temperature_source = 'manual' WHERE id IN (7, 9)",
      'DELETE FROM outbox WHERE entry_id = 11',
      'DELETE FROM entries WHERE id = 11',
    );
    const result = await verify(['--data-dir', dir]);
    expect(result.code).toBe(1);
    expect(result.error).toContain('BROKEN: the first break is at entry 7: the row was changed');
    expect(result.error).toContain('3 breaks in all');
    expect(result.error).toContain('entry 11: the row is missing (deleted)');
    expect(result.out).toContain('Entries: 11 checked against 12 chain rows');
  });

  it('reports a damaged file from PRAGMA integrity_check', async () => {
    const dir = dataDirWithEntries(300);
    const db = new BetterSqlite3(databaseFile(dir), { readonly: true });
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    const root = Number(
      db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'entries_check'").pluck().get(),
    );
    db.close();
    const handle = openSync(databaseFile(dir), 'r+');
    writeSync(handle, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
    closeSync(handle);
    const result = await verify(['--data-dir', dir]);
    expect(result.code).toBe(1);
    expect(result.error).toContain('BROKEN: the database file is damaged');
  });

  it('says a database from before the chain cannot be verified yet', async () => {
    const dir = dataDirWithEntries(2);
    attack(dir, 'DROP TABLE entry_chain');
    const result = await verify(['--data-dir', dir]);
    expect(result.code).toBe(1);
    expect(result.error).toContain('no entry chain yet');
  });

  it('exits 2 on wrong arguments, a missing database or a file that is not one', async () => {
    expect((await verify([])).code).toBe(2);
    expect((await verify(['--data-dir'])).code).toBe(2);
    expect((await verify(['--data-dir', 'x', '--fix'])).code).toBe(2);
    const empty = makeTempDir();
    const missing = await verify(['--data-dir', empty]);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.error).toContain('there is no database');
    writeFileSync(databaseFile(empty), 'not a database at all, just text '.repeat(200));
    const garbage = await verify(['--data-dir', empty]);
    expect(garbage.code).toBe(2);
    expect(garbage.error).toContain('Cannot verify: cannot read');
    expect((await verify(['--help'])).code).toBe(0);
  });

  it('reads what a running kiosk wrote to the WAL, and writes nothing', async () => {
    const dir = makeTempDir('kiosk-live-');
    const db = openDatabase(databaseFile(dir));
    try {
      db.prepare(
        `INSERT INTO policies (version, effective_from, body, created_at)
         VALUES (1, '2026-01-01T00:00:00.000Z', '{}', '2026-01-01T00:00:00.000Z')`,
      ).run();
      db.pragma('wal_autocheckpoint = 0');
      const log = createEntryLog(db, testCipher);
      appendSamples(log, 1, 8);
      const before = readFileSync(databaseFile(dir));
      const result = await verify(['--data-dir', dir]);
      expect(result.code).toBe(0);
      expect(result.out).toContain('Entries: 8 checked');
      appendSamples(log, 9, 1); // the kiosk still writes while and after verify reads
      expect(readFileSync(databaseFile(dir)).equals(before)).toBe(true);
    } finally {
      db.close();
    }
  });

  it('runs as a child process through npm with the exit codes', async () => {
    const dir = dataDirWithEntries(5);
    const intact = await run('npm', ['run', '--silent', 'verify', '--', '--data-dir', dir], {
      cwd: repoRoot,
    });
    expect(intact.stdout).toContain('Intact');
    attack(dir, "UPDATE entries SET check_id = 'other' WHERE id = 4");
    const broken = await run('npm', ['run', '--silent', 'verify', '--', '--data-dir', dir], {
      cwd: repoRoot,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('the first break is at entry 4');
    const usage = await run('npm', ['run', '--silent', 'verify'], { cwd: repoRoot }).then(
      () => ({ code: 0 }),
      (error: { code: number }) => error,
    );
    expect(usage.code).toBe(2);
  }, 60_000);
});
