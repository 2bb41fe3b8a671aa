// Accounts on the kiosk's database: a guard signs in with a PIN; the school doctor or a class
// teacher (role health: the absence register and return certificates) and an admin with a
// password. The first admin is made on first run, and only then. Sign-in and sessions are in
// sign-in.ts; disabling, enabling, deleting and resetting a secret in account-lifecycle.ts; the
// duty log in duty-shifts.ts; the audit log, which no one can edit and every admin action is
// written to, in audit-log.ts.
import type { Database } from 'better-sqlite3';
import { ApiError } from '../../contract/errors';
import { formatFieldProblems } from '../../contract/field-problems';
import type { AccountView } from '../../contract/operations/account-operations';
import type { ActorView, Role } from '../../contract/schemas';
import { createAccountLifecycle } from './account-lifecycle';
import { createAuditLog } from './audit-log';
import { createDutyShifts } from './duty-shifts';
import { hashSecret, secretProblem } from './secret-hash';
import { actorOf, createSignIn } from './sign-in';

export interface AccountRow {
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
  const selectAccounts = db.prepare<[], AccountRow>(
    'SELECT * FROM accounts WHERE deleted_at IS NULL ORDER BY role, username',
  );
  const { audit, auditLog } = createAuditLog(db, now);

  /** The account of that name in usernameKey's form (deleted ones too: names are never reused). */
  function accountNamed(username: string): AccountRow | undefined {
    const key = usernameKey(username);
    const same = allNames.all().filter((row) => usernameKey(row.username) === key);
    const chosen = same.find((row) => row.username === username.trim()) ?? same[0];
    return chosen === undefined ? undefined : byId.get(chosen.id);
  }

  /** A new account; `secretField` names the secret's field in a refusal (the form's own name). */
  async function add(
    fields: { username: string; displayName: string; role: Role; secret: string },
    createdBy: ActorView | null,
    secretField = 'secret',
  ): Promise<ActorView> {
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
    ): Promise<ActorView> {
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

    ...createSignIn(db, now, { accountNamed, audit }),
    audit,
    auditLog,
    ...createDutyShifts(db, now),
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
