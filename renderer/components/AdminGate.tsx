// The door to the admin's screens: on first run it asks for the first admin account; after
// that an admin, or the school doctor or a class teacher (role health, who sees only their
// pages), signs in with username and password (five wrong tries lock the account for 15
// minutes; the refusal says how many are left). A guard is kept out. The session is kept for
// this window only (sessionStorage) and sent with every call; "sign out" ends it on the kiosk
// too.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActorView } from '../../contract/api';
import type { KioskClient } from '../../contract/client';
import { saveSession } from '../api/session';
import { ConsoleActorContext, mayUseConsole } from './console-actor';
import { secretProblem } from '../../contract/secret-rules';
import { signInRefusal } from './sign-in-refusal';
import { useSubmit } from './use-submit';

type Stage =
  | { kind: 'loading' }
  | { kind: 'first-admin' }
  | { kind: 'sign-in' }
  | { kind: 'signed-in'; actor: ActorView };

/** Where the gate opens: the first admin to create, the console for who may use it, or sign-in. */
export function openingStage(needsFirstAdmin: boolean, actor: ActorView | null): Stage {
  if (needsFirstAdmin) return { kind: 'first-admin' };
  if (actor !== null && mayUseConsole(actor.role)) return { kind: 'signed-in', actor };
  return { kind: 'sign-in' };
}

export function AdminGate({ client, children }: { client: KioskClient; children: ReactNode }) {
  const { t } = useTranslation();
  const [stage, setStage] = useState<Stage>({ kind: 'loading' });
  const [note, setNote] = useState<string | null>(null);
  const { busy, perform } = useSubmit();

  useEffect(() => {
    let cancelled = false;
    Promise.all([client.call('setupStatus', {}), client.call('whoAmI', {})]).then(
      ([setup, actor]) => {
        if (cancelled) return;
        setStage(openingStage(setup.needsFirstAdmin, actor));
      },
      () => !cancelled && setStage({ kind: 'sign-in' }),
    );
    return () => {
      cancelled = true;
    };
  }, [client]);

  const signIn = async (username: string, secret: string): Promise<void> => {
    const session = await client.call('signIn', { username, secret });
    if (!mayUseConsole(session.actor.role)) {
      await client.call('signOut', {}).catch(() => undefined);
      setNote(t('admin.not-admin'));
      return;
    }
    saveSession(client, session.token);
    setStage({ kind: 'signed-in', actor: session.actor });
  };

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const username = String(form.get('username') ?? '').trim();
    const password = String(form.get('password') ?? '');
    setNote(null);
    await perform(
      async () => {
        if (stage.kind === 'first-admin') {
          const displayName = String(form.get('displayName') ?? '').trim();
          const problem = secretProblem('admin', password);
          if (problem !== null) {
            setNote(t(`signin-security.secret.${problem}`));
            return;
          }
          await client.call('createFirstAdmin', { username, displayName, password });
        }
        await signIn(username, password);
      },
      (error) => {
        const refusal = signInRefusal(error, 'admin');
        setNote(t(refusal.key, refusal.values));
      },
    );
  };

  const signOut = async (): Promise<void> => {
    await client.call('signOut', {}).catch(() => undefined);
    saveSession(client, null);
    setStage({ kind: 'sign-in' });
  };

  if (stage.kind === 'loading') return <p className="admin-gate">{t('app.loading')}</p>;
  if (stage.kind === 'signed-in') {
    return (
      <div className="admin-area" data-testid="admin-area" data-admin={stage.actor.username}>
        <p className="admin-bar">
          {t('admin.signed-in', { name: stage.actor.displayName })}{' '}
          <button type="button" data-testid="sign-out" onClick={() => void signOut()}>
            {t('admin.sign-out')}
          </button>
        </p>
        <ConsoleActorContext value={stage.actor}>{children}</ConsoleActorContext>
      </div>
    );
  }
  const first = stage.kind === 'first-admin';
  return (
    <form
      className="admin-gate"
      data-testid={first ? 'first-admin' : 'sign-in'}
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <h1>{t(first ? 'admin.first-title' : 'admin.sign-in-title')}</h1>
      {first ? <p>{t('admin.first-hint')}</p> : null}
      <label>
        <span>{t('admin.username')}</span>
        <input name="username" autoComplete="username" data-testid="admin-username" required />
      </label>
      {first ? (
        <label>
          <span>{t('admin.display-name')}</span>
          <input name="displayName" data-testid="admin-display-name" required />
        </label>
      ) : null}
      <label>
        <span>{t('admin.password')}</span>
        <input
          name="password"
          type="password"
          autoComplete={first ? 'new-password' : 'current-password'}
          data-testid="admin-password"
          required
        />
      </label>
      <button type="submit" data-testid="admin-submit" disabled={busy}>
        {t(first ? 'admin.create' : 'admin.sign-in')}
      </button>
      {note ? (
        <p role="alert" className="admin-note" data-testid="admin-note">
          {note}
        </p>
      ) : null}
      <a href="#">{t('settings.back')}</a>
    </form>
  );
}
