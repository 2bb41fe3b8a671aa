// This gate's walk-in requests for the guard: waiting, approved (with the pass, shown large for
// the visitor to photograph or hold to the camera, or printed) or declined with the reason.
// Asked again every few seconds while shown, because the admin decides on another screen. A
// request the retention purge erased shows that in words and has no pass to show.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../contract/client';
import type { WalkInRequestView } from '../../contract/operations/courier-operations';
import { formatClockTime } from '../display/display-format';
import { DeskNoteLine } from './desk-form';
import { noteForFailure, type DeskNote } from './visitor-desk-notes';

const refreshMilliseconds = 5000;

export function WalkInList({ client, version }: { client: KioskClient; version: number }) {
  const { t } = useTranslation();
  const [requests, setRequests] = useState<WalkInRequestView[]>([]);
  const [note, setNote] = useState<DeskNote | null>(null);
  const [pass, setPass] = useState<{ id: number; name: string; png: string } | null>(null);
  const passFigure = useRef<HTMLElement | null>(null);

  // The sheet is short: bring the pass into view so the visitor can photograph all of it.
  useEffect(() => {
    passFigure.current?.scrollIntoView?.({ block: 'nearest' });
  }, [pass]);

  useEffect(() => {
    let stopped = false;
    const load = () =>
      client.call('gateWalkIns', {}).then(
        (found) => {
          if (stopped) return;
          setRequests(found);
          setNote(null);
        },
        (error: unknown) => !stopped && setNote(noteForFailure(error)),
      );
    void load();
    const timer = setInterval(() => void load(), refreshMilliseconds);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [client, version]);

  const showPass = async (request: WalkInRequestView): Promise<void> => {
    try {
      const { png } = await client.call('walkInPass', { id: request.id });
      setPass({ id: request.id, name: request.visitorName ?? t('record.erased'), png });
    } catch (error) {
      setNote(noteForFailure(error));
    }
  };

  return (
    <section className="walk-in-list" data-testid="walk-in-list">
      <h2 className="desk-title">{t('walk-in.mine')}</h2>
      <DeskNoteLine note={note} testId="walk-in-list-message" />
      {requests.length === 0 ? <p className="desk-hint">{t('walk-in.none')}</p> : null}
      <ul>
        {requests.map((request) => (
          <li
            key={request.id}
            className={`walk-in-item walk-in-${request.state}`}
            data-testid="walk-in-item"
            data-state={request.state}
            data-purged={request.purged}
          >
            <span className="walk-in-state">{t(`walk-in.state.${request.state}`)}</span>{' '}
            {request.visitorName === null ? (
              <span className="record-erased">{t('record.erased')}</span>
            ) : (
              <strong>{request.visitorName}</strong>
            )}{' '}
            → {request.host}（{request.area}）{' '}
            <span className="desk-hint">{formatClockTime(request.createdAt)}</span>
            {request.state === 'approved' && request.validTo && !request.purged ? (
              <>
                {' '}
                {t('walk-in.until', { time: formatClockTime(request.validTo) })}{' '}
                <button
                  type="button"
                  data-testid="walk-in-show-pass"
                  onClick={() => (pass?.id === request.id ? setPass(null) : void showPass(request))}
                >
                  {t(pass?.id === request.id ? 'walk-in.hide-pass' : 'walk-in.show-pass')}
                </button>
              </>
            ) : null}
            {request.state === 'declined' ? (
              <span className="walk-in-reason">
                {' '}
                {t('walk-in.declined-because', {
                  reason: request.declineReason ?? t('record.erased'),
                })}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {pass ? (
        <figure className="walk-in-pass" data-testid="walk-in-pass" ref={passFigure}>
          <img
            src={`data:image/png;base64,${pass.png}`}
            alt={t('walk-in.pass-alt', { name: pass.name })}
            data-testid="walk-in-pass-image"
          />
          <figcaption>
            <strong>{pass.name}</strong> {t('walk-in.pass-hint')}{' '}
            <button type="button" className="walk-in-print" onClick={() => window.print()}>
              {t('walk-in.print-pass')}
            </button>
          </figcaption>
        </figure>
      ) : null}
    </section>
  );
}
