// Password and PIN hashes: scrypt with a random salt per secret, parameters kept in the hash
// so they can be raised later, compared in constant time. A PIN has few possibilities, which
// is why sign-in also locks an account after repeated failures (accounts.ts). The rules a new
// secret must meet are the contract's (contract/secret-rules.ts), so the forms check the same.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const keyLength = 32;
/** N = 2^15, r = 8, p = 1: about 50 ms and 32 MiB here, per sign-in. */
const defaults = { N: 2 ** 15, r: 8, p: 1 };

function derive(secret: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      secret.normalize('NFKC'),
      salt,
      keyLength,
      { ...options, maxmem: 128 * 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, defaults);
  const { N, r, p } = defaults;
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(secret, Buffer.from(salt, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

let decoy: Promise<string> | null = null;

/** A hash of nothing, checked against for unknown usernames so they take as long as known. */
export function decoyHash(): Promise<string> {
  decoy ??= hashSecret('not a real account');
  return decoy;
}

export { secretProblem, type SecretProblem } from '../../contract/secret-rules';
