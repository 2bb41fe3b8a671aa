// The field cipher on its own: a sealed value opens to itself, hides it, differs every time,
// refuses an altered value, a value moved to another kind of field and another key, and the
// lookup hash finds equal values without being a plain hash anyone could recompute.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createFieldCipher,
  FieldCipherError,
  isSealed,
  openNullable,
  sealedPrefix,
  sealNullable,
} from '../../../backend/privacy/field-cipher';

const key = Buffer.alloc(32, 1);
const cipher = createFieldCipher(key);
const idNumber = '11010520200101001X';

describe('the field cipher', () => {
  it('seals a value so that it opens again and the stored text does not contain it', () => {
    const sealed = cipher.seal('id-number', idNumber);
    expect(sealed.startsWith(sealedPrefix)).toBe(true);
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain(idNumber);
    expect(sealed).not.toContain('20200101');
    expect(cipher.open('id-number', sealed)).toBe(idNumber);
    expect(cipher.open('phone', cipher.seal('phone', '张伟 13800138000'))).toBe('张伟 13800138000');
  });

  it('gives a different text each time (a fresh nonce), so equal numbers do not show', () => {
    const first = cipher.seal('phone', '13800138000');
    const second = cipher.seal('phone', '13800138000');
    expect(first).not.toBe(second);
  });

  it('refuses an altered value, a value from another kind of field, and another key', () => {
    const sealed = cipher.seal('id-number', idNumber);
    const bytes = Buffer.from(sealed.slice(sealedPrefix.length), 'base64url');
    bytes[14] = (bytes[14] ?? 0) ^ 1;
    const altered = sealedPrefix + bytes.toString('base64url');
    expect(() => cipher.open('id-number', altered)).toThrow(FieldCipherError);
    expect(() => cipher.open('phone', sealed)).toThrow(FieldCipherError);
    const other = createFieldCipher(Buffer.alloc(32, 2));
    expect(() => other.open('id-number', sealed)).toThrow(/another data key/);
    expect(() => cipher.open('id-number', `${sealedPrefix}AAAA`)).toThrow(/cut short/);
  });

  it('returns a value stored before sealing existed as it is', () => {
    expect(cipher.open('id-number', idNumber)).toBe(idNumber);
    expect(openNullable(cipher, 'phone', null)).toBeNull();
    expect(sealNullable(cipher, 'phone', null)).toBeNull();
    expect(openNullable(cipher, 'phone', sealNullable(cipher, 'phone', '010-12345678'))).toBe(
      '010-12345678',
    );
  });

  it('hashes for lookups with its own key: stable, per kind, not a plain SHA-256', () => {
    const hash = cipher.lookup('id-number', idNumber);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.lookup('id-number', idNumber)).toBe(hash);
    expect(cipher.lookup('document-number', idNumber)).not.toBe(hash);
    expect(createFieldCipher(Buffer.alloc(32, 2)).lookup('id-number', idNumber)).not.toBe(hash);
    expect(createHash('sha256').update(idNumber).digest('hex')).not.toBe(hash);
    expect(cipher.lookup('id-number', '110105202001010028')).not.toBe(hash);
  });

  it('has a key check that tells keys apart and refuses a key of the wrong length', () => {
    expect(cipher.keyCheck()).toBe(createFieldCipher(Buffer.from(key)).keyCheck());
    expect(cipher.keyCheck()).not.toBe(createFieldCipher(Buffer.alloc(32, 2)).keyCheck());
    expect(() => createFieldCipher(Buffer.alloc(16))).toThrow(FieldCipherError);
  });
});
