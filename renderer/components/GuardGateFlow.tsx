// The guard's part of the gate flow, in the guard's corner: confirm the colour of a health code
// that could not be verified online (recorded as guard-confirmed, unverified, under the signed-in
// guard's name), and see why a person was kept out by their roster status and who set it —
// words the person in front is not shown. A pupil held for a return-to-school certificate (or
// isolating) also gets one line on what to do while the display asks them to wait. It follows
// the check events itself.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckView, HealthCodeColour, PersonStatusView } from '../../contract/api';
import type { KioskClient } from '../../contract/client';
import { errorCodeOf } from '../api/kiosk-client';
import { isHoldStatus } from '../display/gate-hold';
import { schoolTimeZone } from '../../contract/school-time';
import { useSubmit } from './use-submit';
import '../styles/gate-flow.css';

interface GuardGateFlowProps {
  client: KioskClient;
  onError: (error: unknown) => void;
}

const colours: HealthCodeColour[] = ['green', 'yellow', 'red'];
/** A status may be days old: the date and the time, in the school's zone. */
const setAtFormat = new Intl.DateTimeFormat('sv-SE', {
  timeZone: schoolTimeZone,
  dateStyle: 'short',
  timeStyle: 'short',
});

export function GuardGateFlow({ client, onError }: GuardGateFlowProps) {
  const [check, setCheck] = useState<CheckView | null>(null);

  useEffect(() => {
    let live = true;
    const unsubscribe = client.subscribe('check', (next) => setCheck(next));
    // A check already waiting when the screen (re)loads.
    client
      .call('status', {})
      .then((status) => live && setCheck((current) => current ?? status.check))
      .catch(() => undefined);
    return () => {
      live = false;
      unsubscribe();
    };
  }, [client]);

  if (check === null) return null;
  const status = check.entry?.personStatus ?? null;
  return (
    <>
      {check.missing.includes('health-code-guard') ? (
        <HealthCodeConfirm key={check.checkId} client={client} check={check} onError={onError} />
      ) : null}
      {status ? <StatusNotice name={check.person?.name ?? ''} status={status} /> : null}
    </>
  );
}

function HealthCodeConfirm({ client, check, onError }: { check: CheckView } & GuardGateFlowProps) {
  const { t } = useTranslation();
  const [note, setNote] = useState<string | null>(null);
  const { busy, perform } = useSubmit();

  const confirm = async (colour: HealthCodeColour): Promise<void> => {
    setNote(null);
    await perform(
      async () => {
        await client.call('confirmHealthCode', { checkId: check.checkId, colour });
      },
      (error) => {
        const code = errorCodeOf(error);
        if (code === 'unauthorized') setNote('gate-flow.guard.sign-in-first');
        else if (code === 'bad-input') setNote('gate-flow.guard.check-over');
        else onError(error);
      },
    );
  };

  return (
    <div className="guard-health-code" data-testid="guard-health-code" role="group">
      <h2 className="guard-flow-title">{t('gate-flow.guard.health-code-title')}</h2>
      <p className="guard-flow-text">
        {t('gate-flow.guard.health-code-who', { name: check.person?.name ?? check.cardText ?? '' })}
      </p>
      <div className="guard-health-code-buttons">
        {colours.map((colour) => (
          <button
            key={colour}
            type="button"
            className={`health-colour health-colour-${colour}`}
            data-testid={`confirm-health-${colour}`}
            disabled={busy}
            onClick={() => void confirm(colour)}
          >
            {t(`gate-flow.colour.${colour}`)}
          </button>
        ))}
      </div>
      {note ? (
        <p className="guard-flow-note" role="alert" data-testid="guard-health-code-note">
          {t(note)}
        </p>
      ) : null}
    </div>
  );
}

export function StatusNotice({ name, status }: { name: string; status: PersonStatusView }) {
  const { t } = useTranslation();
  const hold = isHoldStatus(status.status) ? status.status : null;
  const words =
    hold !== null
      ? t(`gate-flow.hold.${hold}`)
      : status.status === 'left'
        ? t('gate-flow.status.left')
        : status.status;
  return (
    <div
      className="guard-status"
      data-testid="guard-status"
      data-status={status.status}
      data-hold={hold ?? undefined}
      role="status"
    >
      <h2 className="guard-flow-title">
        {t('gate-flow.guard.status-title', { name, status: words })}
      </h2>
      <p className="guard-flow-text" data-testid="guard-status-reason">
        {t('gate-flow.guard.status-reason', { reason: status.reason ?? '—' })}
      </p>
      <p className="guard-flow-text" data-testid="guard-status-set-by">
        {t('gate-flow.guard.status-set-by', {
          by: status.setBy ?? '—',
          at: formatSetAt(status.setAt),
        })}
      </p>
      {hold !== null ? (
        <p className="guard-flow-text guard-hold-advice" data-testid="guard-hold-advice">
          {t('gate-flow.hold.advice')}
        </p>
      ) : null}
    </div>
  );
}

function formatSetAt(iso: string | null): string {
  const time = iso === null ? Number.NaN : Date.parse(iso);
  return Number.isNaN(time) ? '—' : setAtFormat.format(time);
}
