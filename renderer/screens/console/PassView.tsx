// An approved appointment's pass, over the console: the QR picture the kiosk made, with the
// school's name, the visitor's name masked, host, area and validity; "print" prints only this
// card on an A6 page (the print stylesheet in appointments.css hides the rest), "download PNG"
// saves a phone-sized card with the same words (pass-card.ts). It shows what the kiosk signed
// and never draws a code of its own; an erased appointment has none to print.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppointmentView } from '../../../contract/api';
import type { KioskClient } from '../../../contract/client';
import { formatWindow } from './appointment-form';
import { drawPassCard, maskedVisitorName } from './pass-card';

interface PassViewProps {
  client: KioskClient;
  appointment: AppointmentView;
  onClose: () => void;
  onError: (error: unknown) => void;
}

export function PassView({ client, appointment, onClose, onError }: PassViewProps) {
  const { t } = useTranslation();
  const [image, setImage] = useState<string | null>(null);
  const [school, setSchool] = useState<string | null>(null);
  const [card, setCard] = useState<string | null>(null);
  const visitor =
    appointment.visitorName === null ? null : maskedVisitorName(appointment.visitorName);
  const validity = formatWindow(appointment.validFrom, appointment.validTo);

  const { purged } = appointment;
  useEffect(() => {
    // The purge erased the pass with the name: there is nothing to ask the kiosk for.
    if (purged) return;
    let cancelled = false;
    client.call('passImage', { id: appointment.id }).then(
      ({ png, school: name }) => {
        if (cancelled) return;
        setImage(`data:image/png;base64,${png}`);
        setSchool(name);
      },
      (error: unknown) => !cancelled && onError(error),
    );
    return () => {
      cancelled = true;
    };
  }, [client, appointment.id, purged, onError]);

  // The phone-sized card to send: drawn once the kiosk's QR picture has loaded.
  const onQrLoaded = (qr: HTMLImageElement): void => {
    if (card !== null) return;
    setCard(
      drawPassCard(qr, {
        title: t('appointments.pass.title'),
        school,
        lines: [
          `${t('appointments.pass.visitor')}：${visitor ?? t('record.erased')}`,
          `${t('appointments.pass.host')}：${appointment.host}`,
          `${t('appointments.pass.area')}：${appointment.area}`,
          `${t('appointments.pass.valid')}：${validity}`,
        ],
        hint: t('appointments.pass.hint'),
      }),
    );
  };

  return (
    <div className="pass-view" role="dialog" aria-label={t('appointments.pass.title')}>
      <article className="pass-card" data-testid="pass-card">
        {school ? (
          <p className="pass-school" data-testid="pass-school">
            {school}
          </p>
        ) : null}
        <h2>{t('appointments.pass.title')}</h2>
        {image ? (
          <img
            className="pass-image"
            src={image}
            alt={t('appointments.pass.title')}
            onLoad={(event) => onQrLoaded(event.currentTarget)}
          />
        ) : (
          <p className={purged ? 'pass-image record-erased' : 'pass-image pass-loading'}>
            {t(purged ? 'record.erased' : 'appointments.pass.loading')}
          </p>
        )}
        <dl>
          <dt>{t('appointments.pass.visitor')}</dt>
          <dd data-testid="pass-visitor">
            {visitor ?? <span className="record-erased">{t('record.erased')}</span>}
          </dd>
          <dt>{t('appointments.pass.host')}</dt>
          <dd>{appointment.host}</dd>
          <dt>{t('appointments.pass.area')}</dt>
          <dd>{appointment.area}</dd>
          <dt>{t('appointments.pass.valid')}</dt>
          <dd>{validity}</dd>
        </dl>
        <p className="pass-entries">
          {t('appointments.pass.entries', { count: appointment.entriesAllowed })}
        </p>
        <p className="pass-hint">{t('appointments.pass.hint')}</p>
      </article>
      <div className="pass-actions">
        {purged ? null : (
          <button
            type="button"
            data-testid="pass-print"
            disabled={image === null}
            onClick={() => window.print()}
          >
            {t('appointments.pass.print')}
          </button>
        )}
        {card ? (
          <a
            className="pass-download"
            href={card}
            download={`pass-${appointment.id}.png`}
            data-testid="pass-download"
          >
            {t('appointments.pass.download')}
          </a>
        ) : null}
        <button type="button" data-testid="pass-close" onClick={onClose}>
          {t('appointments.pass.close')}
        </button>
      </div>
    </div>
  );
}
