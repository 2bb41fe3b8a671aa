// Sign-in and sessions. Five wrong tries within 15 minutes lock the account for 15 minutes,
// each try counted as it starts (before its slow hash), so tries sent at once cannot all be
// checked; a locked account is refused like an unknown name. A session is a random token of
// which only a hash is kept; a guard's lasts a long shift, an admin's ends when idle, and so
// does a health account's (the school doctor's, a class teacher's: like an admin, they sign in
// with a password at the console, where pupils' health data is open on the screen).
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../contract/errors';
import type { ActorView } from '../../contract/schemas';
import type { AccountRow } from './accounts';
import type { AuditLog } from './audit-log';
import { decoyHash, verifySecret } from './secret-hash';

export const lockAfterFailures = 5;
const lockMs = 15 * 60_000;
/**
 * A guard's session lasts a long shift; an admin's or a health account's ends after 30 idle
 * minutes.
 */
const sessionHours = 12;
const adminIdleMinutes = 30;

/**
 * Every refused sign-in says the same (a wrong secret, an unknown or deleted name, a locked
 * account), so the answer never tells whether an account exists; its owner learns of a lock
 * here, and an admin sees it in the audit log (signIn.locked).
 */
export const signInRefused =
  'Wrong username or PIN/password, or too many wrong tries: then wait up to 15 minutes';

export const actorOf = (row: AccountRow): ActorView => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
});

export interface SignInDeps {
  /** The account of that name in usernameKey's form, deleted ones too. */
  accountNamed: (username: string) => AccountRow | undefined;
  audit: AuditLog['audit'];
}

export function createSignIn(db: Database, now: () => Date, { accountNamed, audit }: SignInDeps) {
  const tries = createWrongTries(db);
  const insertSession = db.prepare(
    `INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at, origin)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const sessionActor = db.prepare<
    [string],
    AccountRow & { expires_at: string; last_seen_at: string }
  >(
    `SELECT a.*, s.expires_at, s.last_seen_at FROM sessions s JOIN accounts a ON a.id = s.account_id
     WHERE s.token_hash = ?`,
  );
  const touchSession = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?');
  const deleteSession = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

  return {
    /**
     * A token for the username and secret, or the one refusal (signInRefused) that says neither
     * which part was wrong nor whether the account exists or is locked: unknown, deleted and
     * locked accounts check the secret against a decoy hash, so each refusal costs one hash. A
     * disabled account is refused as disabled only after its right secret.
     */
    async signIn(
      username: string,
      secret: string,
      origin: string | null,
    ): Promise<{ token: string; actor: ActorView; expiresAt: string }> {
      const found = accountNamed(username);
      const row = found?.deleted_at === null ? found : undefined;
      const at = now();
      // Nothing is awaited before this: no other attempt on the account runs in between.
      if (row === undefined || !tries.start(row, at.getTime())) {
        if (row !== undefined) audit(actorOf(row), 'signIn.locked', null, origin);
        await verifySecret(secret, await decoyHash());
        throw new ApiError('unauthorized', signInRefused);
      }
      if (!(await verifySecret(secret, row.secret_hash))) {
        audit(actorOf(row), 'signIn.failed', null, origin);
        throw new ApiError('unauthorized', signInRefused);
      }
      // The right secret undoes the count, and every wrong try before it.
      tries.clear(row.id);
      if (row.disabled_at !== null) {
        audit(actorOf(row), 'signIn.disabled', null, origin);
        throw new ApiError('disabled', 'This account is disabled: an admin can enable it again');
      }
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(at.getTime() + sessionHours * 3_600_000).toISOString();
      insertSession.run(
        hashToken(token),
        row.id,
        at.toISOString(),
        at.toISOString(),
        expiresAt,
        origin,
      );
      const actor = actorOf(row);
      audit(actor, 'signIn', null, origin);
      return { token, actor, expiresAt };
    },

    /**
     * The account behind a token, or null when it is unknown, expired or idle too long. A call
     * counts as activity unless `touch` is false (an open event stream asking if it may go on).
     */
    authenticate(token: string | null, touch = true): ActorView | null {
      if (!token) return null;
      const hash = hashToken(token);
      const row = sessionActor.get(hash);
      if (row === undefined || row.disabled_at !== null) return null;
      const at = now();
      const idleLimit = Date.parse(row.last_seen_at) + adminIdleMinutes * 60_000;
      if (
        Date.parse(row.expires_at) <= at.getTime() ||
        (row.role !== 'guard' && idleLimit <= at.getTime())
      ) {
        deleteSession.run(hash);
        return null;
      }
      if (touch) touchSession.run(at.toISOString(), hash);
      return actorOf(row);
    },

    signOut(token: string | null): void {
      if (token) deleteSession.run(hashToken(token));
    },
  };
}

/** The wrong tries counted against each account, and the lock they earn. */
function createWrongTries(db: Database) {
  const setFailures = db.prepare<[number, string, string | null, number]>(
    'UPDATE accounts SET failed_attempts = ?, failures_since = ?, locked_until = ? WHERE id = ?',
  );
  const clearFailures = db.prepare(
    'UPDATE accounts SET failed_attempts = 0, failures_since = NULL, locked_until = NULL WHERE id = ?',
  );
  return {
    /**
     * Counts a sign-in attempt as a wrong try before its secret is checked (a right one
     * undoes it), in one synchronous step, so attempts sent at once each see the ones before.
     * False, counting nothing, while the account is locked. A run of wrong tries lasts 15
     * minutes from its first, or until the lock it earned ends; the next try starts a new run.
     */
    start(row: AccountRow, at: number): boolean {
      if (row.locked_until !== null && Date.parse(row.locked_until) > at) return false;
      const since = row.failures_since === null ? null : Date.parse(row.failures_since);
      const newRun = since === null || since + lockMs <= at || row.locked_until !== null;
      const count = newRun ? 1 : row.failed_attempts + 1;
      setFailures.run(
        count,
        newRun ? new Date(at).toISOString() : (row.failures_since ?? ''),
        count >= lockAfterFailures ? new Date(at + lockMs).toISOString() : null,
        row.id,
      );
      return true;
    },
    /** No wrong tries any more: the right secret was given. */
    clear(id: number): void {
      clearFailures.run(id);
    },
  };
}
