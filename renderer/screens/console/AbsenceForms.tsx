// The forms of an open absence: the expected return (a date, or not known), a follow-up call with
// its outcome (none preselected; an outcome of 其他 needs a note saying what was learned), and
// its ending: 销假返校 only for an absence not for illness (an illness absence ends with the
// return certificate), 登记有误 with a note; either asked once more before it is done. What was
// typed stays in the form when the kiosk refuses it, with the reason.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../../contract/client';
import {
  followUpMethodSchema,
  followUpOutcomeSchema,
  type Absence,
} from '../../../contract/operations/absence-operations';
import { errorCodeOf } from '../../api/kiosk-client';
import { useConfirmTap } from '../../components/confirm-tap';
import { useSubmit } from '../../components/use-submit';
import { endChoices, followUpFrom, type FollowUpFields } from './absence-words';

/** A refusal in words: the kiosk's bad-input in this form's own words, else the error's. */
function failureKey(error: unknown, refused: string): string {
  const code = errorCodeOf(error);
  return code === 'bad-input' ? refused : `error.${code}`;
}

/** A form's save: busy while it runs, then the register is read again; a refusal is a note. */
function useAbsenceSave(onSaved: () => void, refused: string) {
  const [note, setNote] = useState<string | null>(null);
  const { busy, perform } = useSubmit();
  const save = (call: () => Promise<unknown>): Promise<void> =>
    perform(
      async () => {
        await call();
        setNote(null);
        onSaved();
      },
      (error) => setNote(failureKey(error, refused)),
    );
  return { note, setNote, busy, save };
}

export function FormNote({ note, testId }: { note: string | null; testId: string }) {
  const { t } = useTranslation();
  return note ? (
    <p className="case-form-note" role="alert" data-testid={testId}>
      {t(note)}
    </p>
  ) : null;
}

interface ExpectedReturnProps {
  client: KioskClient;
  absenceId: number;
  expectedReturn: string | null;
  onSaved: () => void;
}

export function ExpectedReturnForm({
  client,
  absenceId,
  expectedReturn,
  onSaved,
}: ExpectedReturnProps) {
  const { t } = useTranslation();
  const [value, setValue] = useState(expectedReturn ?? '');
  const { note, busy, save } = useAbsenceSave(onSaved, 'absences.expected-return.refused');
  const changed = value !== (expectedReturn ?? '');
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    void save(() =>
      client.call('setExpectedReturn', { absenceId, expectedReturn: value === '' ? null : value }),
    );
  };
  return (
    <form className="case-form" data-testid="absence-return-form" noValidate onSubmit={submit}>
      <label className="settings-field">
        <span>{t('absences.field.expected-return')}</span>
        <input
          type="date"
          value={value}
          data-testid="absence-expected-return"
          onChange={(event) => setValue(event.target.value)}
        />
      </label>
      {changed ? (
        <button type="submit" disabled={busy} data-testid="absence-expected-return-save">
          {t(value === '' ? 'absences.expected-return.clear' : 'absences.expected-return.save')}
        </button>
      ) : null}
      <FormNote note={note} testId="absence-return-note" />
    </form>
  );
}

interface FollowUpFormProps {
  client: KioskClient;
  absenceId: number;
  onSaved: () => void;
}

const emptyFollowUp: FollowUpFields = { method: 'phone', outcome: '', contact: '', note: '' };

export function FollowUpForm({ client, absenceId, onSaved }: FollowUpFormProps) {
  const { t } = useTranslation();
  const [fields, setFields] = useState<FollowUpFields>(emptyFollowUp);
  const { note, setNote, busy, save } = useAbsenceSave(onSaved, 'absences.follow-up.refused');
  const set = (name: keyof FollowUpFields, value: string) =>
    setFields((current) => ({ ...current, [name]: value }));

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const input = followUpFrom(absenceId, fields);
    if (typeof input === 'string') {
      setNote(input);
      return;
    }
    await save(async () => {
      await client.call('addAbsenceFollowUp', input);
      setFields(emptyFollowUp);
    });
  };

  return (
    <form
      className="case-form"
      data-testid="absence-follow-up-form"
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <label className="settings-field">
        <span>{t('absences.follow-up.method')}</span>
        <select
          value={fields.method}
          data-testid="absence-follow-up-method"
          onChange={(event) => set('method', event.target.value)}
        >
          {followUpMethodSchema.options.map((option) => (
            <option key={option} value={option}>
              {t(`absences.method.${option}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="settings-field">
        <span>{t('absences.follow-up.outcome')}</span>
        <select
          value={fields.outcome}
          data-testid="absence-follow-up-outcome"
          onChange={(event) => set('outcome', event.target.value)}
        >
          <option value="" disabled>
            {t('absences.follow-up.choose-outcome')}
          </option>
          {followUpOutcomeSchema.options.map((option) => (
            <option key={option} value={option}>
              {t(`absences.outcome.${option}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="settings-field">
        <span>{t('absences.follow-up.contact')}</span>
        <input
          maxLength={60}
          value={fields.contact}
          placeholder={t('absences.follow-up.contact-hint')}
          data-testid="absence-follow-up-contact"
          onChange={(event) => set('contact', event.target.value)}
        />
      </label>
      <label className="settings-field case-note">
        <span>
          {t(
            fields.outcome === 'other'
              ? 'absences.follow-up.note-needed'
              : 'absences.follow-up.note',
          )}
        </span>
        <input
          maxLength={500}
          value={fields.note}
          data-testid="absence-follow-up-note"
          onChange={(event) => set('note', event.target.value)}
        />
      </label>
      <button type="submit" disabled={busy} data-testid="absence-follow-up-add">
        {t('absences.follow-up.add')}
      </button>
      <FormNote note={note} testId="absence-follow-up-problem" />
    </form>
  );
}

interface EndFormProps {
  client: KioskClient;
  absence: Absence;
  onSaved: () => void;
}

export function EndAbsenceForm({ client, absence, onSaved }: EndFormProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const { note, setNote, busy, save } = useAbsenceSave(onSaved, 'absences.end.refused');
  const confirming = useConfirmTap();
  const choices = endChoices(absence);

  const end = (how: 'returned' | 'cancelled'): void => {
    const trimmed = text.trim();
    // Recorded in error: the note says what the error was, for whoever reads the register later.
    if (how === 'cancelled' && trimmed === '') {
      setNote('absences.end.need-note');
      return;
    }
    setNote(null);
    confirming.tap(how, () => {
      const written = trimmed || t('absences.end.returned');
      void save(() =>
        client.call('endAbsence', { absenceId: absence.id, how, note: written.slice(0, 200) }),
      );
    });
  };

  return (
    <div className="case-form case-close" data-testid="absence-end-form">
      <label className="settings-field case-note">
        <span>{t('absences.end.note')}</span>
        <input
          maxLength={200}
          value={text}
          data-testid="absence-end-note"
          onChange={(event) => {
            confirming.disarm();
            setText(event.target.value);
          }}
        />
      </label>
      {choices.map((how) => (
        <button
          key={how}
          type="button"
          disabled={busy}
          data-testid={`absence-end-${how}`}
          data-armed={confirming.armed(how) ? 'true' : undefined}
          onClick={() => end(how)}
        >
          {t(confirming.armed(how) ? `absences.end.confirm-${how}` : `absences.end.${how}`)}
        </button>
      ))}
      {absence.cause === 'other' ? null : (
        <p className="admin-hint" data-testid="absence-end-certificate-hint">
          {t('absences.end.certificate-hint')}
        </p>
      )}
      <FormNote note={note} testId="absence-end-problem" />
    </div>
  );
}
