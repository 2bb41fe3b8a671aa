// The guard's list of visitors on campus now, overstays first and marked, each with a "left"
// button that records the exit once tapped again to confirm. It refreshes when any entry is saved
// and once a minute (so an overstay shows without a new entry). It must never write an exit
// without the guard's confirmed tap.
// A visitor whose appointment the retention purge erased is listed, and leaves, unnamed.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../contract/client';
import type { OnCampusVisitor } from '../../contract/operations/today-operations';
import { errorCodeOf } from '../api/kiosk-client';
import { formatClockMinutes } from '../display/display-format';
import { formatOverstay } from '../screens/console/case-format';
import '../styles/cases.css';
import { useConfirmTap } from './confirm-tap';
import { useSignedInGuard } from './signed-in-guard';
import { useSubmit } from './use-submit';

const refreshMs = 60_000;

interface OnCampusVisitorsProps {
  client: KioskClient;
  onError: (error: unknown) => void;
}

export function OnCampusVisitors({ client, onError }: OnCampusVisitorsProps) {
  const { t } = useTranslation();
  // The list is the guard's: asked for only once a guard has signed in at this gate.
  const guard = useSignedInGuard();
  const guardId = guard?.id ?? null;
  const [visitors, setVisitors] = useState<OnCampusVisitor[] | null>(null);
  const { busy, perform } = useSubmit();
  const [note, setNote] = useState<string | null>(null);
  // 离校 cannot be taken back: the first tap asks 确认？ (confirm-tap.ts).
  const confirming = useConfirmTap();

  // Bumped after an exit so the list is read again at once.
  const [reload, setReload] = useState(0);

  useEffect(() => {
    if (guardId === null) return;
    let cancelled = false;
    const refresh = (): void => {
      client.call('visitorsOnCampus', {}).then(
        (list) => !cancelled && setVisitors(list),
        (error: unknown) => {
          // A session that ended meanwhile is the sign-in box's to show, not an error here.
          const code = errorCodeOf(error);
          if (!cancelled && code !== 'unauthorized' && code !== 'forbidden') onError(error);
        },
      );
    };
    refresh();
    const off = client.subscribe('entry-saved', refresh);
    const timer = setInterval(refresh, refreshMs);
    return () => {
      cancelled = true;
      off();
      clearInterval(timer);
    };
  }, [client, reload, guardId, onError]);

  const left = async (visitor: OnCampusVisitor): Promise<void> => {
    setNote(null);
    await perform(
      async () => {
        await client.call('recordVisitorExit', { appointmentId: visitor.appointmentId });
      },
      (error) => {
        // Already left (another tap, another gate): say so; anything else is the gate's error.
        if (errorCodeOf(error) === 'bad-input') {
          setNote(t('cases.exit.not-inside', { name: visitor.name ?? t('record.erased') }));
        } else onError(error);
      },
    );
    setReload((count) => count + 1);
  };

  // Before a guard signs in at this gate (GuardShift asks), there is nothing to show.
  if (guardId === null) return null;
  return (
    <section className="on-campus" data-testid="on-campus" aria-label={t('cases.on-campus.title')}>
      <h2 className="on-campus-title">
        {t('cases.on-campus.title')} <span>{visitors?.length ?? ''}</span>
      </h2>
      {visitors !== null && visitors.length === 0 ? (
        <p className="on-campus-empty">{t('cases.on-campus.empty')}</p>
      ) : null}
      <ul className="on-campus-list">
        {(visitors ?? []).map((visitor) => {
          const armed = confirming.armed(visitor.appointmentId);
          return (
            <li
              key={visitor.appointmentId}
              className={
                visitor.overstayMinutes === null ? 'on-campus-row' : 'on-campus-row overstay'
              }
              data-testid="on-campus-row"
              data-appointment={visitor.appointmentId}
              data-overstay={visitor.overstayMinutes !== null}
            >
              <span className="on-campus-who">
                {visitor.name === null ? (
                  <span className="record-erased">{t('record.erased')}</span>
                ) : (
                  <bdi>{visitor.name}</bdi>
                )}{' '}
                · <bdi>{visitor.area}</bdi>
              </span>
              <span className="on-campus-until">
                {visitor.overstayMinutes === null
                  ? t('cases.on-campus.until', { time: formatClockMinutes(visitor.until) })
                  : t('cases.on-campus.over', { time: formatOverstay(visitor.overstayMinutes, t) })}
              </span>
              <button
                type="button"
                data-testid="visitor-left"
                data-armed={armed ? 'true' : undefined}
                aria-label={
                  armed
                    ? t('forms.confirm-label', { action: t('cases.on-campus.left') })
                    : undefined
                }
                disabled={busy}
                onClick={() => {
                  setNote(null);
                  confirming.tap(visitor.appointmentId, () => void left(visitor));
                }}
              >
                {armed ? t('forms.confirm') : t('cases.on-campus.left')}
              </button>
            </li>
          );
        })}
      </ul>
      {note ? (
        <p className="on-campus-note" role="alert">
          {note}
        </p>
      ) : null}
    </section>
  );
}
