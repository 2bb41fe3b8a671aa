// A new absence, written by the class teacher or the school doctor: find the person by part of
// the name or class or the end of the card (the guard's roster search), choose them, then the
// cause (因病 sets the hold at every gate until a return certificate; 其他 does not), symptoms,
// since when, the expected return and a note. Nothing is opened until 登记 is pressed.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { lookupQueryMaxLength, type FoundPersonView } from '../../../contract/api';
import type { KioskClient } from '../../../contract/client';
import { errorCodeOf } from '../../api/kiosk-client';
import { useSubmit } from '../../components/use-submit';
import { newAbsenceFrom, symptomsMaxLength, type NewAbsenceFields } from './absence-words';
import { FormNote } from './AbsenceForms';

interface NewAbsenceFormProps {
  client: KioskClient;
  /** The day the register shows: a new absence starts then unless changed. */
  date: string;
  onSaved: () => void;
}

/** Typing pauses this long before the search runs. */
const typingPauseMs = 300;

export function NewAbsenceForm({ client, date, onSaved }: NewAbsenceFormProps) {
  const { t } = useTranslation();
  const [person, setPerson] = useState<FoundPersonView | null>(null);
  const fresh = (): NewAbsenceFields => ({
    cause: 'illness',
    symptoms: '',
    since: date,
    expectedReturn: '',
    note: '',
  });
  const [fields, setFields] = useState<NewAbsenceFields>(fresh);
  const [note, setNote] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { busy, perform } = useSubmit();
  const set = (name: keyof NewAbsenceFields, value: string) =>
    setFields((current) => ({ ...current, [name]: value }));

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setDone(null);
    const input = newAbsenceFrom(person?.personId ?? null, fields);
    if (typeof input === 'string') {
      setNote(input);
      return;
    }
    setNote(null);
    await perform(
      async () => {
        const opened = await client.call('openAbsence', input);
        setDone(opened.person?.name ?? person?.name ?? '');
        setPerson(null);
        setFields(fresh());
        onSaved();
      },
      (error) => {
        const code = errorCodeOf(error);
        setNote(code === 'bad-input' ? 'absences.new.refused' : `error.${code}`);
      },
    );
  };

  return (
    <section className="admin-card" data-testid="absence-new">
      <h2>{t('absences.new.title')}</h2>
      {person === null ? (
        <PersonSearch client={client} onChoose={setPerson} />
      ) : (
        <p className="absence-chosen" data-testid="absence-new-person">
          <strong>{person.name}</strong> · {person.className || t(`lookup.kind.${person.kind}`)} ·{' '}
          {t('lookup.card', { card: person.maskedCard })}{' '}
          <button type="button" onClick={() => setPerson(null)}>
            {t('absences.new.change-person')}
          </button>
        </p>
      )}
      <form className="case-form" noValidate onSubmit={(event) => void submit(event)}>
        <label className="settings-field">
          <span>{t('absences.field.cause')}</span>
          <select
            value={fields.cause}
            data-testid="absence-new-cause"
            onChange={(event) => set('cause', event.target.value)}
          >
            <option value="illness">{t('absences.cause.illness')}</option>
            <option value="other">{t('absences.cause.other')}</option>
          </select>
        </label>
        <label className="settings-field case-note">
          <span>{t('absences.field.symptoms')}</span>
          <input
            maxLength={symptomsMaxLength}
            value={fields.symptoms}
            placeholder={t('absences.new.symptoms-hint')}
            data-testid="absence-new-symptoms"
            onChange={(event) => set('symptoms', event.target.value)}
          />
        </label>
        <label className="settings-field">
          <span>{t('absences.field.since')}</span>
          <input
            type="date"
            value={fields.since}
            data-testid="absence-new-since"
            onChange={(event) => set('since', event.target.value)}
          />
        </label>
        <label className="settings-field">
          <span>{t('absences.field.expected-return')}</span>
          <input
            type="date"
            value={fields.expectedReturn}
            data-testid="absence-new-return"
            onChange={(event) => set('expectedReturn', event.target.value)}
          />
        </label>
        <label className="settings-field case-note">
          <span>{t('absences.field.note')}</span>
          <input
            maxLength={500}
            value={fields.note}
            data-testid="absence-new-note"
            onChange={(event) => set('note', event.target.value)}
          />
        </label>
        <button type="submit" disabled={busy} data-testid="absence-new-open">
          {t('absences.new.open')}
        </button>
        <FormNote note={note} testId="absence-new-problem" />
      </form>
      {fields.cause === 'illness' ? (
        <p className="admin-hint">{t('absences.new.illness-hint')}</p>
      ) : null}
      {done !== null ? (
        <p className="admin-message" role="status" data-testid="absence-new-done">
          {t('absences.new.done', { name: done })}
        </p>
      ) : null}
    </section>
  );
}

interface Found {
  people: FoundPersonView[];
  more: boolean;
}

/** The roster search, as the guard's corner has it; a row is chosen rather than checked. */
function PersonSearch({
  client,
  onChoose,
}: {
  client: KioskClient;
  onChoose: (person: FoundPersonView) => void;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Answers can arrive out of order: only the latest search's answer is shown.
  const latest = useRef(0);

  useEffect(() => {
    const asked = ++latest.current;
    // An emptied search shows nothing (below) and drops any answer still on its way.
    if (query.trim() === '') return;
    const timer = setTimeout(() => {
      client.call('findPeople', { query: query.trim() }).then(
        (answer) => {
          if (asked !== latest.current) return;
          setFound(answer);
          setProblem(null);
        },
        (error: unknown) => asked === latest.current && setProblem(`error.${errorCodeOf(error)}`),
      );
    }, typingPauseMs);
    return () => clearTimeout(timer);
  }, [client, query]);
  const shown = query.trim() === '' ? null : found;

  return (
    <div className="absence-search" role="search">
      <label className="settings-field">
        <span>{t('absences.new.find')}</span>
        <input
          type="search"
          value={query}
          maxLength={lookupQueryMaxLength}
          autoComplete="off"
          spellCheck={false}
          placeholder={t('absences.new.find-hint')}
          data-testid="absence-new-find"
          onChange={(event) => setQuery(event.target.value)}
        />
      </label>
      <FormNote note={problem} testId="absence-new-find-problem" />
      {shown !== null && shown.people.length === 0 ? (
        <p className="cases-muted">{t('lookup.none')}</p>
      ) : null}
      {shown !== null && shown.people.length > 0 ? (
        <ul className="absence-found">
          {shown.people.map((one) => (
            <li key={one.personId}>
              <button
                type="button"
                data-testid="absence-new-found"
                data-person-id={one.personId}
                onClick={() => onChoose(one)}
              >
                <strong>{one.name}</strong> · {one.className || t(`lookup.kind.${one.kind}`)} ·{' '}
                {t('lookup.card', { card: one.maskedCard })}
                {one.status === 'active' ? '' : ` · ${t(`gate-flow.status.${one.status}`)}`}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {shown?.more ? (
        <p className="cases-muted">{t('lookup.more', { count: String(shown.people.length) })}</p>
      ) : null}
    </div>
  );
}
