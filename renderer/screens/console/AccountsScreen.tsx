// The console's accounts page (`#admin/accounts`): who may sign in (username, name, role,
// enabled or not, with AccountActions beside each), a warning while only one admin can sign in,
// and a form for a new guard (PIN of 4–8 digits), school doctor or class teacher (role health)
// or admin (both with a password of 10 or more characters).
// Each field says what is wrong with it (account-draft.ts) and nothing typed is ever cut.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../../contract/client';
import { errorCodeOf } from '../../api/kiosk-client';
import { AccountActions, type ActionResult } from './AccountActions';
import {
  draftProblems,
  onlyOneAdmin,
  type AccountView,
  type Draft,
  type DraftField,
  type FieldProblem,
  type Role,
} from './account-draft';
import { useLoaded } from './use-loaded';
import '../../styles/admin-console.css';

const emptyDraft: Draft = { username: '', displayName: '', role: 'guard', secret: '' };

/** The roles the form offers, from the least it may do to the most. */
const roles: readonly Role[] = ['guard', 'health', 'admin'];

/** The translation key of the draft's first problem, or null when it may be sent. */
export function draftProblem(draft: Draft, taken: readonly string[]): string | null {
  return Object.values(draftProblems(draft, taken))[0]?.key ?? null;
}

export function AccountsScreen({ client }: { client: KioskClient }) {
  const { t } = useTranslation();
  const read = useCallback(() => client.call('listAccounts', {}), [client]);
  const { value, problem: readProblem, reload } = useLoaded(read);
  const accounts = value ?? [];
  const [rowMessage, setRowMessage] = useState<ActionResult | null>(null);
  const me = useMyAccountId(client);

  const rowDone = (result: ActionResult): void => {
    setRowMessage(result);
    reload();
  };
  const oneAdmin = onlyOneAdmin(accounts);
  return (
    <div className="admin-page" data-testid="accounts-screen">
      <h1>{t('console.accounts.title')}</h1>
      {readProblem ? <p className="admin-message bad">{t(readProblem)}</p> : null}
      {oneAdmin ? (
        <p className="admin-message bad" role="alert" data-testid="accounts-one-admin">
          {t('accounts.one-admin')}
        </p>
      ) : null}
      <AccountTable
        client={client}
        accounts={accounts}
        me={me}
        oneAdmin={oneAdmin}
        onDone={rowDone}
      />
      {rowMessage ? <ResultLine result={rowMessage} testId="account-row-message" /> : null}
      <NewAccountForm client={client} accounts={accounts} onCreated={reload} />
    </div>
  );
}

