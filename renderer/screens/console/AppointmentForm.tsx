// The admin's form for a new visitor appointment. Every problem shows at once, each beside its
// field in words: what can be seen here is found before sending, and the kiosk, which alone
// judges the document number, names every field it refuses. Nothing typed is lost on a refusal.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppointmentView } from '../../../contract/api';
import type { KioskClient } from '../../../contract/client';
import { errorCodeOf } from '../../api/kiosk-client';
import {
  documentTypes,
  emptyDraft,
  refusedFields,
  toInput,
  type DocumentType,
  type Draft,
  type FieldName,
  type Problems,
} from './appointment-form';
import { FormMessage } from '../../components/NoteLine';
import { useSubmit } from '../../components/use-submit';

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
  const { busy, perform } = useSubmit();
  const form = useRef<HTMLFormElement>(null);
  // Set on sending: the first field with a problem then gets the focus (not while typing).
  const focusFirst = useRef(false);

  useEffect(() => {
    if (!focusFirst.current) return;
    focusFirst.current = false;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [problems]);

  const showProblems = (found: Problems): void => {
    focusFirst.current = true;
    setProblems(found);
    const count = Object.keys(found).length;
    setMessage(count > 0 ? { text: t('forms.problems', { count }), bad: true } : null);
  };

  const change = (field: FieldName, value: string): void => {
    setDraft((old) => ({ ...old, [field]: value }));
    // The problem goes once the field is edited; the kiosk judges it again on sending.
    setProblems((old) => ({ ...old, [field]: undefined }));
  };

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setMessage(null);
    const checked = toInput(draft);
    showProblems(checked.problems);
    const input = checked.input;
    if (input === null) return;
    await perform(
      async () => {
        const created = await client.call('createAppointment', input);
        setDraft(emptyDraft(Date.now()));
        setProblems({});
        setMessage({ text: t('appointments.created', { name: created.visitorName }), bad: false });
        onCreated(created);
      },
      (error) => {
        // The kiosk's answer names every field it refused, the ones seen here among them.
        const refused = refusedFields(error);
        if (refused) showProblems(refused);
        else setMessage({ text: t(`error.${errorCodeOf(error)}`), bad: true });
      },
    );
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
      ref={form}
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
          aria-invalid={problems.documentType ? true : undefined}
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
        <FormMessage message={message} testId="appointment-message" />
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
