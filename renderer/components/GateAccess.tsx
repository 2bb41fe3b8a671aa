// Opened from another computer in server mode, the gate screen needs a signed-in admin: instead of
// a screen of errors it says so and links to the sign-in. On the kiosk itself (or once signed in)
// it shows the gate screen at once; it never decides who may do what, the backend does.
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../electron/contract/client';
import { errorCodeOf } from '../api/kiosk-client';

export function GateAccess({ client, children }: { client: KioskClient; children: ReactNode }) {
  const { t } = useTranslation();
  const [signInNeeded, setSignInNeeded] = useState<boolean | null>(null);

  useEffect(() => {
    let cancelled = false;
    // Any other failure (the backend still starting) is the gate screen's to show and retry.
    client.call('status', {}).then(
      () => !cancelled && setSignInNeeded(false),
      (error: unknown) => !cancelled && setSignInNeeded(errorCodeOf(error) === 'unauthorized'),
    );
    return () => {
      cancelled = true;
    };
  }, [client]);

  if (signInNeeded === null) return <p className="admin-gate">{t('app.loading')}</p>;
  if (!signInNeeded) return children;
  return (
    <main className="admin-gate" data-testid="remote-sign-in">
      <h1>{t('gate.remote.title')}</h1>
      <p>{t('gate.remote.body')}</p>
      <a href="#admin" data-testid="remote-sign-in-link">
        {t('gate.remote.sign-in')}
      </a>
    </main>
  );
}
