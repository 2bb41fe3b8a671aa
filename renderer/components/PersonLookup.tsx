// The guard's search for someone who forgot their card, in the guard's corner: part of a name or
// class, the end of a card or of an ID number, then 开始核验 starts that person's check under the
// guard's name (lookupCheck). Shown only while a guard or an admin is signed in at this window.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { lookupQueryMaxLength, type FoundPersonView } from '../../contract/api';
import type { KioskClient } from '../../contract/client';
import { errorCodeOf } from '../api/kiosk-client';
import { ToneNoteLine, type ToneNote } from './NoteLine';
import { useSignedInGuard } from './signed-in-guard';
import { useSubmit } from './use-submit';
import '../styles/person-lookup.css';

interface PersonLookupProps {
  client: KioskClient;
}

/** Typing pauses this long before the search runs (an on-screen keyboard types slowly). */
const typingPauseMs = 300;

interface Found {
  people: FoundPersonView[];
  more: boolean;
}

export function PersonLookup({ client }: PersonLookupProps) {
  const actor = useSignedInGuard();
  if (actor === null) return null;
  // Keyed by the account: the next guard never sees the last guard's search.
  return <LookupForm key={actor.username} client={client} />;
}

function LookupForm({ client }: PersonLookupProps) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [note, setNote] = useState<ToneNote | null>(null);
  const { busy, perform } = useSubmit();
  // Answers can arrive out of order: only the latest search's answer is shown.
  const latest = useRef(0);

  const search = useCallback(
    async (text: string): Promise<void> => {
      const asked = ++latest.current;
      if (text.trim() === '') {
        setFound(null);
        return;
      }
      try {
        const answer = await client.call('findPeople', { query: text });
        if (asked === latest.current) setFound(answer);
      } catch (error) {
        if (asked !== latest.current) return;
        setFound(null);
        setNote({ key: `error.${errorCodeOf(error)}`, tone: 'problem' });
      }
    },
    [client],
  );

  useEffect(() => {
    const timer = setTimeout(() => void search(query), typingPauseMs);
    return () => clearTimeout(timer);
  }, [query, search]);

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    void search(query);
  };

  const start = async (person: FoundPersonView): Promise<void> => {
    setNote(null);
    await perform(
      async () => {
        await client.call('lookupCheck', { personId: person.personId });
        latest.current += 1;
        setQuery('');
        setFound(null);
        setNote({ key: 'lookup.started', params: { name: person.name }, tone: 'done' });
      },
      (error) => setNote({ key: `error.${errorCodeOf(error)}`, tone: 'problem' }),
    );
  };

  return (
    <section className="person-lookup" data-testid="person-lookup">
      <form className="person-lookup-form" role="search" noValidate onSubmit={submit}>
        <label className="person-lookup-label">
          <span>{t('lookup.title')}</span>
          <input
            type="search"
            value={query}
            maxLength={lookupQueryMaxLength}
            autoComplete="off"
            spellCheck={false}
            enterKeyHint="search"
            placeholder={t('lookup.placeholder')}
            data-testid="person-lookup-input"
            onChange={(event) => {
              setQuery(event.target.value);
              setNote(null);
            }}
          />
        </label>
        <button type="submit" data-testid="person-lookup-submit">
          {t('lookup.search')}
        </button>
      </form>
      <ToneNoteLine note={note} className="person-lookup-note" testId="person-lookup-note" />
      {found ? (
        <Results found={found} busy={busy} onStart={(person) => void start(person)} />
      ) : null}
    </section>
  );
}

interface ResultsProps {
  found: Found;
  busy: boolean;
  onStart: (person: FoundPersonView) => void;
}

function Results({ found, busy, onStart }: ResultsProps) {
  const { t } = useTranslation();
  if (found.people.length === 0) {
    return (
      <p className="person-lookup-empty" data-testid="person-lookup-none">
        {t('lookup.none')}
      </p>
    );
  }
  return (
    <>
      <ul className="person-lookup-results" aria-label={t('lookup.results')}>
        {found.people.map((person) => (
          <li
            key={person.personId}
            className="person-lookup-row"
            data-testid="person-lookup-row"
            data-person-id={person.personId}
            data-status={person.status}
          >
            <span className="person-lookup-who">
              <span className="person-lookup-name">{person.name}</span>
              <span className="person-lookup-detail">
                {person.className || t(`lookup.kind.${person.kind}`)}
                {' · '}
                {t('lookup.card', { card: person.maskedCard })}
              </span>
            </span>
            {person.status === 'active' ? null : (
              <span className="person-lookup-status" data-testid="person-lookup-status">
                {t(`gate-flow.status.${person.status}`)}
              </span>
            )}
            <button
              type="button"
              className="person-lookup-start"
              data-testid="person-lookup-start"
              disabled={busy}
              onClick={() => onStart(person)}
            >
              {t('lookup.start')}
            </button>
          </li>
        ))}
      </ul>
      {found.more ? (
        <p className="person-lookup-more" data-testid="person-lookup-more">
          {t('lookup.more', { count: String(found.people.length) })}
        </p>
      ) : null}
    </>
  );
}
