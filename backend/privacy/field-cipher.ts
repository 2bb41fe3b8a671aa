// Sealing of the most sensitive fields (ID, document and phone numbers) before they reach SQLite:
// AES-256-GCM with a fresh 96-bit nonce per value, and a keyed hash (HMAC-SHA256) beside each
// for lookups, so a number can be found without decrypting every row. Pure: node:crypto only;
// never logs or returns a number it could not authenticate.
//
// Stored form: `enc1:` + base64url(nonce ‖ ciphertext ‖ 16-byte tag). The field's kind is the
// additional authenticated data, so a sealed phone number moved into an ID-number column does
// not open. Both keys come from the one 32-byte data key by HKDF-SHA256 (RFC 5869) with their
// own labels: knowing lookup hashes gives nothing about the encryption key.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * What a sealed value is; also its authenticated data and its lookup hash's domain. Symptoms and
 * a return certificate's scan (base64 of its bytes) are health data (the absence register).
 */
export type FieldKind = 'id-number' | 'document-number' | 'phone' | 'symptoms' | 'certificate-scan';

/**
 * What a lookup hash is of: a sealed field, or the last four characters of an ID number (the
 * guard's forgotten-card search; a suffix cannot be found through the whole number's hash).
 * The kind is the hash's domain, so a tail never equals a whole number's hash.
 */
export type LookupKind = FieldKind | 'id-number-tail';

export const sealedPrefix = 'enc1:';
export const dataKeyLength = 32;
const nonceLength = 12;
const tagLength = 16;

export class FieldCipherError extends Error {
  override readonly name = 'FieldCipherError';
}

export interface FieldCipher {
  /** The stored form of a value. */
  seal(kind: FieldKind, plain: string): string;
  /**
   * The value of a stored form. A value without the `enc1:` prefix is one written before
   * sealing existed and is returned as it is. Throws FieldCipherError when the value was
   * altered or sealed under another key.
   */
  open(kind: FieldKind, stored: string): string;
  /** The keyed hash of a value (already normalised by the caller), 64 hex digits. */
  lookup(kind: LookupKind, plain: string): string;
  /** A value stored in the database once, to notice a different key before anything is sealed. */
  keyCheck(): string;
}

/** True when a stored value is sealed (not legacy plain text). */
export function isSealed(stored: string): boolean {
  return stored.startsWith(sealedPrefix);
}

export function createFieldCipher(dataKey: Uint8Array): FieldCipher {
  if (dataKey.length !== dataKeyLength) {
    throw new FieldCipherError(
      `The data key must be ${dataKeyLength} bytes, not ${dataKey.length}`,
    );
  }
  const derive = (label: string) =>
    Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), label, 32));
  const encryptionKey = derive('campus-gate-kiosk/field-encryption/v1');
  const lookupKey = derive('campus-gate-kiosk/field-lookup/v1');
  const checkKey = derive('campus-gate-kiosk/key-check/v1');

  return {
    seal(kind, plain) {
      const nonce = randomBytes(nonceLength);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, nonce, {
        authTagLength: tagLength,
      });
      cipher.setAAD(Buffer.from(kind, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const sealed = Buffer.concat([nonce, body, cipher.getAuthTag()]);
      return sealedPrefix + sealed.toString('base64url');
    },
    open(kind, stored) {
      if (!isSealed(stored)) return stored;
      const bytes = Buffer.from(stored.slice(sealedPrefix.length), 'base64url');
      if (bytes.length < nonceLength + tagLength) {
        throw new FieldCipherError(`A sealed ${kind} is cut short`);
      }
      const nonce = bytes.subarray(0, nonceLength);
      const tag = bytes.subarray(bytes.length - tagLength);
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, nonce, {
        authTagLength: tagLength,
      });
      decipher.setAAD(Buffer.from(kind, 'utf8'));
      decipher.setAuthTag(tag);
      try {
        const body = bytes.subarray(nonceLength, bytes.length - tagLength);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        throw new FieldCipherError(
          `A sealed ${kind} does not open: it was altered or sealed under another data key`,
        );
      }
    },
    lookup(kind, plain) {
      return createHmac('sha256', lookupKey).update(`${kind}\u0000${plain}`, 'utf8').digest('hex');
    },
    keyCheck() {
      return createHmac('sha256', checkKey).update('key-check', 'utf8').digest('hex');
    },
  };
}

/** seal() for a column that may be NULL. */
export function sealNullable(cipher: FieldCipher, kind: FieldKind, value: string | null) {
  return value === null ? null : cipher.seal(kind, value);
}

/** open() for a column that may be NULL. */
export function openNullable(cipher: FieldCipher, kind: FieldKind, stored: string | null) {
  return stored === null ? null : cipher.open(kind, stored);
}
