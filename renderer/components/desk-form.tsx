// The frame of the guard's courier and walk-in forms: the required fields and the phone are
// checked here first (the backend checks again), a failure becomes words, and what was typed is
// kept in the form's draft (desk-drafts.ts) until it is sent or cleared. The forms differ only
// in their fields, their call and what they say after it.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { normalizePhone } from '../../contract/phone-number';
import { clearDraft, draftOf, keepField } from './desk-drafts';
import { formValues, noteForFailure, type DeskNote } from './visitor-desk-notes';
import { useSubmit } from './use-submit';

/** A desk form's state; `scope` names its draft and its test ids (`<scope>-form`, …). */
export function useDeskForm(scope: string, required: readonly string[]) {
  const [note, setNote] = useState<DeskNote | null>(null);
  const { busy, perform } = useSubmit();
  // Bumped when the draft is cleared: the fields start again from the (empty) draft.
  const [generation, setGeneration] = useState(0);

  /** The form's values, or null (and says why) while a required field or the phone is wrong. */
  const valuesToSend = (event: FormEvent<HTMLFormElement>): Record<string, string> | null => {
    event.preventDefault();
    const values = formValues(event.currentTarget);
    if (required.some((name) => !values[name])) {
      setNote({ key: 'visitor-desk.required', bad: true });
      return null;
    }
    if (normalizePhone(values.phone ?? '') === null) {
      setNote({ key: 'visitor-desk.phone-invalid', bad: true });
      return null;
    }
    return values;
  };

  /** Runs the form's call, busy meanwhile; a failure is said in words. */
  const send = (call: () => Promise<void>): Promise<void> =>
    perform(call, (error) => {
      setNote(noteForFailure(error));
    });

  /** Forgets the sent draft and says `sentNote`. */
  const sent = (sentNote: DeskNote): void => {
    clearDraft(scope);
    setGeneration((count) => count + 1);
    setNote(sentNote);
  };

  const cleared = (): void => {
    setNote(null);
    setGeneration((count) => count + 1);
  };

  return { scope, note, setNote, busy, generation, valuesToSend, send, sent, cleared };
}

interface DeskFormProps {
  form: ReturnType<typeof useDeskForm>;
  title: string;
  submitLabel: string;
  onSubmit: (event: FormEvent<HTMLFormElement>) => Promise<void>;
  /** The fields, between the title and the submit button. */
  children: ReactNode;
  /** Says the note in the form's own way; a plain DeskNoteLine otherwise. */
  message?: ReactNode;
}

export function DeskForm({ form, title, submitLabel, onSubmit, children, message }: DeskFormProps) {
  const { scope } = form;
  return (
    <form
      key={form.generation}
      className="desk-form"
      data-testid={`${scope}-form`}
      noValidate
      onSubmit={(event) => void onSubmit(event)}
    >
      <h2 className="desk-title">{title}</h2>
      {children}
      <button type="submit" data-testid={`${scope}-submit`} disabled={form.busy}>
        {submitLabel}
      </button>
      <ClearDraft form={scope} onCleared={form.cleared} />
      {message ?? <DeskNoteLine note={form.note} testId={`${scope}-message`} />}
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
