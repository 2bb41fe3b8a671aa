// The school's signing key in a real temp folder: made once with mode 0600, the public key
// beside it, the same kid after a restart, and a damaged key file an error, never a new key.
import { generateKeyPairSync } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keyId, signPass, verifyPass } from '../../../backend/visitors/pass-token';
import {
  loadOrCreateSchoolKeys,
  privateKeyFileName,
  publicKeyFileName,
  SchoolKeyError,
} from '../../../backend/visitors/school-keys';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';

afterEach(removeTempDirs);

const posix = process.platform !== 'win32';

const fields = {
  appointmentId: 'A1',
  name: '张伟',
  host: '王老师',
  area: '教学楼',
  validFrom: new Date('2026-11-23T09:00:00Z'),
  validTo: new Date('2026-11-23T11:00:00Z'),
  uses: 1,
};
const during = new Date('2026-11-23T10:00:00Z');

describe('loadOrCreateSchoolKeys', () => {
  it('makes a key pair on first start, the private file readable by its owner only', () => {
    const dir = join(makeTempDir(), 'data');
    const keys = loadOrCreateSchoolKeys(dir);
    expect(keys.kid).toMatch(/^[0-9a-f]{8}$/);
    expect(keys.kid).toBe(keyId(keys.publicKey));
    expect(keys.privateKey.asymmetricKeyType).toBe('ed25519');
    expect([...keys.publicKeys]).toEqual([[keys.kid, keys.publicKey]]);
    const privatePem = readFileSync(join(dir, privateKeyFileName), 'utf8');
    expect(privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(readFileSync(join(dir, publicKeyFileName), 'utf8')).toMatch(
      /^-----BEGIN PUBLIC KEY-----\n/,
    );
    if (posix) expect(statSync(join(dir, privateKeyFileName)).mode & 0o777).toBe(0o600);
    // No temporary files left behind.
    expect(readdirSync(dir).sort()).toEqual([privateKeyFileName, publicKeyFileName].sort());
  });

  it('loads the same key after a restart, so passes already issued still verify', () => {
    const dir = makeTempDir();
    const first = loadOrCreateSchoolKeys(dir);
    const pass = signPass(fields, first.privateKey, first.kid);
    const before = readFileSync(join(dir, privateKeyFileName));
    const second = loadOrCreateSchoolKeys(dir);
    expect(second.kid).toBe(first.kid);
    expect(readFileSync(join(dir, privateKeyFileName)).equals(before)).toBe(true);
    expect(verifyPass(pass, second.publicKeys, during).ok).toBe(true);
  });

  it('gives a different key to a different school', () => {
    expect(loadOrCreateSchoolKeys(makeTempDir()).kid).not.toBe(
      loadOrCreateSchoolKeys(makeTempDir()).kid,
    );
  });

  it('rewrites a missing or damaged public key file from the private key', () => {
    const dir = makeTempDir();
    const keys = loadOrCreateSchoolKeys(dir);
    const publicFile = join(dir, publicKeyFileName);
    const pem = readFileSync(publicFile, 'utf8');
    writeFileSync(publicFile, 'garbage');
    expect(loadOrCreateSchoolKeys(dir).kid).toBe(keys.kid);
    expect(readFileSync(publicFile, 'utf8')).toBe(pem);
  });

  it.runIf(posix)('tightens a key file copied in with looser permissions', () => {
    const dir = makeTempDir();
    loadOrCreateSchoolKeys(dir);
    chmodSync(join(dir, privateKeyFileName), 0o644);
    loadOrCreateSchoolKeys(dir);
    expect(statSync(join(dir, privateKeyFileName)).mode & 0o777).toBe(0o600);
  });

  const rsaPem = generateKeyPairSync('rsa', { modulusLength: 1024 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();

  it.each([
    ['empty', ''],
    ['garbage', 'not a key at all\n'],
    ['cut short', 'cut'],
    ['an RSA key', rsaPem],
    ['a public key', 'public'],
  ])('refuses a key file that is %s and leaves it as it was', (_label, content) => {
    const dir = makeTempDir();
    const keys = loadOrCreateSchoolKeys(dir);
    const file = join(dir, privateKeyFileName);
    const pem = readFileSync(file, 'utf8');
    const damaged =
      content === 'cut'
        ? pem.slice(0, 40)
        : content === 'public'
          ? keys.publicKey.export({ type: 'spki', format: 'pem' }).toString()
          : content;
    writeFileSync(file, damaged);
    expect(() => loadOrCreateSchoolKeys(dir)).toThrow(SchoolKeyError);
    expect(() => loadOrCreateSchoolKeys(dir)).toThrow(/has not been replaced/);
    expect(readFileSync(file, 'utf8')).toBe(damaged);
  });

  it('reports a key file it cannot read as an error, not as a missing key', () => {
    const dir = makeTempDir();
    // A folder where the file should be: reading fails with EISDIR, not ENOENT.
    mkdirSync(join(dir, privateKeyFileName));
    expect(() => loadOrCreateSchoolKeys(dir)).toThrow(SchoolKeyError);
    expect(existsSync(join(dir, publicKeyFileName))).toBe(false);
  });
});