/** The signed-in admin's own account id (their row offers no actions), null until known. */
function useMyAccountId(client: KioskClient): number | null {
  const [me, setMe] = useState<number | null>(null);
  useEffect(() => {
    let current = true;
    client.call('whoAmI', {}).then(
      (actor) => current && setMe(actor?.id ?? null),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [client]);
  return me;
}

interface AccountTableProps {
  client: KioskClient;
  accounts: readonly AccountView[];
  me: number | null;
  oneAdmin: boolean;
  onDone: (result: ActionResult) => void;
}

/** Every account, with AccountActions beside each but the admin's own. */
function AccountTable({ client, accounts, me, oneAdmin, onDone }: AccountTableProps) {
  const { t } = useTranslation();
  return (
    <table className="admin-table" data-testid="accounts">
      <thead>
        <tr>
          <th>{t('console.accounts.username')}</th>
          <th>{t('console.accounts.display-name')}</th>
          <th>{t('console.accounts.role')}</th>
          <th>{t('accounts.status')}</th>
          <th>{t('accounts.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {accounts.map((account) => (
          <tr
            key={account.id}
            data-testid="account-row"
            data-username={account.username}
            data-disabled={account.disabled}
          >
            <td>{account.username}</td>
            <td>{account.displayName}</td>
            <td>{t(`console.accounts.role.${account.role}`)}</td>
            <td>{t(account.disabled ? 'accounts.status.disabled' : 'accounts.status.enabled')}</td>
            <td>
              {account.id === me ? (
                t('accounts.you')
              ) : (
                <AccountActions
                  client={client}
                  account={account}
                  lastAdmin={oneAdmin && account.role === 'admin' && !account.disabled}
                  onDone={onDone}
                />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface NewAccountFormProps {
  client: KioskClient;
  accounts: readonly AccountView[];
  onCreated: () => void;
}

/** A new guard or admin; each field says what is wrong with it before anything is sent. */
function NewAccountForm({ client, accounts, onCreated }: NewAccountFormProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [message, setMessage] = useState<ActionResult | null>(null);
  const [problems, setProblems] = useState<Partial<Record<DraftField, FieldProblem>>>({});
  const create = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const found = draftProblems(
      draft,
      accounts.map((account) => account.username),
    );
    setProblems(found);
    if (Object.keys(found).length > 0) {
      setMessage(null);
      return;
    }
    try {
      const made = await client.call('createAccount', {
        ...draft,
        username: draft.username.trim(),
        displayName: draft.displayName.trim(),
      });
      setMessage({ key: 'console.accounts.created', bad: false, name: made.username });
      setDraft(emptyDraft);
      onCreated();
    } catch (error) {
      setMessage({ key: `error.${errorCodeOf(error)}`, bad: true });
    }
  };

  const field = (key: keyof Draft) => (value: string) => setDraft({ ...draft, [key]: value });
  const fieldProblem = (key: DraftField) => {
    const problem = problems[key];
    return problem ? (
      <span className="admin-message bad" role="alert" data-testid={`account-${key}-problem`}>
        {t(problem.key, problem.values)}
      </span>
    ) : null;
  };
  const guard = draft.role === 'guard';
  return (
    <form className="admin-card" noValidate onSubmit={(event) => void create(event)}>
      <h2>{t('console.accounts.new')}</h2>
      <div className="admin-row">
        <label className="settings-field">
          <span>{t('console.accounts.role')}</span>
          <select
            value={draft.role}
            data-testid="account-role"
            onChange={(event) =>
              setDraft({
                ...draft,
                role: roles.find((role) => role === event.currentTarget.value) ?? 'guard',
              })
            }
          >
            {roles.map((role) => (
              <option key={role} value={role}>
                {t(`console.accounts.role.${role}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="settings-field">
          <span>{t('console.accounts.username')}</span>
          <input
            value={draft.username}
            autoComplete="off"
            aria-invalid={problems.username !== undefined}
            data-testid="account-username"
            onChange={(event) => field('username')(event.currentTarget.value)}
          />
          {fieldProblem('username')}
        </label>
        <label className="settings-field">
          <span>{t('console.accounts.display-name')}</span>
          <input
            value={draft.displayName}
            aria-invalid={problems.displayName !== undefined}
            data-testid="account-display-name"
            onChange={(event) => field('displayName')(event.currentTarget.value)}
          />
          {fieldProblem('displayName')}
        </label>
        <label className="settings-field">
          <span>{t(guard ? 'console.accounts.pin' : 'console.accounts.password')}</span>
          <input
            type="password"
            value={draft.secret}
            inputMode={guard ? 'numeric' : 'text'}
            autoComplete="new-password"
            aria-invalid={problems.secret !== undefined}
            data-testid="account-secret"
            onChange={(event) => field('secret')(event.currentTarget.value)}
          />
          {fieldProblem('secret')}
        </label>
      </div>
      <p className="admin-hint">
        {t(guard ? 'signin-security.pin-rule' : 'signin-security.password-rule')}
      </p>
      <div className="admin-actions">
        <button type="submit" data-testid="account-create">
          {t('console.accounts.create')}
        </button>
      </div>
      {message ? <ResultLine result={message} testId="account-message" /> : null}
    </form>
  );
}

/** What an action or the form did, in words; a refusal as an alert. */
function ResultLine({ result, testId }: { result: ActionResult; testId: string }) {
  const { t } = useTranslation();
  return (
    <p
      className={result.bad ? 'admin-message bad' : 'admin-message'}
      role={result.bad ? 'alert' : 'status'}
      data-testid={testId}
    >
      {t(result.key, { name: result.name })}
    </p>
  );
}
