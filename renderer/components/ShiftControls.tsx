// The duty log at the gate, for the guard signed in: who is on duty since when, the last
// shift's handover note (shown on signing on, so it is read), "start shift", and "end shift"
// with a note for the next guard. It only asks the kiosk; it never keeps shifts itself.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OperationOutput } from '../../contract/api';
import type { KioskClient } from '../../contract/client';
import { formatClockTime } from '../display/display-format';
import { useSubmit } from './use-submit';

type DutyLog = OperationOutput<'dutyLog'>;

interface ShiftControlsProps {
  client: KioskClient;
  onError: (error: unknown) => void;
}

const noteLimit = 2000;

export function ShiftControls({ client, onError }: ShiftControlsProps) {
  const { t } = useTranslation();
  const [duty, setDuty] = useState<DutyLog | null>(null);
  const [handover, setHandover] = useState('');
  const { busy, perform } = useSubmit();
  const [ending, setEnding] = useState(false);
  // Kept in a ref so that a new onError each render does not reload the log each render.
  const reportError = useRef(onError);
  useEffect(() => {
    reportError.current = onError;
  }, [onError]);

  // Bumped after each start or end: the log is read again from the kiosk.
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let cancelled = false;
    client.call('dutyLog', { limit: 5 }).then(
      (found) => !cancelled && setDuty(found),
      (error: unknown) => !cancelled && reportError.current(error),
    );
    return () => {
      cancelled = true;
    };
  }, [client, version]);

  const act = async (action: () => Promise<unknown>): Promise<void> => {
    await perform(async () => {
      await action();
      setHandover('');
      setEnding(false);
    }, onError);
    setVersion((old) => old + 1);
  };

  if (duty === null) return null;
  const current = duty.current;
  // The shift before this one (or, off duty, the last one): its note is for whoever comes next.
  const previous = duty.recent.find((shift) => shift.id !== current?.id && shift.endedAt !== null);

  const state = current
    ? t('shift.on-duty', {
        name: current.guard,
        time: formatClockTime(current.startedAt).slice(0, 5),
      })
    : t('shift.off-duty');

  return (
    <div className="shift" data-testid="shift" data-on-duty={String(current !== null)}>
      <div className="shift-row">
        <span className="shift-state" data-testid="shift-state">
          {state}
        </span>
        {current === null ? (
          <button
            type="button"
            data-testid="shift-start"
            disabled={busy}
            onClick={() => void act(() => client.call('startShift', {}))}
          >
            {t('shift.start')}
          </button>
        ) : ending ? null : (
          // The note is written at the end of the shift: until then only the button shows.
          <button type="button" data-testid="shift-end" onClick={() => setEnding(true)}>
            {t('shift.end')}
          </button>
        )}
      </div>
      {previous ? (
        <div className="shift-previous" data-testid="shift-previous-note">
          {previous.handoverNote ? (
            <>
              <span className="shift-previous-label">
                {t('shift.previous-note', { name: previous.guard })}
              </span>
              <q className="shift-previous-text">{previous.handoverNote}</q>
            </>
          ) : (
            <span className="shift-previous-label">{t('shift.no-previous-note')}</span>
          )}
        </div>
      ) : null}
      {current !== null && ending ? (
        <form
          className="shift-end"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void act(() => client.call('endShift', { handoverNote: handover.trim() }));
          }}
        >
          <label className="settings-field">
            <span>{t('shift.note')}</span>
            <textarea
              rows={3}
              maxLength={noteLimit}
              value={handover}
              data-testid="shift-note"
              onChange={(event) => setHandover(event.target.value)}
            />
          </label>
          <button type="submit" data-testid="shift-end-confirm" disabled={busy}>
            {t('shift.end-confirm')}
          </button>
          <button type="button" onClick={() => setEnding(false)}>
            {t('shift.cancel')}
          </button>
        </form>
      ) : null}
    </div>
  );
}
