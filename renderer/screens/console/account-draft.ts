// The accounts page's own checks, pure: what is wrong with each field of a new account (shown
// at that field, with the length typed when it is too long: never cut to fit), and whether only
// one admin can still sign in. The kiosk checks the same rules again (the secret's are shared).
import type { OperationOutput } from '../../../contract/api';
import { secretProblem as secretRule } from '../../../contract/secret-rules';

export type AccountView = OperationOutput<'listAccounts'>[number];
export type Role = AccountView['role'];
export type Draft = { username: string; displayName: string; role: Role; secret: string };
export type DraftField = keyof Draft;
export interface FieldProblem {
  key: string;
  values?: { length: number };
}

/** The longest username and name the kiosk keeps (the contract's limit). */
export const nameLimit = 32;

/** Each field's problem, in the order of the form; an empty object when the draft may be sent. */
export function draftProblems(
  draft: Draft,
  taken: readonly string[],
): Partial<Record<DraftField, FieldProblem>> {
  const problems: Partial<Record<DraftField, FieldProblem>> = {};
  const username = draft.username.trim();
  if (username.length > nameLimit) {
    problems.username = { key: 'accounts.username-too-long', values: { length: username.length } };
  } else if (!/^[\p{L}\p{N}._-]+$/u.test(username)) {
    problems.username = { key: 'console.accounts.username-invalid' };
  } else if (taken.some((name) => name.toLowerCase() === username.toLowerCase())) {
    problems.username = { key: 'console.accounts.username-taken' };
  }
  const name = draft.displayName.trim();
  if (name === '') problems.displayName = { key: 'console.accounts.name-required' };
  else if (name.length > nameLimit) {
    problems.displayName = { key: 'accounts.name-too-long', values: { length: name.length } };
  }
  const secret = secretProblem(draft.role, draft.secret);
  if (secret) problems.secret = { key: secret };
  return problems;
}

/**
 * The translation key of a new PIN or password's problem, or null when it may be sent: the
 * kiosk's own rules (contract/secret-rules.ts), so the form never accepts what it refuses.
 */
export function secretProblem(role: Role, secret: string): string | null {
  const problem = secretRule(role, secret);
  return problem === null ? null : `signin-security.secret.${problem}`;
}

/** True while exactly one admin can sign in: the page asks for a second. */
export function onlyOneAdmin(accounts: readonly AccountView[]): boolean {
  return accounts.filter((account) => account.role === 'admin' && !account.disabled).length === 1;
}
