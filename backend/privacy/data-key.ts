// The data key behind field-cipher.ts: 32 random bytes, made on a database's first start and
// kept outside the database. In server mode it is a file readable by the kiosk's user only
// (`data-key`, base64); inside Electron the operating system's store (safeStorage: DPAPI,
// Keychain, libsecret) wraps it first (`data-key.protected`). The database holds a check value
// so a wrong or replaced key is refused at start. A missing key is never replaced by a new one
// while the database holds data sealed under the old: that data would be lost for good.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { createSecretFileOnce, readIfPresent, restrictMode } from '../store/secret-file';
import { createFieldCipher, dataKeyLength, type FieldCipher } from './field-cipher';

/** The operating system's key store, as Electron's safeStorage offers it. */
export interface KeyProtector {
  protect(plain: string): Buffer;
  unprotect(stored: Buffer): string;
}

export interface DataKeySource {
  /** The key file; data-key in the data folder unless configured. */
  file: string;
  /** When set, the file holds the key wrapped by the operating system (Electron). */
  protector?: KeyProtector | null;
}

export class DataKeyError extends Error {
  override readonly name = 'DataKeyError';
}

const checkName = 'data_key_check';

/** Where a data folder keeps its key: plain (0600) in server mode, wrapped inside Electron. */
export function defaultDataKeyFile(dataDir: string, protectedByOs = false): string {
  return join(dataDir, protectedByOs ? protectedKeyFileName : plainKeyFileName);
}

const plainKeyFileName = 'data-key';
const protectedKeyFileName = 'data-key.protected';

/**
 * For the command-line tools, which run without Electron: `--data-key FILE`, or else the data
 * folder's plain key file.
 * A folder whose key the operating system keeps (the Electron app's) is refused in words.
 */
export function openFieldCipherForCli(
  db: Database,
  dataDir: string,
  keyFile?: string,
): FieldCipher {
  if (keyFile !== undefined) return openFieldCipher(db, { file: keyFile });
  const plain = defaultDataKeyFile(dataDir);
  if (!existsSync(plain) && existsSync(defaultDataKeyFile(dataDir, true))) {
    throw new DataKeyError(
      `The data key of ${dataDir} is kept by the operating system for the kiosk app, and ` +
        'only the app can unlock it. Use the admin console in the app instead.',
    );
  }
  return openFieldCipher(db, { file: plain });
}

/**
 * The cipher for this database: the key file read (or made, for a database that has never
 * sealed anything) and checked against the value the database keeps.
 */
export function openFieldCipher(db: Database, source: DataKeySource): FieldCipher {
  const selectCheck = db.prepare<[string], { value: string }>(
    'SELECT value FROM kiosk_meta WHERE key = ?',
  );
  const recorded = selectCheck.get(checkName)?.value ?? null;
  let key = readKey(source);
  if (key === null) {
    if (recorded !== null) throw missing(source.file);
    key = createKey(source);
  }
  const cipher = createFieldCipher(key);
  if (recorded === null) {
    db.prepare('INSERT OR IGNORE INTO kiosk_meta (key, value) VALUES (?, ?)').run(
      checkName,
      cipher.keyCheck(),
    );
  }
  const stored = selectCheck.get(checkName)?.value;
  if (stored !== cipher.keyCheck()) {
    throw new DataKeyError(
      `The data key ${source.file} is not the key this database was sealed with. Put the ` +
        'right key file back (from the backup made when the kiosk was installed) and start ' +
        'again; with another key the ID and phone numbers cannot be read.',
    );
  }
  return cipher;
}

function readKey(source: DataKeySource): Buffer | null {
  let bytes: Buffer | null;
  try {
    bytes = readIfPresent(source.file);
    if (bytes !== null && !source.protector) restrictMode(source.file);
  } catch (error) {
    throw new DataKeyError(`Cannot read the data key ${source.file}: ${(error as Error).message}`);
  }
  if (bytes === null) return null;
  let text: string;
  try {
    text = source.protector ? source.protector.unprotect(bytes) : bytes.toString('utf8');
  } catch (error) {
    throw new DataKeyError(
      `The operating system cannot unlock the data key ${source.file} ` +
        `(${(error as Error).message}). It only opens for the user account that made it.`,
    );
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== dataKeyLength || key.toString('base64') !== text.trim()) {
    throw new DataKeyError(
      `The data key ${source.file} is damaged: it does not hold ${dataKeyLength} bytes in ` +
        'base64. Restore it from the backup.',
    );
  }
  return key;
}

function createKey(source: DataKeySource): Buffer {
  const text = randomBytes(dataKeyLength).toString('base64');
  const contents = source.protector ? source.protector.protect(text) : Buffer.from(`${text}\n`);
  try {
    mkdirSync(dirname(source.file), { recursive: true });
    createSecretFileOnce(source.file, contents);
  } catch (error) {
    throw new DataKeyError(`Cannot save the data key ${source.file}: ${(error as Error).message}`);
  }
  // Read back: another process may have made the file at the same moment, and its key wins.
  const key = readKey(source);
  if (key === null) throw missing(source.file);
  return key;
}

function missing(file: string): DataKeyError {
  return new DataKeyError(
    `The data key ${file} is missing, and this database holds ID and phone numbers sealed ` +
      'with it. Restore the file from the backup and start again. A new key has not been ' +
      'made: it could not open the numbers already stored.',
  );
}
