// One account's buttons on the accounts page: disable or enable, a new PIN or password, delete
// (asked twice, since it cannot be undone). Never offered for the admin's own account, and
// disabling or deleting the last admin who can sign in is not offered either (the kiosk refuses).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../../contract/client';
import { errorCodeOf } from '../../api/kiosk-client';
import { secretProblem, type AccountView } from './account-draft';

export interface ActionResult {
  key: string;
  bad: boolean;
  name?: string;
}

interface AccountActionsProps {
  client: KioskClient;
  account: AccountView;
  /** The last admin who can sign in: may not be disabled or deleted. */
  lastAdmin: boolean;
  onDone: (result: ActionResult) => void;
}

type Open = 'none' | 'reset' | 'delete';

export function AccountActions({ client, account, lastAdmin, onDone }: AccountActionsProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Open>('none');
  const [secret, setSecret] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const guard = account.role === 'guard';
  const { username } = account;

  const run = async (action: () => Promise<unknown>, doneKey: string): Promise<void> => {
    try {
      await action();
      setOpen('none');
      setSecret('');
      onDone({ key: doneKey, bad: false, name: account.displayName });
    } catch (error) {
      onDone({ key: `error.${errorCodeOf(error)}`, bad: true });
    }
  };

  const reset = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const wrong = secretProblem(account.role, secret);
    setProblem(wrong);
    if (wrong) return;
    void run(() => client.call('resetSecret', { username, secret }), 'accounts.reset-done');
  };

  if (open === 'delete') {
    return (
      <div className="account-actions" data-testid="account-delete-confirm">
        <span>{t('accounts.delete-confirm', { name: account.displayName })}</span>
        <button
          type="button"
          data-testid="account-delete-yes"
          onClick={() =>
            void run(() => client.call('deleteAccount', { username }), 'accounts.deleted-done')
          }
        >
          {t('accounts.delete-yes')}
        </button>
        <button type="button" onClick={() => setOpen('none')}>
          {t('accounts.cancel')}
        </button>
      </div>
    );
  }
  if (open === 'reset') {
    const label = guard ? 'accounts.new-pin' : 'accounts.new-password';
    return (
      <form className="account-actions" noValidate onSubmit={reset}>
        <label className="settings-field">
          <span>{t(label, { name: account.displayName })}</span>
          <input
            type="password"
            value={secret}
            inputMode={guard ? 'numeric' : 'text'}
            autoComplete="new-password"
            aria-invalid={problem !== null}
            data-testid="account-new-secret"
            onChange={(event) => setSecret(event.currentTarget.value)}
          />
        </label>
        <button type="submit" data-testid="account-reset-save">
          {t('accounts.reset-save')}
        </button>
        <button type="button" onClick={() => setOpen('none')}>
          {t('accounts.cancel')}
        </button>
        {problem ? (
          <span className="admin-message bad" role="alert">
            {t(problem)}
          </span>
        ) : null}
      </form>
    );
  }
  return (
    <div className="account-actions">
      {account.disabled ? (
        <button
          type="button"
          data-testid="account-enable"
          onClick={() =>
            void run(() => client.call('enableAccount', { username }), 'accounts.enabled-done')
          }
        >
          {t('accounts.enable')}
        </button>
      ) : (
        <button
          type="button"
          data-testid="account-disable"
          disabled={lastAdmin}
          onClick={() =>
            void run(() => client.call('disableAccount', { username }), 'accounts.disabled-done')
          }
        >
          {t('accounts.disable')}
        </button>
      )}
      <button type="button" data-testid="account-reset" onClick={() => setOpen('reset')}>
        {t(guard ? 'accounts.reset-pin' : 'accounts.reset-password')}
      </button>
      <button
        type="button"
        data-testid="account-delete"
        disabled={lastAdmin}
        onClick={() => setOpen('delete')}
      >
        {t('accounts.delete')}
      </button>
    </div>
  );
}
