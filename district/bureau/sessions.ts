// Sessions in the database (any service process answers any page): a random token in an
// HttpOnly cookie, only its SHA-256 stored. 30 idle minutes end a session.
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Account, Role } from './accounts';

export const idleMinutes = 30;
// last_seen_at is written at most this often, so a page full of requests is not a write each.
const touchEveryMs = 30_000;

const hashOf = (token: string): Buffer => createHash('sha256').update(token).digest();

export async function createSession(pool: pg.Pool, username: string, now: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await pool.query(
    'INSERT INTO sessions (token_hash, username, created_at, last_seen_at) VALUES ($1, $2, $3, $3)',
    [hashOf(token), username, new Date(now)],
  );
  return token;
}

export type SessionLookup =
  | { state: 'none' }
  | { state: 'expired' }
  | { state: 'ok'; account: Pick<Account, 'username' | 'displayName' | 'role'> };

export async function findSession(
  pool: pg.Pool,
  token: string | undefined,
  now: number,
): Promise<SessionLookup> {
  if (!token) return { state: 'none' };
  const { rows } = await pool.query<{
    username: string;
    display_name: string;
    role: Role;
    disabled_at: Date | null;
    last_seen_at: Date;
  }>(
    `SELECT s.username, a.display_name, a.role, a.disabled_at, s.last_seen_at
     FROM sessions s JOIN accounts a ON a.username = s.username
     WHERE s.token_hash = $1`,
    [hashOf(token)],
  );
  const row = rows[0];
  if (!row || row.disabled_at !== null) return { state: 'none' };
  const idle = now - row.last_seen_at.getTime();
  if (idle > idleMinutes * 60_000) {
    await pool.query('DELETE FROM sessions WHERE token_hash = $1', [hashOf(token)]);
    return { state: 'expired' };
  }
  if (idle > touchEveryMs) {
    await pool.query(
      'UPDATE sessions SET last_seen_at = greatest(last_seen_at, $2) WHERE token_hash = $1',
      [hashOf(token), new Date(now)],
    );
  }
  return {
    state: 'ok',
    account: { username: row.username, displayName: row.display_name, role: row.role },
  };
}

export async function endSession(pool: pg.Pool, token: string | undefined): Promise<void> {
  if (token) await pool.query('DELETE FROM sessions WHERE token_hash = $1', [hashOf(token)]);
}
