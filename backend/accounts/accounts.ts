// Accounts, sign-in, sessions, shifts and the audit log, on the kiosk's database. A guard signs
// in with a PIN, an admin with a password; five wrong tries within 15 minutes lock the account
// for 15 minutes, each try counted as it starts (before its slow hash), so tries sent at once
// cannot all be checked; a locked account is refused like an unknown name. A session is a
// random token of which only a hash is kept. The first admin is made on first run, and only
// then. Every admin action is written to the audit log, which no one can edit. Disabling,
// enabling, deleting and resetting a secret are in account-lifecycle.ts.
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../contract/errors';
import { formatFieldProblems } from '../../contract/field-problems';
import { createAccountLifecycle } from './account-lifecycle';
import { decoyHash, hashSecret, secretProblem, verifySecret } from './secret-hash';

export type Role = 'guard' | 'admin';

export interface Actor {
  id: number;
  username: string;
  displayName: string;
  role: Role;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: string | null;
  origin: string | null;
}

export interface Shift {
  id: number;
  guard: string;
  startedAt: string;
  endedAt: string | null;
  handoverNote: string | null;
}

interface AccountRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  secret_hash: string;
  /** Wrong tries in the run that began at failures_since (migration 0190). */
  failed_attempts: number;
  failures_since: string | null;
  locked_until: string | null;
  disabled_at: string | null;
  deleted_at: string | null;
}

/** An account as the accounts page lists it: a disabled one is listed, a deleted one is not. */
export interface AccountView extends Actor {
  disabled: boolean;
}

export const lockAfterFailures = 5;
const lockMs = 15 * 60_000;
/** A guard's session lasts a long shift; an admin's ends after 30 idle minutes. */
const sessionHours = 12;
const adminIdleMinutes = 30;

/**
 * Every refused sign-in says the same (a wrong secret, an unknown or deleted name, a locked
 * account), so the answer never tells whether an account exists; its owner learns of a lock
 * here, and an admin sees it in the audit log (signIn.locked).
 */
export const signInRefused =
  'Wrong username or PIN/password, or too many wrong tries: then wait up to 15 minutes';

/**
 * The one form in which usernames are compared — by sign-in, by a new account's "is it taken",
 * and by server mode's sign-in limiter: NFKC (full-width letters as plain ones), the spaces
 * around it dropped, and case ignored.
 */
export function usernameKey(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}

