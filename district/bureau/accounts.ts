// The bureau's accounts: scrypt password hashes (node:crypto), sign-in with a lockout after
// repeated failures, and the admin's changes (add, disable, new password), each audited.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import { inTransaction } from '../service/db';
import { audit } from './queries/settings';

export type Role = 'officer' | 'admin';

export interface Account {
  username: string;
  displayName: string;
  role: Role;
  createdAt: Date;
  disabledAt: Date | null;
}

/** Why an account change was refused; the pages and the command put it in words. */
export class AccountError extends Error {
  constructor(
    readonly code:
      'exists' | 'no-such-account' | 'bad-username' | 'short-password' | 'bad-role' | 'usage',
    message: string,
  ) {
    super(message);
  }
}

export const minPasswordLength = 10;
const failuresToLock = 10;
const lockMinutes = 15;
/** The advisory lock's first key; the second is the username's hash. */
const signInLock = 2_020_003;

// scrypt's cost: N=2^15 with r=8 takes 32 MiB and a few tens of milliseconds.
const cost = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function scrypt(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(
      password.normalize('NFC'),
      salt,
      32,
      { N, r, p, maxmem: cost.maxmem },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, cost.N, cost.r, cost.p);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// A hash to check a password against when the username is unknown, so an unknown name takes as
// long to refuse as a wrong password.
const decoy = hashPassword(randomBytes(12).toString('base64'));

export type SignInResult =
  | { ok: true; account: Account }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'locked'; until: Date };

/**
 * Checks a sign-in. Failures are audited by the username typed; after 10 failures within 15
 * minutes that username is refused for 15 minutes from the last one, right password or not.
 */
export async function checkSignIn(
  pool: pg.Pool,
  username: string,
  password: string,
  now: number,
): Promise<SignInResult> {
  const name = username.trim().slice(0, 100);
  const { rows } = await pool.query<AccountRow & { password_hash: string }>(
    `SELECT username, display_name, role, created_at, disabled_at, password_hash
     FROM accounts WHERE username = $1`,
    [name],
  );
  const row = rows[0];
  // Checked before the lockout is looked at, so a locked name takes as long to refuse and no
  // connection is held during scrypt; the answer is only told when the name is not locked.
  const matches = await verifyPassword(password, row?.password_hash ?? (await decoy));
  return inTransaction(pool, async (client) => {
    // One sign-in of a username at a time counts the failures and records its own: attempts
    // sent at once would otherwise all count before any was recorded, and all be checked.
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [signInLock, name]);
    const { rows: failures } = await client.query<{ at: Date }>(
      `SELECT at FROM audit
       WHERE action = 'sign-in-failed' AND actor = $1 AND at > $2
       ORDER BY at DESC LIMIT ${failuresToLock}`,
      [name, new Date(now - 2 * lockMinutes * 60_000)],
    );
    const latest = failures[0]?.at.getTime();
    const tenth = failures[failuresToLock - 1]?.at.getTime();
    if (latest !== undefined && tenth !== undefined && latest - tenth <= lockMinutes * 60_000) {
      const until = latest + lockMinutes * 60_000;
      if (now < until) {
        await audit(client, now, name, 'sign-in-locked', {});
        return { ok: false, reason: 'locked', until: new Date(until) };
      }
    }
    if (!row || !matches || row.disabled_at !== null) {
      await audit(client, now, name, 'sign-in-failed', {
        reason: !row ? 'unknown-account' : !matches ? 'wrong-password' : 'disabled',
      });
      return { ok: false, reason: 'wrong' };
    }
    await audit(client, now, name, 'sign-in', {});
    return { ok: true, account: accountOf(row) };
  });
}

interface AccountRow {
  username: string;
  display_name: string;
  role: Role;
  created_at: Date;
  disabled_at: Date | null;
}

function accountOf(row: AccountRow): Account {
  return {
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  };
}

export async function listAccounts(pool: pg.Pool): Promise<Account[]> {
  const { rows } = await pool.query<AccountRow>(
    `SELECT username, display_name, role, created_at, disabled_at FROM accounts
     ORDER BY disabled_at IS NOT NULL, username`,
  );
  return rows.map(accountOf);
}

function checkPassword(password: string): void {
  if (Array.from(password).length < minPasswordLength) {
    throw new AccountError(
      'short-password',
      `a password needs at least ${minPasswordLength} characters`,
    );
  }
}

export async function addAccount(
  pool: pg.Pool,
  a: { username: string; displayName: string; role: string; password: string },
  actor: string,
  now: number,
): Promise<void> {
  const username = a.username.trim();
  if (!/^[A-Za-z0-9._-]{2,40}$/.test(username)) {
    throw new AccountError(
      'bad-username',
      `"${username}" is not a username: 2 to 40 letters, digits, dots, dashes or underscores`,
    );
  }
  if (a.role !== 'officer' && a.role !== 'admin') {
    throw new AccountError('bad-role', `the role must be officer or admin, not "${a.role}"`);
  }
  checkPassword(a.password);
  const hash = await hashPassword(a.password);
  await inTransaction(pool, async (client) => {
    const inserted = await client.query(
      `INSERT INTO accounts (username, display_name, role, password_hash, created_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING`,
      [username, a.displayName.trim() || username, a.role, hash, new Date(now)],
    );
    if (inserted.rowCount === 0) {
      throw new AccountError('exists', `the account "${username}" already exists`);
    }
    await audit(client, now, actor, 'add-account', { username, role: a.role });
  });
}

/** Disables an account and ends its sessions at once. */
export async function disableAccount(
  pool: pg.Pool,
  username: string,
  actor: string,
  now: number,
): Promise<void> {
  await inTransaction(pool, async (client) => {
    const updated = await client.query(
      'UPDATE accounts SET disabled_at = coalesce(disabled_at, $2) WHERE username = $1',
      [username, new Date(now)],
    );
    if (updated.rowCount === 0) {
      throw new AccountError('no-such-account', `there is no account "${username}"`);
    }
    await client.query('DELETE FROM sessions WHERE username = $1', [username]);
    await audit(client, now, actor, 'disable-account', { username });
  });
}

/** A new password; the account's sessions end, and a disabled account is enabled again. */
export async function setPassword(
  pool: pg.Pool,
  username: string,
  password: string,
  actor: string,
  now: number,
): Promise<void> {
  checkPassword(password);
  const hash = await hashPassword(password);
  await inTransaction(pool, async (client) => {
    const updated = await client.query(
      'UPDATE accounts SET password_hash = $2, disabled_at = NULL WHERE username = $1',
      [username, hash],
    );
    if (updated.rowCount === 0) {
      throw new AccountError('no-such-account', `there is no account "${username}"`);
    }
    await client.query('DELETE FROM sessions WHERE username = $1', [username]);
    await audit(client, now, actor, 'set-password', { username });
  });
}
