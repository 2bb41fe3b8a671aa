// The guard registers a courier or delivery rider who leaves a parcel and stays outside (R7):
// a few fields, Enter submits, cleared after saving with a confirmation that names the drop-off.
// The phone is checked here first (the backend checks again); nothing typed is lost on an error,
// nor when the sheet is closed or the guard signs in meanwhile (desk-drafts.ts).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../contract/client';
import { normalizePhone } from '../../contract/phone-number';
import { formatClockTime } from '../display/display-format';
import { clearDraft, draftOf, keepField } from './desk-drafts';
import { formValues, noteForFailure, type DeskNote } from './visitor-desk-notes';
import { useSubmit } from './use-submit';

const required = ['courierName', 'phone', 'company', 'recipient'];

export function CourierForm({ client }: { client: KioskClient }) {
  const { t } = useTranslation();
  const [note, setNote] = useState<DeskNote | null>(null);
  const { busy, perform } = useSubmit();
  // Bumped when the draft is cleared: the fields start again from the (empty) draft.
  const [generation, setGeneration] = useState(0);
  const suggestions = t('couriers.company-suggestions').split(',');

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget;
    const values = formValues(form);
    if (required.some((name) => !values[name])) {
      setNote({ key: 'visitor-desk.required', bad: true });
      return;
    }
    if (normalizePhone(values.phone ?? '') === null) {
      setNote({ key: 'visitor-desk.phone-invalid', bad: true });
      return;
    }
    const parcels = values.parcels ? Number(values.parcels) : null;
    if (parcels !== null && !(Number.isInteger(parcels) && parcels >= 1 && parcels <= 999)) {
      setNote({ key: 'couriers.parcels-invalid', bad: true });
      return;
    }
    await perform(
      async () => {
        const saved = await client.call('registerCourier', {
          courierName: values.courierName ?? '',
          phone: values.phone ?? '',
          company: values.company ?? '',
          recipient: values.recipient ?? '',
          parcels,
          note: values.note || null,
        });
        clearDraft('courier');
        setGeneration((count) => count + 1);
        setNote({
          key: 'couriers.saved',
          values: {
            time: formatClockTime(saved.at),
            // Just saved, so never erased; the fallback only satisfies the contract's type.
            name: saved.courierName ?? t('record.erased'),
            company: saved.company,
            recipient: saved.recipient ?? t('record.erased'),
          },
          bad: false,
        });
      },
      (error) => {
        setNote(noteForFailure(error));
      },
    );
  };

  return (
    <form
      key={generation}
      className="desk-form"
      data-testid="courier-form"
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <h2 className="desk-title">{t('couriers.title')}</h2>
      <Field
        scope="courier"
        label={t('couriers.name')}
        name="courierName"
        maxLength={40}
        autoFocus
      />
      <Field
        scope="courier"
        label={t('couriers.phone')}
        name="phone"
        maxLength={20}
        inputMode="tel"
      />
      <Field
        scope="courier"
        label={t('couriers.company')}
        name="company"
        maxLength={40}
        list="courier-companies"
      />
      <datalist id="courier-companies">
        {suggestions.map((company) => (
          <option key={company} value={company} />
        ))}
      </datalist>
      <Field scope="courier" label={t('couriers.recipient')} name="recipient" maxLength={60} />
      <Field
        scope="courier"
        label={t('couriers.parcels')}
        name="parcels"
        maxLength={3}
        inputMode="numeric"
      />
      <Field scope="courier" label={t('couriers.note')} name="note" maxLength={200} />
      <button type="submit" data-testid="courier-submit" disabled={busy}>
        {t('couriers.submit')}
      </button>
      <ClearDraft
        form="courier"
        onCleared={() => {
          setNote(null);
          setGeneration((count) => count + 1);
        }}
      />
      <DeskNoteLine note={note} testId="courier-message" />
    </form>
  );
}

interface FieldProps {
  /** Names the field for tests: `<scope>-<name>`. */
  scope: string;
  label: string;
  name: string;
  maxLength: number;
  inputMode?: 'tel' | 'numeric' | 'text';
  list?: string;
  autoFocus?: boolean;
}

/** A text field whose value is kept in the form's draft as it is typed. */
export function Field({ scope, label, name, ...rest }: FieldProps) {
  return (
    <label className="desk-field">
      <span>{label}</span>
      <input
        name={name}
        type="text"
        autoComplete="off"
        data-testid={`${scope}-${name}`}
        defaultValue={draftOf(scope)[name] ?? ''}
        onChange={(event) => keepField(scope, name, event.target.value)}
        {...rest}
      />
    </label>
  );
}

/** Empties the form and forgets its draft: the guard starts on someone else. */
export function ClearDraft({ form, onCleared }: { form: string; onCleared: () => void }) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className="desk-clear"
      data-testid={`${form}-clear`}
      onClick={() => {
        clearDraft(form);
        onCleared();
      }}
    >
      {t('forms.desk.clear')}
    </button>
  );
}

export function DeskNoteLine({ note, testId }: { note: DeskNote | null; testId: string }) {
  const { t } = useTranslation();
  if (note === null) return null;
  return (
    <p
      className={note.bad ? 'desk-note desk-note-bad' : 'desk-note desk-note-good'}
      role={note.bad ? 'alert' : 'status'}
      data-testid={testId}
      data-bad={String(note.bad)}
    >
      {t(note.key, note.values)}
    </p>
  );
}
