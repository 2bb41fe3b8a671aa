// The school's Ed25519 key pair for appointment passes, kept in the data folder: the private
// key in `school-signing-key.pem` (PKCS#8, readable by the kiosk's user only) and the public
// key beside it in `school-signing-key.pub.pem` (SPKI), for other gates that only verify.
// Made once, on first start. A key file that cannot be read is an error, never a reason to make
// a new key: a new key would silently invalidate every pass already sent to visitors.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from '../store/atomic-file';
import {
  createSecretFileOnce,
  readIfPresent as readBytesIfPresent,
  restrictMode,
} from '../store/secret-file';
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
    return readBytesIfPresent(file)?.toString('utf8') ?? null;
  } catch (error) {
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

/** Makes a new key and puts it in place without ever overwriting one (secret-file.ts). */
function createPrivateKeyFile(file: string): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    return createSecretFileOnce(file, Buffer.from(pem)).toString('utf8');
  } catch (error) {
    throw new SchoolKeyError(
      `Cannot save the school signing key ${file}: ${(error as Error).message}`,
    );
  }
}

function writeAtomically(file: string, text: string, mode: number): void {
  try {
    writeFileAtomically(file, text, mode);
  } catch (error) {
    throw new SchoolKeyError(`Cannot write ${file}: ${(error as Error).message}`);
  }
}
