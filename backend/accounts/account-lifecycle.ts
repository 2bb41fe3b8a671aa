// An admin's changes to other accounts: disable, enable, delete, and a new PIN or password.
// Each ends the account's open sessions at once. Never to oneself, never leaving no enabled
// admin (a health account is no admin: it cannot manage accounts, so it does not count); a
// deleted account keeps its row (the audit log and duty log still name it).
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../contract/errors';
import { formatFieldProblems } from '../../contract/field-problems';
import type { ActorView, Role } from '../../contract/schemas';
import { hashSecret, secretProblem } from './secret-hash';

interface TargetRow {
  id: number;
  role: Role;
  disabled_at: string | null;
}

export function createAccountLifecycle(db: Database, now: () => Date) {
  const target = db.prepare<[string], TargetRow>(
    'SELECT id, role, disabled_at FROM accounts WHERE username = ? AND deleted_at IS NULL',
  );
  const enabledAdmins = db.prepare<[], { n: number }>(
    "SELECT count(*) AS n FROM accounts WHERE role = 'admin' AND disabled_at IS NULL",
  );
  const endSessions = db.prepare('DELETE FROM sessions WHERE account_id = ?');
  const setDisabled = db.prepare('UPDATE accounts SET disabled_at = ? WHERE id = ?');
  const markDeleted = db.prepare(
    `UPDATE accounts SET deleted_at = ?, disabled_at = coalesce(disabled_at, ?), secret_hash = '',
       failed_attempts = 0, failures_since = NULL, locked_until = NULL
     WHERE id = ?`,
  );
  const setSecret = db.prepare(
    `UPDATE accounts SET secret_hash = ?, failed_attempts = 0, failures_since = NULL,
       locked_until = NULL
     WHERE id = ?`,
  );

  /** The account another admin may change, or the reason why not. */
  function other(username: string, by: ActorView | null, willDisable: boolean): TargetRow {
    const row = target.get(username);
    if (row === undefined) throw new ApiError('bad-input', `No account named "${username}"`);
    if (by !== null && by.id === row.id) {
      throw new ApiError('forbidden', 'An admin cannot do this to their own account');
    }
    if (
      willDisable &&
      row.role === 'admin' &&
      row.disabled_at === null &&
      (enabledAdmins.get()?.n ?? 0) <= 1
    ) {
      throw new ApiError('forbidden', 'The last enabled admin stays enabled');
    }
    return row;
  }

  return {
    /** The account can no longer sign in, and whoever is signed in as it is signed out. */
    disable(username: string, by: ActorView | null): void {
      db.transaction(() => {
        const row = other(username, by, true);
        if (row.disabled_at === null) setDisabled.run(now().toISOString(), row.id);
        endSessions.run(row.id);
      })();
    },

    enable(username: string, by: ActorView | null): void {
      const row = other(username, by, false);
      setDisabled.run(null, row.id);
    },

    /** Gone from the list and from sign-in for good; its row stays for the records naming it. */
    remove(username: string, by: ActorView | null): void {
      db.transaction(() => {
        const row = other(username, by, true);
        const at = now().toISOString();
        markDeleted.run(at, at, row.id);
        endSessions.run(row.id);
      })();
    },

    /** A new PIN (guard) or password (health, admin) set by an admin; it also lifts a lock-out. */
    async resetSecret(username: string, secret: string, by: ActorView | null): Promise<void> {
      const row = other(username, by, false);
      const problem = secretProblem(row.role, secret);
      if (problem) throw new ApiError('bad-input', formatFieldProblems({ secret: problem }));
      const hash = await hashSecret(secret);
      db.transaction(() => {
        // Checked again after the hash: the account may have been deleted meanwhile.
        const still = other(username, by, false);
        setSecret.run(hash, still.id);
        endSessions.run(still.id);
      })();
    },
  };
}

export type AccountLifecycle = ReturnType<typeof createAccountLifecycle>;
