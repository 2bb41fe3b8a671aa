// The admin's form for a new visitor appointment. Empty fields and unreadable dates are caught
// here; the document number, phone and window are judged by the kiosk, whose refusal names the
// field, and the reason is shown beside that field in words. Nothing typed is lost on a refusal.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppointmentView } from '../../../electron/contract/api';
import type { KioskClient } from '../../../electron/contract/client';
import { errorCodeOf } from '../../api/kiosk-client';
import {
  documentTypes,
  emptyDraft,
  refusedField,
  toInput,
  type DocumentType,
  type Draft,
  type FieldName,
  type Problems,
} from './appointment-form';

interface AppointmentFormProps {
  client: KioskClient;
  onCreated: (appointment: AppointmentView) => void;
}

type TextField = Exclude<FieldName, 'documentType'>;

const fieldKinds: Partial<Record<TextField, { type: string; inputMode?: 'numeric' | 'tel' }>> = {
  phone: { type: 'tel', inputMode: 'tel' },
  validFrom: { type: 'datetime-local' },
  validTo: { type: 'datetime-local' },
  entriesAllowed: { type: 'number', inputMode: 'numeric' },
};

export function AppointmentForm({ client, onCreated }: AppointmentFormProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(Date.now()));
  const [problems, setProblems] = useState<Problems>({});
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const change = (field: FieldName, value: string): void => {
    setDraft((old) => ({ ...old, [field]: value }));
    // The problem goes once the field is edited; the kiosk judges it again on sending.
    setProblems((old) => ({ ...old, [field]: undefined }));
  };

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setMessage(null);
    const checked = toInput(draft);
    if ('problems' in checked) {
      setProblems(checked.problems);
      return;
    }
    setBusy(true);
    try {
      const created = await client.call('createAppointment', checked.input);
      setDraft(emptyDraft(Date.now()));
      setProblems({});
      setMessage({ text: t('appointments.created', { name: created.visitorName }), bad: false });
      onCreated(created);
    } catch (error) {
      const refused = refusedField(error);
      const field = refused && (Object.keys(refused)[0] as FieldName | undefined);
      if (refused && field && field in draft) setProblems(refused);
      else setMessage({ text: t(`error.${errorCodeOf(error)}`), bad: true });
    } finally {
      setBusy(false);
    }
  };

  const field = (name: TextField, extra?: { maxLength?: number }): ReactNode => {
    const kind = fieldKinds[name];
    return (
      <Field name={name} problem={problems[name]}>
        <input
          type={kind?.type ?? 'text'}
          inputMode={kind?.inputMode}
          min={name === 'entriesAllowed' ? 1 : undefined}
          max={name === 'entriesAllowed' ? 1000 : undefined}
          maxLength={extra?.maxLength}
          value={draft[name]}
          aria-invalid={problems[name] ? true : undefined}
          data-testid={`appointment-${name}`}
          onChange={(event) => change(name, event.target.value)}
        />
      </Field>
    );
  };

  return (
    <form
      className="appointment-form"
      data-testid="appointment-form"
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <h2>{t('appointments.new')}</h2>
      {field('visitorName', { maxLength: 40 })}
      <Field name="documentType" problem={problems.documentType}>
        <select
          value={draft.documentType}
          data-testid="appointment-documentType"
          onChange={(event) => change('documentType', event.target.value as DocumentType)}
        >
          {documentTypes.map((type) => (
            <option key={type} value={type}>
              {t(`appointments.document.${type}`)}
            </option>
          ))}
        </select>
      </Field>
      {field('documentNumber', { maxLength: 100 })}
      {field('phone', { maxLength: 20 })}
      {field('host', { maxLength: 40 })}
      {field('reason', { maxLength: 200 })}
      {field('area', { maxLength: 40 })}
      {field('vehiclePlate', { maxLength: 12 })}
      {field('validFrom')}
      {field('validTo')}
      {field('entriesAllowed')}
      <div className="appointment-form-actions">
        <button type="submit" data-testid="appointment-create" disabled={busy}>
          {t('appointments.create')}
        </button>
        {message ? (
          <p
            className={message.bad ? 'appointment-message bad' : 'appointment-message'}
            role={message.bad ? 'alert' : 'status'}
            data-testid="appointment-message"
          >
            {message.text}
          </p>
        ) : null}
      </div>
    </form>
  );
}

function Field({
  name,
  problem,
  children,
}: {
  name: FieldName;
  problem: string | undefined;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <label className="settings-field appointment-field">
      <span>{t(`appointments.field.${name}`)}</span>
      {children}
      {problem ? (
        <span className="field-problem" role="alert" data-testid={`appointment-problem-${name}`}>
          {t(`appointments.problem.${problem}`, { defaultValue: t('error.bad-input') })}
        </span>
      ) : null}
    </label>
  );
}
