// The people on the roster, a page at a time, found by part of a name, card or class; ID numbers
// come masked from the kiosk. Each row shows the status, its reason, who set it and when, and
// lets the admin set a new one with a reason (the kiosk records who and when, not this page).
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../../contract/client';
import {
  settableStatusSchema,
  type PersonRecord,
  type SettableStatus,
} from '../../../contract/operations/roster-operations';
import { errorCodeOf } from '../../api/kiosk-client';
import { beijingTime } from './console-files';
import { kindName, statusName } from './roster-words';
import { useLoaded } from './use-loaded';

const pageSize = 50;
const searchPauseMs = 400;

export function PeopleList({ client, refresh }: { client: KioskClient; refresh: number }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [editing, setEditing] = useState<number | null>(null);
  // `refresh` changes after an import: the list is read again.
  const read = useCallback(
    () => client.call('listPeople', { query, limit: pageSize, offset }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- refresh is the reason to re-read
    [client, query, offset, refresh],
  );
  const { value: page, problem, reload } = useLoaded(read);

  // Searched once typing pauses: every search is an admin operation, so it is audited.
  useEffect(() => {
    const timer = setTimeout(() => {
      setQuery(typed.trim());
      setOffset(0);
    }, searchPauseMs);
    return () => clearTimeout(timer);
  }, [typed]);

  const total = page?.total ?? 0;
  return (
    <section className="admin-card" data-testid="people">
      <h2>{t('console.people.title')}</h2>
      <label className="settings-field">
        <span>{t('console.people.search')}</span>
        <input
          type="search"
          value={typed}
          maxLength={64}
          data-testid="people-search"
          onChange={(event) => setTyped(event.currentTarget.value)}
        />
      </label>
      {problem ? <p className="admin-message bad">{t(problem)}</p> : null}
      <p className="admin-hint" data-testid="people-count">
        {t('console.people.count', {
          total,
          from: total === 0 ? 0 : offset + 1,
          to: Math.min(offset + pageSize, total),
        })}
      </p>
      <table className="admin-table">
        <thead>
          <tr>
            <th>{t('console.people.card')}</th>
            <th>{t('console.people.name')}</th>
            <th>{t('console.people.kind')}</th>
            <th>{t('console.people.class')}</th>
            <th>{t('console.people.id-number')}</th>
            <th>{t('console.people.status')}</th>
            <th>{t('console.people.status-set')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(page?.people ?? []).map((person) => (
            <tr key={person.id} data-testid="person-row" data-card={person.card}>
              <td>{person.card}</td>
              <td>{person.name}</td>
              <td>{kindName(t, person.kind)}</td>
              <td>{person.className}</td>
              <td>{person.idNumber ?? ''}</td>
              <td className={`person-status status-${person.status}`} data-testid="person-status">
                {statusName(t, person.status)}
                {person.statusReason ? (
                  <span className="admin-hint"> — {person.statusReason}</span>
                ) : null}
              </td>
              <td className="admin-hint">
                {person.statusSetBy
                  ? t('console.people.set-by', {
                      who: person.statusSetBy,
                      when: beijingTime(person.statusSetAt),
                    })
                  : ''}
              </td>
              <td>
                {editing === person.id ? (
                  <StatusForm
                    client={client}
                    person={person}
                    onDone={() => {
                      setEditing(null);
                      reload();
                    }}
                  />
                ) : (
                  <button
                    type="button"
                    data-testid="person-set-status"
                    onClick={() => setEditing(person.id)}
                  >
                    {t('console.people.change-status')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="admin-actions">
        <button type="button" disabled={offset === 0} onClick={() => setOffset(offset - pageSize)}>
          {t('console.people.previous')}
        </button>
        <button
          type="button"
          disabled={offset + pageSize >= total}
          onClick={() => setOffset(offset + pageSize)}
        >
          {t('console.people.next')}
        </button>
      </div>
    </section>
  );
}

function StatusForm({
  client,
  person,
  onDone,
}: {
  client: KioskClient;
  person: PersonRecord;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const initial = settableStatusSchema.safeParse(person.status);
  const [status, setStatus] = useState<SettableStatus>(initial.success ? initial.data : 'active');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const save = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (reason.trim() === '') {
      setProblem('console.people.reason-required');
      return;
    }
    try {
      await client.call('setPersonStatus', { personId: person.id, status, reason: reason.trim() });
      onDone();
    } catch (error) {
      setProblem(`error.${errorCodeOf(error)}`);
    }
  };

  return (
    <form className="status-form" noValidate onSubmit={(event) => void save(event)}>
      <label className="settings-field">
        <span>{t('console.people.new-status')}</span>
        <select
          value={status}
          data-testid="status-choice"
          onChange={(event) => {
            const chosen = settableStatusSchema.safeParse(event.currentTarget.value);
            if (chosen.success) setStatus(chosen.data);
          }}
        >
          {settableStatusSchema.options.map((option) => (
            <option key={option} value={option}>
              {statusName(t, option)}
            </option>
          ))}
        </select>
      </label>
      <label className="settings-field">
        <span>{t('console.people.reason')}</span>
        <input
          value={reason}
          maxLength={200}
          data-testid="status-reason"
          aria-invalid={problem === 'console.people.reason-required'}
          onChange={(event) => setReason(event.currentTarget.value)}
        />
      </label>
      {problem ? (
        <p className="admin-message bad" role="alert">
          {t(problem)}
        </p>
      ) : null}
      <div className="admin-actions">
        <button type="submit" data-testid="status-save">
          {t('console.people.save-status')}
        </button>
        <button type="button" onClick={onDone}>
          {t('console.people.cancel')}
        </button>
      </div>
    </form>
  );
}
