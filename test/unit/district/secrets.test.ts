// The district's key file and sealed gate secrets: what a bureau relies on is that a sealed
// secret opens only under its own key file and its own gate, that any change to it is caught,
// and that a key file that would leak (readable by others) or is the wrong file is refused in
// words that say what to do.
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  aesGcmOpen,
  aesGcmSeal,
  createKeyFile,
  gateContext,
  keyIdOf,
  keyringFromKey,
  loadKeyring,
  SecretsError,
} from '../../../district/service/secrets';

const dir = mkdtempSync(path.join(tmpdir(), 'district-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hex = (text: string) => Buffer.from(text, 'hex');
const secret = 'Zx3_kq9-ExampleGateSecret0123456789abcdefgh';
const north = gateContext('school-1', 'north');

function thrown(fn: () => unknown): SecretsError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SecretsError);
    return error as SecretsError;
  }
  throw new Error('expected a SecretsError');
}

describe('AES-256-GCM primitives', () => {
  // The GCM specification (McGrew & Viega), test case 16: AES-256, 96-bit IV, 20 bytes of AAD,
  // a 60-byte plaintext (a partial last block).
  const key = hex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308');
  const nonce = hex('cafebabefacedbaddecaf888');
  const plain = hex(
    'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72' +
      '1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
  );
  const aad = hex('feedfacedeadbeeffeedfacedeadbeefabaddad2');
  const cipherAndTag =
    '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa' +
    '8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662' +
    '76fc6ece0f4e1768cddf8853bb2d551b';

  it('match the GCM specification test case 16 both ways', () => {
    expect(aesGcmSeal(key, nonce, plain, aad).toString('hex')).toBe(cipherAndTag);
    expect(aesGcmOpen(key, nonce, hex(cipherAndTag), aad)?.toString('hex')).toBe(
      plain.toString('hex'),
    );
  });

  it('refuse the vector with one bit of the AAD changed', () => {
    const other = Buffer.from(aad);
    other.writeUInt8(other.readUInt8(0) ^ 1, 0);
    expect(aesGcmOpen(key, nonce, hex(cipherAndTag), other)).toBeNull();
  });
});

describe('a keyring', () => {
  const keyring = keyringFromKey(Buffer.alloc(32, 7));

  it('is named by the first 16 hex digits of SHA-256 of its key', () => {
    // SHA-256 of 32 bytes of 0x07, computed independently: printf '\x07%.0s' {1..32} | sha256sum
    expect(keyring.keyId).toBe('4bb06f8e4e3a7715');
  });

  it('opens what it sealed, and seals the same secret differently each time', () => {
    const a = keyring.seal(secret, north);
    const b = keyring.seal(secret, north);
    expect(keyring.open(a, north)).toBe(secret);
    expect(keyring.open(b, north)).toBe(secret);
    expect(a.equals(b)).toBe(false);
    expect(a.includes(Buffer.from(secret))).toBe(false);
  });

  it('catches a change to any byte as tampering', () => {
    const sealed = keyring.seal(secret, north);
    // Every byte after the key id: nonce, ciphertext and tag.
    for (let i = 9; i < sealed.length; i += 1) {
      const changed = Buffer.from(sealed);
      changed.writeUInt8(changed.readUInt8(i) ^ 1, i);
      expect(thrown(() => keyring.open(changed, north)).code).toBe('tampered');
    }
    expect(thrown(() => keyring.open(sealed.subarray(0, sealed.length - 1), north)).code).toBe(
      'tampered',
    );
  });

  it('does not open a secret copied onto another gate', () => {
    const sealed = keyring.seal(secret, north);
    const error = thrown(() => keyring.open(sealed, gateContext('school-1', 'south')));
    expect(error.code).toBe('tampered');
  });

  it('tells a secret sealed under another key file apart, naming both keys', () => {
    const other = keyringFromKey(Buffer.alloc(32, 8));
    const error = thrown(() => other.open(keyring.seal(secret, north), north));
    expect(error.code).toBe('wrong-key');
    expect(error.message).toContain(keyring.keyId);
    expect(error.message).toContain(other.keyId);
  });
});

describe('the key file', () => {
  it('is made private (0600), loads, and is not replaced by a second create', () => {
    const file = path.join(dir, 'made.key');
    createKeyFile(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(file).size).toBe(32);
    const keyring = loadKeyring(file);
    const sealed = keyring.seal(secret, north);
    const error = thrown(() => createKeyFile(file));
    expect(error.message).toMatch(/already exists .* not replaced/);
    // Still the same key: what it sealed still opens.
    expect(loadKeyring(file).open(sealed, north)).toBe(secret);
  });

  it('missing: says how to create one', () => {
    const error = thrown(() => loadKeyring(path.join(dir, 'absent.key')));
    expect(error.code).toBe('key-file');
    expect(error.message).toContain('does not exist');
    expect(error.message).toContain('key create --key-file');
  });

  it('readable by others: refused, with the chmod that fixes it', () => {
    const file = path.join(dir, 'open.key');
    writeFileSync(file, Buffer.alloc(32, 1), { mode: 0o600 });
    chmodSync(file, 0o644);
    const error = thrown(() => loadKeyring(file));
    expect(error.message).toContain('can be read by other users (mode 644)');
    expect(error.message).toContain(`chmod 600 ${file}`);
    chmodSync(file, 0o600);
    expect(loadKeyring(file).keyId).toBe(keyIdOf(Buffer.alloc(32, 1)));
  });

  it('the wrong size (a text file, say): refused, saying what it should hold', () => {
    const file = path.join(dir, 'text.key');
    writeFileSync(file, 'not a key\n', { mode: 0o600 });
    const error = thrown(() => loadKeyring(file));
    expect(error.message).toContain('holds 10 bytes; a district key file holds exactly 32');
  });

  it('a folder: refused', () => {
    expect(thrown(() => loadKeyring(dir)).message).toContain('is not a file');
  });
});
