// The certificates recorded today, newest first: who, the issuer and date on it, who recorded it
// and when, and its scan when the school kept one — a photo shown on the page, a PDF offered as a
// download. A scan is read from the kiosk only when asked for, and let go when the page closes.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../../contract/client';
import type {
  AbsenceRegister,
  RecordedCertificate,
} from '../../../contract/operations/absence-operations';
import { formatDayTime } from './case-format';
import { certificateFailure, scanObjectUrl, type Note, type ScanType } from './certificate-draft';
import { recordedToday } from './certificate-list';

interface ShownScan {
  certificateId: number;
  type: ScanType;
  url: string;
}

export function RecordedCertificates({
  client,
  register,
}: {
  client: KioskClient;
  register: AbsenceRegister;
}) {
  const { t } = useTranslation();
  const recorded = recordedToday(register);
  const [shown, setShown] = useState<ShownScan | null>(null);
  const [note, setNote] = useState<Note | null>(null);
  // The object URL in use, revoked when another replaces it or the page closes.
  const urlRef = useRef<string | null>(null);
  useEffect(
    () => () => {
      if (urlRef.current) URL.revokeObjectURL(urlRef.current);
    },
    [],
  );

  const view = async (certificateId: number): Promise<void> => {
    setNote(null);
    try {
      const scan = await client.call('returnCertificateScan', { certificateId });
      const url = scanObjectUrl(scan.type, scan.base64);
      if (urlRef.current) URL.revokeObjectURL(urlRef.current);
      urlRef.current = url;
      setShown({ certificateId, type: scan.type, url });
    } catch (error) {
      setNote(certificateFailure(error));
    }
  };

  return (
    <section
      className="admin-card"
      aria-label={t('certificates.recorded-today')}
      data-testid="certificates-recorded"
    >
      <h2>{t('certificates.recorded-today-count', { count: recorded.length })}</h2>
      {recorded.length === 0 ? <p className="admin-hint">{t('certificates.none-today')}</p> : null}
      {note ? (
        <p className="admin-message bad" role="alert">
          {t(note.key, note.params)}
        </p>
      ) : null}
      <ul className="certificates-list">
        {recorded.map((certificate) => (
          <RecordedRow
            key={certificate.id}
            certificate={certificate}
            shown={shown?.certificateId === certificate.id ? shown : null}
            onView={(certificateId) => void view(certificateId)}
          />
        ))}
      </ul>
    </section>
  );
}

function RecordedRow({
  certificate,
  shown,
  onView,
}: {
  certificate: RecordedCertificate;
  shown: ShownScan | null;
  onView: (certificateId: number) => void;
}) {
  const { t } = useTranslation();
  const { person } = certificate;
  const name = person?.name ?? t('certificates.erased');
  return (
    <li
      className="certificates-person"
      data-testid="certificates-recorded-row"
      data-certificate-id={certificate.id}
    >
      <span className="certificates-name">
        <bdi>{name}</bdi>
        {person === null ? null : ` · ${person.className}`}
      </span>
      <span>
        {t('certificates.issued-by', {
          issuer: certificate.issuer ?? '—',
          date: certificate.issuedOn,
        })}
      </span>
      <span className="admin-hint">
        {t('certificates.recorded-by', {
          time: formatDayTime(certificate.recordedAt).slice(6),
          by: certificate.recordedBy,
        })}
      </span>
      {certificate.hasScan ? (
        <button
          type="button"
          data-testid="certificates-view-scan"
          onClick={() => onView(certificate.id)}
        >
          {t('certificates.view-scan')}
        </button>
      ) : (
        <span className="admin-hint">{t('certificates.no-scan')}</span>
      )}
      {shown?.type === 'application/pdf' ? (
        <a href={shown.url} download={`${name}-${certificate.issuedOn}.pdf`}>
          {t('certificates.download-pdf')}
        </a>
      ) : null}
      {shown && shown.type !== 'application/pdf' ? (
        <img
          className="certificates-scan"
          src={shown.url}
          alt={t('certificates.scan-of', { name })}
        />
      ) : null}
    </li>
  );
}