export function createAccounts(db: Database, now: () => Date) {
  const countAccounts = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM accounts');
  const allNames = db.prepare<[], { id: number; username: string }>(
    'SELECT id, username FROM accounts ORDER BY id',
  );
  const byId = db.prepare<[number], AccountRow>('SELECT * FROM accounts WHERE id = ?');
  const insertAccount = db.prepare(
    `INSERT INTO accounts (username, display_name, role, secret_hash, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const setFailures = db.prepare<[number, string, string | null, number]>(
    'UPDATE accounts SET failed_attempts = ?, failures_since = ?, locked_until = ? WHERE id = ?',
  );
  const clearFailures = db.prepare(
    'UPDATE accounts SET failed_attempts = 0, failures_since = NULL, locked_until = NULL WHERE id = ?',
  );
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
  const insertAudit = db.prepare(
    'INSERT INTO audit_log (at, account_id, actor, action, detail, origin) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const selectAudit = db.prepare<[number], AuditEntry>(
    'SELECT id, at, actor, action, detail, origin FROM audit_log ORDER BY id DESC LIMIT ?',
  );
  const selectAccounts = db.prepare<[], AccountRow>(
    'SELECT * FROM accounts WHERE deleted_at IS NULL ORDER BY role, username',
  );
  const openShift = db.prepare<[string], Shift>(
    `SELECT s.id, a.display_name AS guard, s.started_at AS startedAt, s.ended_at AS endedAt,
       s.handover_note AS handoverNote
     FROM shifts s JOIN accounts a ON a.id = s.account_id
     WHERE s.gate_id = ? AND s.ended_at IS NULL ORDER BY s.id DESC LIMIT 1`,
  );
  const lastShifts = db.prepare<[string, number], Shift>(
    `SELECT s.id, a.display_name AS guard, s.started_at AS startedAt, s.ended_at AS endedAt,
       s.handover_note AS handoverNote
     FROM shifts s JOIN accounts a ON a.id = s.account_id
     WHERE s.gate_id = ? ORDER BY s.id DESC LIMIT ?`,
  );
  const insertShift = db.prepare(
    'INSERT INTO shifts (account_id, gate_id, started_at) VALUES (?, ?, ?)',
  );
  const closeShift = db.prepare(
    'UPDATE shifts SET ended_at = ?, handover_note = ? WHERE id = ? AND ended_at IS NULL',
  );

  const actorOf = (row: AccountRow): Actor => ({
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
  });
  const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

  /** The account of that name in usernameKey's form (deleted ones too: names are never reused). */
  function accountNamed(username: string): AccountRow | undefined {
    const key = usernameKey(username);
    const same = allNames.all().filter((row) => usernameKey(row.username) === key);
    const chosen = same.find((row) => row.username === username.trim()) ?? same[0];
    return chosen === undefined ? undefined : byId.get(chosen.id);
  }

  /**
   * Counts a sign-in attempt as a wrong try before its secret is checked (a right one undoes it),
   * in one synchronous step, so attempts sent at once each see the ones before. False, counting
   * nothing, while the account is locked. A run of wrong tries lasts 15 minutes from its first,
   * or until the lock it earned ends; the next try then starts a new run.
   */
  function startAttempt(row: AccountRow, at: number): boolean {
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
  }

  function audit(
    actor: Actor | null,
    action: string,
    detail: string | null,
    origin: string | null,
  ) {
    insertAudit.run(
      now().toISOString(),
      actor?.id ?? null,
      actor ? `${actor.displayName} (${actor.username})` : 'nobody signed in',
      action,
      detail,
      origin,
    );
  }

  /** A new account; `secretField` names the secret's field in a refusal (the form's own name). */
  async function add(
    fields: { username: string; displayName: string; role: Role; secret: string },
    createdBy: Actor | null,
    secretField = 'secret',
  ): Promise<Actor> {
    const problem = secretProblem(fields.role, fields.secret);
    if (problem) throw new ApiError('bad-input', formatFieldProblems({ [secretField]: problem }));
    const { username } = fields;
    const holder = accountNamed(username);
    if (holder) {
      // A deleted account keeps its username, so "name (username)" in the audit log is one person.
      const whose = holder.deleted_at === null ? '' : ' (by a deleted account: never reused)';
      throw new ApiError('bad-input', `The username "${username}" is taken${whose}`);
    }
    const hash = await hashSecret(fields.secret);
    // Checked again after the hash: the same name may have been taken meanwhile.
    if (accountNamed(username)) {
      throw new ApiError('bad-input', `The username "${username}" is taken`);
    }
    const result = insertAccount.run(
      username,
      fields.displayName,
      fields.role,
      hash,
      now().toISOString(),
      createdBy?.id ?? null,
    );
    return {
      id: Number(result.lastInsertRowid),
      username,
      displayName: fields.displayName,
      role: fields.role,
    };
  }

  return {
    needsFirstAdmin: (): boolean => (countAccounts.get()?.n ?? 0) === 0,

    /** The first admin, on first run only: afterwards accounts are made by an admin. */
    async createFirstAdmin(
      fields: { username: string; displayName: string; password: string },
      origin: string | null,
    ): Promise<Actor> {
      if ((countAccounts.get()?.n ?? 0) > 0) {
        throw new ApiError('forbidden', 'The first admin has already been created');
      }
      const actor = await add(
        { ...fields, role: 'admin', secret: fields.password },
        null,
        'password',
      );
      audit(actor, 'createFirstAdmin', `admin ${actor.username}`, origin);
      return actor;
    },

    add,
    ...createAccountLifecycle(db, now),

    list: (): AccountView[] =>
      selectAccounts.all().map((row) => ({ ...actorOf(row), disabled: row.disabled_at !== null })),

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
    ): Promise<{ token: string; actor: Actor; expiresAt: string }> {
      const found = accountNamed(username);
      const row = found?.deleted_at === null ? found : undefined;
      const at = now();
      // Nothing is awaited before this: no other attempt on the account runs in between.
      if (row === undefined || !startAttempt(row, at.getTime())) {
        if (row !== undefined) audit(actorOf(row), 'signIn.locked', null, origin);
        await verifySecret(secret, await decoyHash());
        throw new ApiError('unauthorized', signInRefused);
      }
      if (!(await verifySecret(secret, row.secret_hash))) {
        audit(actorOf(row), 'signIn.failed', null, origin);
        throw new ApiError('unauthorized', signInRefused);
      }
      // The right secret undoes the count, and every wrong try before it.
      clearFailures.run(row.id);
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
    authenticate(token: string | null, touch = true): Actor | null {
      if (!token) return null;
      const hash = hashToken(token);
      const row = sessionActor.get(hash);
      if (row === undefined || row.disabled_at !== null) return null;
      const at = now();
      const idleLimit = Date.parse(row.last_seen_at) + adminIdleMinutes * 60_000;
      if (
        Date.parse(row.expires_at) <= at.getTime() ||
        (row.role === 'admin' && idleLimit <= at.getTime())
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

    audit,
    auditLog: (limit: number): AuditEntry[] => selectAudit.all(limit),

    currentShift: (gateId: string): Shift | null => openShift.get(gateId) ?? null,
    recentShifts: (gateId: string, limit: number): Shift[] => lastShifts.all(gateId, limit),

    /** Signs the guard on duty at this gate; the previous open shift is handed over first. */
    startShift(actor: Actor, gateId: string): Shift {
      const open = openShift.get(gateId);
      if (open)
        throw new ApiError('bad-input', `${open.guard} is still on duty: sign them off first`);
      insertShift.run(actor.id, gateId, now().toISOString());
      return openShift.get(gateId) as Shift;
    },

    endShift(gateId: string, handoverNote: string): Shift {
      const open = openShift.get(gateId);
      if (!open) throw new ApiError('bad-input', 'Nobody is on duty at this gate');
      closeShift.run(now().toISOString(), handoverNote, open.id);
      return { ...open, endedAt: now().toISOString(), handoverNote };
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
