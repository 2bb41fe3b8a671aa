// The data key in a real temp folder: made once with mode 0600 and recorded in the database by
// a check value; the same key after a restart; a wrong, damaged or missing key refused in words,
// never replaced while the database holds numbers sealed with it; the OS-wrapped form.
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DataKeyError,
  defaultDataKeyFile,
  openFieldCipher,
  openFieldCipherForCli,
  type KeyProtector,
} from '../../../backend/privacy/data-key';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  removeTempDirs();
});

function database(dir: string): Database {
  const db = openDatabase(databaseFile(dir));
  open.push(db);
  return db;
}

/** Stands in for safeStorage: reversible, and the file does not hold the key as written. */
const protector: KeyProtector = {
  protect: (plain) => Buffer.from(`wrapped:${Buffer.from(plain).toString('hex')}`),
  unprotect: (stored) => {
    const text = stored.toString('utf8');
    if (!text.startsWith('wrapped:')) throw new Error('not ours');
    return Buffer.from(text.slice('wrapped:'.length), 'hex').toString('utf8');
  },
};

describe('the data key', () => {
  it('is made on first start, readable by its owner only, and the same after a restart', () => {
    const dir = makeTempDir();
    const file = defaultDataKeyFile(dir);
    const first = openFieldCipher(database(dir), { file });
    expect(existsSync(file)).toBe(true);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const sealed = first.seal('phone', '13800138000');
    const again = openFieldCipher(database(dir), { file });
    expect(again.open('phone', sealed)).toBe('13800138000');
    expect(again.lookup('phone', '13800138000')).toBe(first.lookup('phone', '13800138000'));
  });

  it('tightens a key file someone copied in with looser permissions', () => {
    if (process.platform === 'win32') return;
    const dir = makeTempDir();
    const file = defaultDataKeyFile(dir);
    openFieldCipher(database(dir), { file });
    const text = readFileSync(file, 'utf8');
    rmSync(file);
    writeFileSync(file, text, { mode: 0o644 });
    openFieldCipher(database(dir), { file });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses another key, and a missing key is not replaced while data is sealed with it', () => {
    const dir = makeTempDir();
    const file = defaultDataKeyFile(dir);
    openFieldCipher(database(dir), { file });
    const original = readFileSync(file);
    rmSync(file);
    expect(() => openFieldCipher(database(dir), { file })).toThrow(/is missing/);
    expect(existsSync(file)).toBe(false);
    writeFileSync(file, `${Buffer.alloc(32, 9).toString('base64')}\n`, { mode: 0o600 });
    expect(() => openFieldCipher(database(dir), { file })).toThrow(/not the key this database/);
    rmSync(file);
    writeFileSync(file, original, { mode: 0o600 });
    expect(() => openFieldCipher(database(dir), { file })).not.toThrow();
  });

  it('refuses a damaged key file in words', () => {
    const dir = makeTempDir();
    const file = join(dir, 'data-key');
    writeFileSync(file, 'not a key\n', { mode: 0o600 });
    expect(() => openFieldCipher(database(dir), { file })).toThrow(DataKeyError);
    expect(() => openFieldCipher(database(dir), { file })).toThrow(/damaged/);
  });

  it('keeps the key wrapped by the operating system when Electron offers it', () => {
    const dir = makeTempDir();
    const file = defaultDataKeyFile(dir, true);
    const cipher = openFieldCipher(database(dir), { file, protector });
    expect(readFileSync(file, 'utf8').startsWith('wrapped:')).toBe(true);
    const sealed = cipher.seal('id-number', '11010519491231002X');
    const again = openFieldCipher(database(dir), { file, protector });
    expect(again.open('id-number', sealed)).toBe('11010519491231002X');
    const broken: KeyProtector = {
      ...protector,
      unprotect: () => {
        throw new Error('the keyring is locked');
      },
    };
    expect(() => openFieldCipher(database(dir), { file, protector: broken })).toThrow(
      /cannot unlock the data key .*the keyring is locked/,
    );
  });

  it('lets the command-line tools use a server-mode folder and refuses an Electron one', () => {
    const server = makeTempDir();
    const made = openFieldCipher(database(server), { file: defaultDataKeyFile(server) });
    const cli = openFieldCipherForCli(database(server), server);
    expect(cli.keyCheck()).toBe(made.keyCheck());

    const app = makeTempDir();
    openFieldCipher(database(app), { file: defaultDataKeyFile(app, true), protector });
    expect(() => openFieldCipherForCli(database(app), app)).toThrow(/only the app can unlock/);
  });
});
