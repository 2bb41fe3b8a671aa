// The guard's sign-in in the corner of the gate screen: username and PIN (a numeric keypad on
// a touch screen), then who is signed in, a sign-out, and the shift (ShiftControls). An admin
// signed in here counts as a guard. The session is kept as AdminGate keeps it (api/session.ts);
// the gate itself never needs a sign-in, so this must never block checks.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../contract/client';
import { saveSession } from '../api/session';
import { ShiftControls } from './ShiftControls';
import { signInRefusal } from './sign-in-refusal';
import { setSignedInGuard, useSignedInGuard } from './signed-in-guard';
import { useSubmit } from './use-submit';
import '../styles/guard-shift.css';

interface GuardShiftProps {
  client: KioskClient;
  onError: (error: unknown) => void;
}

export function GuardShift({ client, onError }: GuardShiftProps) {
  const { t } = useTranslation();
  const actor = useSignedInGuard();
  const [note, setNote] = useState<string | null>(null);
  const { busy, perform } = useSubmit();

  // A reload keeps the window's session: ask the kiosk whose it is (it may have expired).
  useEffect(() => {
    let cancelled = false;
    client.call('whoAmI', {}).then(
      (found) => !cancelled && setSignedInGuard(found),
      () => !cancelled && setSignedInGuard(null),
    );
    return () => {
      cancelled = true;
    };
  }, [client]);

  const signIn = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const username = String(form.get('username') ?? '').trim();
    const secret = String(form.get('pin') ?? '').trim();
    if (username === '' || secret === '') {
      setNote(t('shift.error.bad-input'));
      return;
    }
    setNote(null);
    await perform(
      async () => {
        const session = await client.call('signIn', { username, secret });
        saveSession(client, session.token);
        setSignedInGuard(session.actor);
      },
      (error) => {
        const refusal = signInRefusal(error, 'shift');
        setNote(t(refusal.key, refusal.values));
      },
    );
  };

  const signOut = async (): Promise<void> => {
    await client.call('signOut', {}).catch(() => undefined);
    saveSession(client, null);
    setSignedInGuard(null);
  };

  if (actor !== null) {
    return (
      <section className="guard-shift" data-testid="guard-shift" data-guard={actor.username}>
        <p className="guard-shift-who">
          <span data-testid="guard-signed-in">
            {t('shift.signed-in', { name: actor.displayName })}
          </span>
          <button type="button" data-testid="guard-sign-out" onClick={() => void signOut()}>
            {t('shift.sign-out')}
          </button>
        </p>
        <ShiftControls client={client} onError={onError} />
      </section>
    );
  }
  return (
    <form
      className="guard-shift guard-sign-in"
      data-testid="guard-sign-in"
      noValidate
      onSubmit={(event) => void signIn(event)}
    >
      <h2 className="guard-shift-title">{t('shift.sign-in-title')}</h2>
      <label className="settings-field">
        <span>{t('shift.username')}</span>
        <input
          name="username"
          autoComplete="username"
          autoCapitalize="off"
          data-testid="guard-username"
        />
      </label>
      <label className="settings-field">
        <span>{t('shift.pin')}</span>
        <input
          name="pin"
          type="password"
          inputMode="numeric"
          pattern="[0-9]*"
          autoComplete="current-password"
          data-testid="guard-pin"
        />
      </label>
      <button type="submit" data-testid="guard-sign-in-submit" disabled={busy}>
        {t('shift.sign-in')}
      </button>
      {note ? (
        <p className="guard-shift-note" role="alert" data-testid="guard-sign-in-note">
          {note}
        </p>
      ) : null}
    </form>
  );
}
