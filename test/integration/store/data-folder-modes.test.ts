// Who else on the PC can read the log: nobody. The data folder is 0700 and kiosk.db, its -wal
// and its -shm are 0600 from the moment they exist, whatever the umask (here the common 022,
// which made them 0755/0644 before), and a folder and files an older version left looser are
// tightened when the database is next opened. Exports are written 0600 too. POSIX only.
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../../backend/store/atomic-file';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';

const posix = process.platform !== 'win32';
const open: Database[] = [];
let umaskBefore: number | null = null;

beforeAll(() => {
  // The usual desktop and service umask; a stricter one would hide the bug this test is about.
  umaskBefore = process.umask(0o022);
});

afterAll(() => {
  if (umaskBefore !== null) process.umask(umaskBefore);
});

afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  removeTempDirs();
});

const modeOf = (file: string) => statSync(file).mode & 0o777;

/** The modes of the folder and of every database file there is, by name. */
function modes(dataDir: string): Record<string, number> {
  const file = databaseFile(dataDir);
  const found: Record<string, number> = { folder: modeOf(dataDir) };
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(file + suffix)) found[`kiosk.db${suffix}`] = modeOf(file + suffix);
  }
  return found;
}

describe.runIf(posix)('the data folder and the database files', () => {
  it('are the kiosk user’s alone from creation on', () => {
    const dataDir = join(makeTempDir(), 'new', 'data');
    const db = openDatabase(databaseFile(dataDir));
    open.push(db);
    // A write, so the -wal and -shm exist as they do while the kiosk runs.
    db.exec("CREATE TABLE probe (x); INSERT INTO probe VALUES ('a pupil')");
    expect(modes(dataDir)).toEqual({
      folder: 0o700,
      'kiosk.db': 0o600,
      'kiosk.db-wal': 0o600,
      'kiosk.db-shm': 0o600,
    });
  });

  it('leave a shared folder the kiosk was pointed at (sticky, like /tmp) open to its users', () => {
    const shared = makeTempDir();
    chmodSync(shared, 0o1777);
    const db = openDatabase(databaseFile(shared));
    open.push(db);
    db.exec('CREATE TABLE probe (x)');
    expect(statSync(shared).mode & 0o7777).toBe(0o1777);
    expect(modes(shared)).toMatchObject({ 'kiosk.db': 0o600, 'kiosk.db-wal': 0o600 });
  });

  it('are tightened when an older version left them 0755/0644', () => {
    const dataDir = makeTempDir();
    const file = databaseFile(dataDir);
    // An older version's folder after a power cut: a WAL and its index left behind, all 0644.
    const older = new BetterSqlite3(file);
    open.push(older);
    older.pragma('journal_mode = WAL');
    older.exec("CREATE TABLE probe (x); INSERT INTO probe VALUES ('a pupil')");
    chmodSync(dataDir, 0o755);
    for (const suffix of ['', '-wal', '-shm']) chmodSync(file + suffix, 0o644);
    expect(modes(dataDir)).toEqual({
      folder: 0o755,
      'kiosk.db': 0o644,
      'kiosk.db-wal': 0o644,
      'kiosk.db-shm': 0o644,
    });

    open.push(openDatabase(file));
    expect(modes(dataDir)).toEqual({
      folder: 0o700,
      'kiosk.db': 0o600,
      'kiosk.db-wal': 0o600,
      'kiosk.db-shm': 0o600,
    });
  });

  it('are tightened by the tools that open an existing database too', () => {
    const dataDir = makeTempDir();
    open.push(openDatabase(databaseFile(dataDir)));
    open.splice(0).forEach((db) => db.close());
    chmodSync(dataDir, 0o755);
    chmodSync(databaseFile(dataDir), 0o644);
    open.push(openDatabase(databaseFile(dataDir), { mustExist: true }));
    expect(modes(dataDir)).toMatchObject({ folder: 0o700, 'kiosk.db': 0o600 });
  });

  it('touch nothing on disk for a name that is no file (":memory:" is refused anyway)', () => {
    const before = modeOf('.');
    expect(() => openDatabase(':memory:')).toThrow();
    expect(existsSync(':memory:')).toBe(false);
    expect(modeOf('.')).toBe(before);
  });
});

describe.runIf(posix)('an export file', () => {
  it('is written 0600, even over a looser earlier file or a left-over temporary one', () => {
    const folder = makeTempDir();
    mkdirSync(folder, { recursive: true });
    const file = join(folder, '出入记录-2026-11-23-完整证件号.csv');
    writeFileSync(file, 'old', { mode: 0o644 });
    writeFileSync(`${file}.${process.pid}.partial`, 'crash', { mode: 0o644 });
    writeFileAtomically(file, Buffer.from('姓名,身份证号\n'));
    expect(modeOf(file)).toBe(0o600);
    expect(existsSync(`${file}.${process.pid}.partial`)).toBe(false);
  });
});
