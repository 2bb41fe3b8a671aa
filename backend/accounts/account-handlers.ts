// The contract's sign-in, account, audit and duty-log operations over the accounts store.
// Who may call each is in the contract; dispatch() has checked it before these run.
import type { Handlers } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import type { AccountView } from '../../contract/operations/account-operations';
import type { Accounts } from './accounts';

type AccountOperation =
  | 'setupStatus'
  | 'createFirstAdmin'
  | 'signIn'
  | 'signOut'
  | 'whoAmI'
  | 'createAccount'
  | 'listAccounts'
  | 'disableAccount'
  | 'enableAccount'
  | 'deleteAccount'
  | 'resetSecret'
  | 'auditLog'
  | 'startShift'
  | 'endShift'
  | 'dutyLog';

export function accountHandlers(
  accounts: Accounts,
  gateId: string,
): Pick<Handlers, AccountOperation> {
  return {
    async setupStatus() {
      return { needsFirstAdmin: accounts.needsFirstAdmin() };
    },
    async createFirstAdmin({ username, displayName, password }, caller) {
      return accounts.createFirstAdmin({ username, displayName, password }, caller.origin);
    },
    async signIn({ username, secret }, caller) {
      return accounts.signIn(username, secret, caller.origin);
    },
    async signOut(_input, caller) {
      if (caller.actor) accounts.audit(caller.actor, 'signOut', null, caller.origin);
      accounts.signOut(caller.session);
      return { signedOut: caller.session !== null };
    },
    async whoAmI(_input, caller) {
      return caller.actor;
    },
    async createAccount(fields, caller) {
      return accounts.add(fields, caller.actor);
    },
    async listAccounts() {
      return accounts.list();
    },
    async disableAccount({ username }, caller) {
      accounts.disable(username, caller.actor);
      return shown(accounts, username);
    },
    async enableAccount({ username }, caller) {
      accounts.enable(username, caller.actor);
      return shown(accounts, username);
    },
    async deleteAccount({ username }, caller) {
      accounts.remove(username, caller.actor);
      return { deleted: true as const };
    },
    async resetSecret({ username, secret }, caller) {
      await accounts.resetSecret(username, secret, caller.actor);
      return shown(accounts, username);
    },
    async auditLog({ limit }) {
      return accounts.auditLog(limit);
    },
    async startShift(_input, caller) {
      if (!caller.actor) throw new ApiError('unauthorized', 'Sign in first.');
      const shift = accounts.startShift(caller.actor, gateId);
      accounts.audit(caller.actor, 'startShift', null, caller.origin);
      return shift;
    },
    async endShift({ handoverNote }, caller) {
      const shift = accounts.endShift(gateId, handoverNote);
      // The note is the duty log's, which shows it; free text may hold a phone number, and the
      // audit log keeps nothing that may (docs/admin.md, "Personal data").
      accounts.audit(caller.actor, 'endShift', null, caller.origin);
      return shift;
    },
    async dutyLog({ limit }) {
      return {
        current: accounts.currentShift(gateId),
        recent: accounts.recentShifts(gateId, limit ?? 10),
      };
    },
  };
}

/** The account as the list now shows it (usernames compare without case, as in the table). */
function shown(accounts: Accounts, username: string): AccountView {
  const found = accounts
    .list()
    .find((account) => account.username.toLowerCase() === username.toLowerCase());
  if (!found) throw new ApiError('bad-input', `No account named "${username}"`);
  return found;
}
