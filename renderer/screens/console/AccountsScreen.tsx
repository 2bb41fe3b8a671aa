// The console's accounts page (`#admin/accounts`): who may sign in (username, name, role), and
// a form for a new guard (PIN of 4–8 digits) or admin (password of 8 or more characters). The
// rules are checked here to say what is wrong in the admin's language; the kiosk checks again.
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActorView } from '../../../electron/contract/api';
import type { KioskClient } from '../../../electron/contract/client';
import { errorCodeOf } from '../../api/kiosk-client';
import { useLoaded } from './use-loaded';
import '../../styles/admin-console.css';

type Role = ActorView['role'];
type Draft = { username: string; displayName: string; role: Role; secret: string };
const emptyDraft: Draft = { username: '', displayName: '', role: 'guard', secret: '' };

/** The translation key of what is wrong with the draft, or null when it may be sent. */
export function draftProblem(draft: Draft, taken: readonly string[]): string | null {
  const username = draft.username.trim();
  if (!/^[\p{L}\p{N}._-]{1,32}$/u.test(username)) return 'console.accounts.username-invalid';
  if (taken.includes(username)) return 'console.accounts.username-taken';
  const name = draft.displayName.trim();
  if (name === '' || name.length > 32) return 'console.accounts.name-required';
  if (draft.role === 'guard' && !/^\d{4,8}$/.test(draft.secret)) {
    return 'console.accounts.pin-invalid';
  }
  if (draft.role === 'admin' && draft.secret.length < 8) return 'console.accounts.password-short';
  return null;
}

export function AccountsScreen({ client }: { client: KioskClient }) {
  const { t } = useTranslation();
  const read = useCallback(() => client.call('listAccounts', {}), [client]);
  const { value, problem: readProblem, reload } = useLoaded(read);
  const accounts = value ?? [];
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [message, setMessage] = useState<{ key: string; bad: boolean; name?: string } | null>(null);

  const create = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const problem = draftProblem(
      draft,
      accounts.map((account) => account.username),
    );
    if (problem) {
      setMessage({ key: problem, bad: true });
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
      reload();
    } catch (error) {
      setMessage({ key: `error.${errorCodeOf(error)}`, bad: true });
    }
  };

  const field = (key: keyof Draft) => (value: string) => setDraft({ ...draft, [key]: value });
  const guard = draft.role === 'guard';
  return (
    <div className="admin-page" data-testid="accounts-screen">
      <h1>{t('console.accounts.title')}</h1>
      {readProblem ? <p className="admin-message bad">{t(readProblem)}</p> : null}
      <table className="admin-table" data-testid="accounts">
        <thead>
          <tr>
            <th>{t('console.accounts.username')}</th>
            <th>{t('console.accounts.display-name')}</th>
            <th>{t('console.accounts.role')}</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <tr key={account.id} data-testid="account-row" data-username={account.username}>
              <td>{account.username}</td>
              <td>{account.displayName}</td>
              <td>{t(`console.accounts.role.${account.role}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
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
                  role: event.currentTarget.value === 'admin' ? 'admin' : 'guard',
                })
              }
            >
              <option value="guard">{t('console.accounts.role.guard')}</option>
              <option value="admin">{t('console.accounts.role.admin')}</option>
            </select>
          </label>
          <label className="settings-field">
            <span>{t('console.accounts.username')}</span>
            <input
              value={draft.username}
              maxLength={32}
              autoComplete="off"
              data-testid="account-username"
              onChange={(event) => field('username')(event.currentTarget.value)}
            />
          </label>
          <label className="settings-field">
            <span>{t('console.accounts.display-name')}</span>
            <input
              value={draft.displayName}
              maxLength={32}
              data-testid="account-display-name"
              onChange={(event) => field('displayName')(event.currentTarget.value)}
            />
          </label>
          <label className="settings-field">
            <span>{t(guard ? 'console.accounts.pin' : 'console.accounts.password')}</span>
            <input
              type="password"
              value={draft.secret}
              inputMode={guard ? 'numeric' : 'text'}
              autoComplete="new-password"
              data-testid="account-secret"
              onChange={(event) => field('secret')(event.currentTarget.value)}
            />
          </label>
        </div>
        <p className="admin-hint">
          {t(guard ? 'console.accounts.pin-rule' : 'console.accounts.password-rule')}
        </p>
        <div className="admin-actions">
          <button type="submit" data-testid="account-create">
            {t('console.accounts.create')}
          </button>
        </div>
        {message ? (
          <p
            className={message.bad ? 'admin-message bad' : 'admin-message'}
            role={message.bad ? 'alert' : 'status'}
            data-testid="account-message"
          >
            {t(message.key, { name: message.name })}
          </p>
        ) : null}
      </form>
    </div>
  );
}
