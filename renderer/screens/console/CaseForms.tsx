// The two forms of an open fever case: add a follow-up event (retest reading, hand-off to the
// observation point, guardian informed, note) and close the case with an outcome the admin
// chose (none is preselected), asked once more before it is closed: a closed case takes nothing
// more. What was typed stays in the form when it is refused, with the reason.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../../contract/client';
import {
  caseEventKindSchema,
  caseOutcomeSchema,
  guardianMethodSchema,
  type NewCaseEvent,
} from '../../../contract/operations/case-operations';
import { errorCodeOf } from '../../api/kiosk-client';
import { useConfirmTap } from '../../components/confirm-tap';
import { useSubmit } from '../../components/use-submit';

type Kind = NewCaseEvent['kind'];
type Method = 'phone' | 'message' | 'in-person';
type Outcome = 'sent-home' | 'hospital' | 'cleared-returned' | 'other';

interface FormProps {
  client: KioskClient;
  caseId: number;
  onSaved: () => Promise<void>;
}

/** The event to send, or the translation key of what is missing. */
function eventFrom(
  caseId: number,
  kind: Kind,
  fields: Record<string, string>,
): NewCaseEvent | string {
  const note = fields.note?.trim() || null;
  const person = fields.person?.trim() ?? '';
  switch (kind) {
    case 'retest-reading': {
      const celsius = Math.round(Number.parseFloat(fields.celsius ?? '') * 10) / 10;
      if (!(celsius >= 30 && celsius <= 45)) return 'cases.form.need-celsius';
      return { caseId, kind, celsius, note };
    }
    case 'observation-handoff':
      return person ? { caseId, kind, person, note } : 'cases.form.need-handoff-person';
    case 'guardian-informed':
      return person
        ? { caseId, kind, person, method: (fields.method ?? 'phone') as Method, note }
        : 'cases.form.need-guardian';
    case 'note':
      return note ? { caseId, kind, note } : 'cases.form.need-note';
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

function failureKey(error: unknown): string {
  const code = errorCodeOf(error);
  return code === 'bad-input' ? 'cases.form.refused' : `error.${code}`;
}

/** A case form's save: busy while it runs, then the case is read again; a refusal is a note. */
function useCaseSave(onSaved: () => Promise<void>) {
  const [note, setNote] = useState<string | null>(null);
  const { busy, perform } = useSubmit();
  const save = (call: () => Promise<unknown>): Promise<void> =>
    perform(
      async () => {
        await call();
        setNote(null);
        await onSaved();
      },
      (error) => {
        setNote(failureKey(error));
      },
    );
  return { note, setNote, busy, save };
}

function CaseFormNote({ note }: { note: string | null }) {
  const { t } = useTranslation();
  return note ? (
    <p className="case-form-note" role="alert">
      {t(note)}
    </p>
  ) : null;
}

export function CaseEventForm({ client, caseId, onSaved }: FormProps) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind>('observation-handoff');
  const [fields, setFields] = useState<Record<string, string>>({ method: 'phone' });
  const { note, setNote, busy, save } = useCaseSave(onSaved);
  const field = (name: string) => ({
    value: fields[name] ?? '',
    onChange: (event: { target: { value: string } }) =>
      setFields((current) => ({ ...current, [name]: event.target.value })),
  });

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const input = eventFrom(caseId, kind, fields);
    if (typeof input === 'string') {
      setNote(input);
      return;
    }
    await save(async () => {
      await client.call('addFeverCaseEvent', input);
      setFields({ method: 'phone' });
    });
  };

  return (
    <form
      className="case-form"
      data-testid="case-event-form"
      noValidate
      onSubmit={(e) => void submit(e)}
    >
      <label className="settings-field">
        <span>{t('cases.form.kind')}</span>
        <select
          value={kind}
          data-testid="case-event-kind"
          onChange={(e) => setKind(e.target.value as Kind)}
        >
          {caseEventKindSchema.options.map((option) => (
            <option key={option} value={option}>
              {t(`cases.event.${option}`)}
            </option>
          ))}
        </select>
      </label>
      {kind === 'retest-reading' ? (
        <label className="settings-field">
          <span>{t('cases.form.celsius')}</span>
          <input
            type="number"
            step="0.1"
            inputMode="decimal"
            data-testid="case-celsius"
            {...field('celsius')}
          />
        </label>
      ) : null}
      {kind === 'observation-handoff' || kind === 'guardian-informed' ? (
        <label className="settings-field">
          <span>
            {t(kind === 'observation-handoff' ? 'cases.form.handed-to' : 'cases.form.guardian')}
          </span>
          <input maxLength={60} data-testid="case-person" {...field('person')} />
        </label>
      ) : null}
      {kind === 'guardian-informed' ? (
        <label className="settings-field">
          <span>{t('cases.form.method')}</span>
          <select data-testid="case-method" {...field('method')}>
            {guardianMethodSchema.options.map((option) => (
              <option key={option} value={option}>
                {t(`cases.method.${option}`)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="settings-field case-note">
        <span>{t('cases.form.note')}</span>
        <input maxLength={500} data-testid="case-note" {...field('note')} />
      </label>
      <button type="submit" disabled={busy} data-testid="case-event-add">
        {t('cases.form.add')}
      </button>
      <CaseFormNote note={note} />
    </form>
  );
}

export function CaseCloseForm({ client, caseId, onSaved }: FormProps) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [text, setText] = useState('');
  const { note, setNote, busy, save } = useCaseSave(onSaved);
  const confirming = useConfirmTap();

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const trimmed = text.trim();
    if (outcome === '') {
      setNote('forms.case.need-outcome');
      return;
    }
    if (outcome === 'other' && !trimmed) {
      setNote('cases.form.need-outcome-note');
      return;
    }
    setNote(null);
    confirming.tap('close', () => void close(outcome, trimmed));
  };

  const close = async (chosen: Outcome, trimmed: string): Promise<void> => {
    await save(() =>
      client.call('closeFeverCase', { caseId, outcome: chosen, note: trimmed || null }),
    );
  };

  return (
    <form
      className="case-form case-close"
      data-testid="case-close-form"
      noValidate
      onSubmit={submit}
    >
      <label className="settings-field">
        <span>{t('cases.form.outcome')}</span>
        <select
          value={outcome}
          data-testid="case-outcome-select"
          onChange={(e) => {
            confirming.disarm();
            setOutcome(e.target.value as Outcome | '');
          }}
        >
          <option value="" disabled>
            {t('forms.case.choose-outcome')}
          </option>
          {caseOutcomeSchema.options.map((option) => (
            <option key={option} value={option}>
              {t(`cases.outcome.${option}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="settings-field case-note">
        <span>
          {t(outcome === 'other' ? 'cases.form.outcome-note-needed' : 'cases.form.outcome-note')}
        </span>
        <input
          maxLength={200}
          value={text}
          data-testid="case-outcome-note"
          onChange={(e) => {
            confirming.disarm();
            setText(e.target.value);
          }}
        />
      </label>
      <button
        type="submit"
        disabled={busy}
        data-testid="case-close"
        data-armed={confirming.armed('close') ? 'true' : undefined}
      >
        {confirming.armed('close')
          ? t('forms.case.confirm-close', {
              outcome: outcome === '' ? '' : t(`cases.outcome.${outcome}`),
            })
          : t('cases.form.close')}
      </button>
      <CaseFormNote note={note} />
    </form>
  );
}
