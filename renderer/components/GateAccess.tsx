// Opened from another computer in server mode, the gate's faces need a sign-in: instead of a
// screen of errors the display says so and links to the admin sign-in, and the guard's station
// (#guard, the guard's desk PC or tablet) offers the guard's own sign-in. On the kiosk itself
// (or once signed in) the face shows at once; it never decides who may do what, the backend does.
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../contract/client';
import { errorCodeOf } from '../api/kiosk-client';
import { GuardShift } from './GuardShift';
import { useSignedInGuard } from './signed-in-guard';

interface GateAccessProps {
  client: KioskClient;
  face: 'display' | 'station';
  children: ReactNode;
}

export function GateAccess({ client, face, children }: GateAccessProps) {
  const { t } = useTranslation();
  const [signInNeeded, setSignInNeeded] = useState<boolean | null>(null);
  // A guard who signs in here (the station's own sign-in) is asked about once more.
  const actor = useSignedInGuard();

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
  }, [client, actor]);

  if (signInNeeded === null) return <p className="admin-gate">{t('app.loading')}</p>;
  if (!signInNeeded) return children;
  if (face === 'station') {
    return (
      <main className="admin-gate" data-testid="station-sign-in">
        <h1>{t('station.remote.title')}</h1>
        <GuardShift client={client} onError={() => undefined} />
      </main>
    );
  }
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
