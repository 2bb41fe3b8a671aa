// The school's Ed25519 key pair for appointment passes, kept in the data folder: the private
// key in `school-signing-key.pem` (PKCS#8, readable by the kiosk's user only) and the public
// key beside it in `school-signing-key.pub.pem` (SPKI), for other gates that only verify.
// Made once, on first start. A key file that cannot be read is an error, never a reason to make
// a new key: a new key would silently invalidate every pass already sent to visitors.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { keyId } from './pass-token';

export const privateKeyFileName = 'school-signing-key.pem';
export const publicKeyFileName = 'school-signing-key.pub.pem';

export interface SchoolKeys {
  /** Names the key inside each pass: see keyId. */
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The keys verifyPass accepts, by kid; today only this one. */
  publicKeys: Map<string, KeyObject>;
}

export class SchoolKeyError extends Error {
  override readonly name = 'SchoolKeyError';
}

export function loadOrCreateSchoolKeys(dataDir: string): SchoolKeys {
  const file = join(dataDir, privateKeyFileName);
  let pem = readIfPresent(file);
  if (pem === null) {
    mkdirSync(dataDir, { recursive: true });
    pem = createPrivateKeyFile(file);
  }
  const privateKey = parsePrivateKey(file, pem);
  restrictMode(file);
  const publicKey = createPublicKey(privateKey);
  const kid = keyId(publicKey);
  // The public file is derived from the private key, so it is rewritten whenever it is
  // missing or differs (hand-edited, cut short): the private key is the one truth.
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const publicFile = join(dataDir, publicKeyFileName);
  if (readIfPresent(publicFile) !== publicPem) writeAtomically(publicFile, publicPem, 0o644);
  return { kid, privateKey, publicKey, publicKeys: new Map([[kid, publicKey]]) };
}

function readIfPresent(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SchoolKeyError(
      `Cannot read the school signing key ${file}: ${(error as Error).message}`,
    );
  }
}

function parsePrivateKey(file: string, pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw corrupt(file, `it is not a readable private key (${(error as Error).message})`);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw corrupt(file, `it holds a ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519`);
  }
  return key;
}

function corrupt(file: string, problem: string): SchoolKeyError {
  return new SchoolKeyError(
    `The school signing key ${file} cannot be used: ${problem}. It has not been replaced, ` +
      'because a new key would make every appointment pass already issued invalid. Restore ' +
      'the file from a backup; only if there is none, move it away and restart to make a new ' +
      'key, then issue the passes again.',
  );
}

/**
 * Makes a new key and puts it in place without ever overwriting one: written in full to a
 * temporary file first, then linked to its name, which fails if the name already exists.
 * Rename would replace a key another process made at the same moment, and the passes that
 * process signed would stop working. Returns the PEM now in the file, ours or the other one.
 */
function createPrivateKeyFile(file: string): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const temporary = temporaryName(file);
  writeFileSynced(temporary, pem, 0o600);
  try {
    try {
      linkSync(temporary, file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return readFileSync(file, 'utf8');
      // Some file systems (FAT on a USB stick) have no hard links: fall back to rename,
      // still atomic, just without the protection against a simultaneous first start.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
      renameSync(temporary, file);
    }
  } catch (error) {
    throw new SchoolKeyError(
      `Cannot save the school signing key ${file}: ${(error as Error).message}`,
    );
  } finally {
    rmSync(temporary, { force: true });
  }
  syncFolder(file);
  return pem;
}

function writeAtomically(file: string, text: string, mode: number): void {
  const temporary = temporaryName(file);
  try {
    writeFileSynced(temporary, text, mode);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new SchoolKeyError(`Cannot write ${file}: ${(error as Error).message}`);
  }
}

function writeFileSynced(file: string, text: string, mode: number): void {
  // 'wx' with the mode at creation: the key is never readable by others, not even briefly.
  const descriptor = openSync(file, 'wx', mode);
  try {
    writeSync(descriptor, text);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

function temporaryName(file: string): string {
  return `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/** Tightens a key file someone copied in with looser permissions. POSIX only. */
function restrictMode(file: string): void {
  if (process.platform === 'win32') return;
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
}

/** Flushes the folder entry, so the new name survives a power cut. Not possible on Windows. */
function syncFolder(file: string): void {
  try {
    const descriptor = openSync(dirname(file), 'r');
    try {
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
  } catch {
    // Windows cannot open a folder for fsync; its file system orders these writes itself.
  }
}
