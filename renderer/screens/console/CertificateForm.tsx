// The form for one held person's return-to-school certificate: who issued it, the date on it
// (today unless changed, never after today) and, if the school keeps one, a photo or scan. One
// clear button records it and ends the hold at every gate. What was typed stays when a check or
// the kiosk refuses it, with the reason in words beside the field.
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../../contract/client';
import type { AwaitingCertificate } from '../../../contract/operations/absence-operations';
import { useSubmit } from '../../components/use-submit';
import {
  issueDateProblem,
  issuerMaxLength,
  recordCertificate,
  scanAccept,
  scanTypeOf,
  sizeInWords,
  type ChosenScan,
  type Note,
} from './certificate-draft';

interface CertificateFormProps {
  client: KioskClient;
  person: AwaitingCertificate;
  /** Beijing's today, YYYY-MM-DD. */
  today: string;
  /** When their open absence began (a certificate dated earlier cannot end it), or null. */
  absenceSince: string | null;
  onRecorded: (person: AwaitingCertificate) => void;
  onCancel: () => void;
}

export function CertificateForm({
  client,
  person,
  today,
  absenceSince,
  onRecorded,
  onCancel,
}: CertificateFormProps) {
  const { t } = useTranslation();
  const [issuer, setIssuer] = useState('');
  const [issuedOn, setIssuedOn] = useState(today);
  const [scan, setScan] = useState<ChosenScan | null>(null);
  const [note, setNote] = useState<Note | null>(null);
  const { busy, perform } = useSubmit();
  // Said as soon as the date is changed, not only on the button.
  const dateNote = issuedOn === '' ? null : issueDateProblem(issuedOn, today, absenceSince);

  const choose = (event: ChangeEvent<HTMLInputElement>): void => {
    const chosen = event.currentTarget.files?.[0] ?? null;
    setNote(null);
    if (chosen === null) {
      setScan(null);
      return;
    }
    // Refused here, before anything is read or sent: the kiosk would refuse it too.
    const type = scanTypeOf(chosen);
    if (typeof type !== 'string') {
      event.currentTarget.value = '';
      setScan(null);
      setNote(type);
      return;
    }
    setScan(chosen);
  };

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setNote(null);
    await perform(
      async () => {
        const fields = { issuer, issuedOn };
        const outcome = await recordCertificate(client, person, fields, scan, today, absenceSince);
        if (outcome.ok) onRecorded(person);
        else setNote(outcome.note);
      },
      () => setNote({ key: 'error.internal' }),
    );
  };

  return (
    <form
      className="admin-card certificate-form"
      data-testid="certificate-form"
      data-person-id={person.personId}
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <h2>
        {t('certificates.form.title', { name: person.name })}
        <span className="admin-hint"> · {person.className}</span>
      </h2>
      <p className="admin-hint">{t('certificates.form.hint')}</p>
      <label className="settings-field">
        <span>{t('certificates.form.issuer')}</span>
        <input
          value={issuer}
          maxLength={issuerMaxLength}
          placeholder={t('certificates.form.issuer-example')}
          data-testid="certificate-issuer"
          onChange={(event) => setIssuer(event.target.value)}
        />
      </label>
      <label className="settings-field">
        <span>{t('certificates.form.issued-on')}</span>
        <input
          type="date"
          value={issuedOn}
          max={today}
          data-testid="certificate-issued-on"
          onChange={(event) => setIssuedOn(event.target.value)}
        />
      </label>
      {dateNote ? (
        <p className="admin-message bad" role="alert" data-testid="certificate-date-note">
          {t(dateNote.key, dateNote.params)}
        </p>
      ) : null}
      <label className="settings-field">
        <span>{t('certificates.form.scan')}</span>
        {/* image/* lets a tablet offer its camera beside its files; no `capture`, which would
            offer the camera alone and so no PDF. Another image type is refused in words. */}
        <input
          type="file"
          accept={scanAccept}
          data-testid="certificate-scan"
          disabled={busy}
          onChange={choose}
        />
      </label>
      <p className="admin-hint" data-testid="certificate-scan-chosen">
        {scan
          ? t('certificates.scan.chosen', { name: scan.name, size: sizeInWords(scan.size) })
          : t('certificates.scan.none')}
      </p>
      <div className="admin-actions">
        <button
          type="submit"
          className="certificate-confirm"
          disabled={busy || dateNote !== null}
          data-testid="certificate-record"
        >
          {t('certificates.form.record')}
        </button>
        <button type="button" disabled={busy} onClick={onCancel} data-testid="certificate-cancel">
          {t('certificates.form.cancel')}
        </button>
      </div>
      {busy ? <p className="admin-hint">{t('certificates.form.working')}</p> : null}
      {note ? (
        <p className="admin-message bad" role="alert" data-testid="certificate-note">
          {t(note.key, note.params)}
        </p>
      ) : null}
    </form>
  );
}
