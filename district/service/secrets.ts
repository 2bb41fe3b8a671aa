// The district's key file and the gate secrets sealed under it. A gate's secret is stored in the
// database only sealed (AES-256-GCM) under a 32-byte key that lives in a file outside the
// database, so a copy of the database (a backup, a leak) does not reveal any gate's secret.
//
// A sealed secret is: version byte 1, the key id (8 bytes), a random 12-byte nonce, the
// ciphertext and the 16-byte tag. The version byte and key id, and the caller's context (the
// school and gate, see gateContext), are authenticated with it: a sealed secret copied onto
// another gate's row does not open there, and one sealed under another key file is told apart
// (wrong key) from one that was altered (tampered).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';

export interface Keyring {
  /** The first 16 hex digits of SHA-256 of the key: names the key without revealing it. */
  keyId: string;
  /** Seals a secret bound to a context (gateContext(school, gate)); a new nonce each time. */
  seal(secret: string, context: string): Buffer;
  /** Opens what seal made under the same key and context; throws SecretsError otherwise. */
  open(sealed: Buffer, context: string): string;
}

export type SecretsErrorCode = 'key-file' | 'wrong-key' | 'tampered';

export class SecretsError extends Error {
  constructor(
    readonly code: SecretsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SecretsError';
  }
}

const keyBytes = 32;
const nonceBytes = 12;
const tagBytes = 16;
const version = 1;
const headerBytes = 1 + 8;

/** The context a gate's secret is sealed under: its school and gate, unambiguously joined. */
export function gateContext(schoolId: string, gateId: string): string {
  return JSON.stringify(['gate-secret', schoolId, gateId]);
}

/** AES-256-GCM encryption: ciphertext followed by the 16-byte tag. */
export function aesGcmSeal(key: Buffer, nonce: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: tagBytes });
  cipher.setAAD(aad);
  return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** AES-256-GCM decryption of ciphertext‖tag; null when the tag does not verify. */
export function aesGcmOpen(key: Buffer, nonce: Buffer, sealed: Buffer, aad: Buffer): Buffer | null {
  if (sealed.length < tagBytes) return null;
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: tagBytes });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - tagBytes));
  try {
    return Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - tagBytes)),
      decipher.final(),
    ]);
  } catch {
    return null;
  }
}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** The key id a sealed secret names, or null when it is not a sealed secret of this format. */
export function sealedKeyId(sealed: Buffer): string | null {
  if (sealed.length < headerBytes + nonceBytes + tagBytes || sealed[0] !== version) return null;
  return sealed.subarray(1, headerBytes).toString('hex');
}

export function keyringFromKey(key: Buffer): Keyring {
  if (key.length !== keyBytes) throw new Error(`a district key is ${keyBytes} bytes`);
  const keyId = keyIdOf(key);
  const header = Buffer.concat([Buffer.from([version]), Buffer.from(keyId, 'hex')]);
  const aadOf = (context: string) => Buffer.concat([header, Buffer.from(context, 'utf8')]);
  return {
    keyId,
    seal(secret, context) {
      const nonce = randomBytes(nonceBytes);
      const body = aesGcmSeal(key, nonce, Buffer.from(secret, 'utf8'), aadOf(context));
      return Buffer.concat([header, nonce, body]);
    },
    open(sealed, context) {
      const sealedBy = sealedKeyId(sealed);
      if (sealedBy === null) {
        throw new SecretsError(
          'tampered',
          'The sealed secret is damaged: it is not one this service made.',
        );
      }
      if (sealedBy !== keyId) {
        throw new SecretsError(
          'wrong-key',
          `The secret was sealed under key ${sealedBy}, but the key file given is key ${keyId}: ` +
            'start the service with the key file the secrets were issued under.',
        );
      }
      const nonce = sealed.subarray(headerBytes, headerBytes + nonceBytes);
      const opened = aesGcmOpen(
        key,
        nonce,
        sealed.subarray(headerBytes + nonceBytes),
        aadOf(context),
      );
      if (opened === null) {
        throw new SecretsError(
          'tampered',
          'The sealed secret does not verify under this key: it was altered, or belongs to another gate.',
        );
      }
      return opened.toString('utf8');
    },
  };
}

function createHint(file: string): string {
  return `create one with: npm run district-service -- key create --key-file ${file}`;
}

/** Reads the key file; a SecretsError ('key-file') saying what to do when it cannot be used. */
export function loadKeyring(file: string): Keyring {
  let stat;
  try {
    stat = statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new SecretsError(
        'key-file',
        `The key file ${file} does not exist. If this is a new district, ${createHint(file)}; otherwise give the key file the gate secrets were issued under (--key-file or DISTRICT_KEY_FILE).`,
      );
    }
    throw new SecretsError('key-file', `Cannot read the key file ${file} (${code ?? 'error'}).`);
  }
  if (!stat.isFile()) {
    throw new SecretsError('key-file', `The key file ${file} is not a file.`);
  }
  // Only the service's own user may read the key: anyone who can read it and the database can
  // read every gate's secret. (Windows has no such mode bits.)
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    throw new SecretsError(
      'key-file',
      `The key file ${file} can be read by other users (mode ${(stat.mode & 0o777).toString(8)}). ` +
        `Make it private to the service's user: chmod 600 ${file}`,
    );
  }
  let key: Buffer;
  try {
    key = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new SecretsError(
      'key-file',
      `Cannot read the key file ${file} (${code}): run the service as the user that owns it.`,
    );
  }
  if (key.length !== keyBytes) {
    throw new SecretsError(
      'key-file',
      `The key file ${file} holds ${key.length} bytes; a district key file holds exactly ${keyBytes} ` +
        `(as key create makes it). Give the right file, or for a new district, ${createHint(file)}.`,
    );
  }
  return keyringFromKey(key);
}

/** Writes a new random key file readable only by its owner; refuses to replace one. */
export function createKeyFile(file: string): void {
  try {
    writeFileSync(file, randomBytes(keyBytes), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new SecretsError(
        'key-file',
        `A file already exists at ${file}; it is not replaced (the gate secrets sealed under a key ` +
          'file cannot be read without it). Choose another path.',
      );
    }
    throw new SecretsError('key-file', `Cannot create the key file ${file} (${code ?? 'error'}).`);
  }
}
