// The school doctor's page (`#admin/certificates`, R10): everyone the gates hold for want of a
// return-to-school certificate — first whoever a gate held today, who may be standing there
// now — a filter by name or class, the form that records the certificate and ends the hold at
// every gate, and below, the certificates recorded today with their scans.
import { useCallback, useEffect, useReducer, type Dispatch, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../../contract/client';
import type {
  AbsenceRegister,
  AwaitingCertificate,
} from '../../../contract/operations/absence-operations';
import { beijingToday } from './console-files';
import { formatDayTime } from './case-format';
import { CertificateForm } from './CertificateForm';
import {
  certificatesReducer,
  initialCertificatesState,
  sinceText,
  visibleAwaiting,
  type CertificatesAction,
  type CertificatesState,
} from './certificate-list';
import { RecordedCertificates } from './RecordedCertificates';
import { useLoaded } from './use-loaded';
import '../../styles/admin-console.css';
import '../../styles/certificates.css';

export function CertificatesScreen({ client }: { client: KioskClient }) {
  const { t } = useTranslation();
  const today = beijingToday();
  const read = useCallback(() => client.call('absenceRegister', { date: today }), [client, today]);
  const register = useLoaded(read);
  const { reload } = register;
  const [state, dispatch] = useReducer(certificatesReducer, initialCertificatesState);

  useEffect(() => {
    if (register.value === null) return;
    dispatch({
      type: 'loaded',
      held: register.value.awaitingCertificate.map((person) => person.personId),
    });
  }, [register.value]);

  // Someone held at this kiosk's own gate shows at once; the hub's gates show on 刷新.
  useEffect(
    () =>
      client.subscribe('entry-saved', (entry) => {
        if (entry.reasons.some((reason) => heldReasons.includes(reason))) reload();
      }),
    [client, reload],
  );

  if (register.value === null) {
    return (
      <p role={register.problem ? 'alert' : 'status'}>
        {t(register.problem ? readProblem(register.problem) : 'app.loading')}
      </p>
    );
  }
  return (
    <CertificatesView
      client={client}
      register={register.value}
      problem={register.problem}
      state={state}
      dispatch={dispatch}
      today={today}
      onRefresh={reload}
    />
  );
}

const heldReasons: readonly string[] = ['status-needs-certificate', 'status-isolating'];

/** A failed read in this page's words: the register is kept at the hub, by a doctor or an admin. */
function readProblem(problem: string): string {
  if (problem === 'error.at-hub') return 'certificates.at-hub';
  if (problem === 'error.forbidden') return 'certificates.forbidden';
  return problem;
}

interface CertificatesViewProps {
  client: KioskClient;
  register: AbsenceRegister;
  /** `error.<code>` of the last failed read (the list shown is the last one read). */
  problem: string | null;
  state: CertificatesState;
  dispatch: Dispatch<CertificatesAction>;
  today: string;
  onRefresh: () => void;
}

/** The page for a register read and the page's state. */
export function CertificatesView({
  client,
  register,
  problem,
  state,
  dispatch,
  today,
  onRefresh,
}: CertificatesViewProps) {
  const { t } = useTranslation();
  const people = visibleAwaiting(register.awaitingCertificate, state);
  const waiting = register.awaitingCertificate.filter(
    (person) => !state.cleared.includes(person.personId),
  ).length;
  const chosen = people.find((person) => person.personId === state.chosenId) ?? null;
  // Opened under the chosen row, where the doctor's eyes are, however long the list.
  const form = chosen ? (
    <CertificateForm
      key={chosen.personId}
      client={client}
      person={chosen}
      today={today}
      absenceSince={register.open.find((absence) => absence.id === chosen.absenceId)?.since ?? null}
      onRecorded={(person) => {
        dispatch({ type: 'recorded', personId: person.personId, name: person.name });
        // Read again: the list from the kiosk, and the certificate among today's.
        onRefresh();
      }}
      onCancel={() => dispatch({ type: 'cancel' })}
    />
  ) : null;
  return (
    <div className="admin-page certificates-page" data-testid="certificates-screen">
      <header className="admin-actions">
        <h1>{t('certificates.title')}</h1>
        <button type="button" onClick={onRefresh} data-testid="certificates-refresh">
          {t('today.refresh')}
        </button>
      </header>
      {problem ? (
        <p className="admin-message bad" role="alert">
          {t(readProblem(problem))}
        </p>
      ) : null}
      {state.message ? (
        <p className="admin-message" role="status" data-testid="certificates-message">
          {t(state.message.key, state.message.params)}
        </p>
      ) : null}
      <section className="admin-card" aria-label={t('certificates.awaiting')}>
        <h2>{t('certificates.awaiting-count', { count: waiting })}</h2>
        <label className="settings-field">
          <span>{t('certificates.filter')}</span>
          <input
            type="search"
            value={state.query}
            placeholder={t('certificates.filter-example')}
            data-testid="certificates-filter"
            onChange={(event) => dispatch({ type: 'query', text: event.target.value })}
          />
        </label>
        <AwaitingList
          people={people}
          chosenId={state.chosenId}
          form={form}
          nobody={waiting === 0 ? 'certificates.none-held' : 'certificates.none-match'}
          onChoose={(personId) => dispatch({ type: 'choose', personId })}
        />
      </section>
      <RecordedCertificates client={client} register={register} />
    </div>
  );
}

interface AwaitingListProps {
  people: AwaitingCertificate[];
  chosenId: number | null;
  /** The certificate form, shown under the chosen person. */
  form: ReactNode;
  /** What to say when nobody is listed. */
  nobody: string;
  onChoose: (personId: number) => void;
}

function AwaitingList({ people, chosenId, form, nobody, onChoose }: AwaitingListProps) {
  const { t } = useTranslation();
  if (people.length === 0) {
    return (
      <p className="admin-hint" data-testid="certificates-nobody">
        {t(nobody)}
      </p>
    );
  }
  return (
    <ul className="certificates-list" data-testid="certificates-awaiting">
      {people.map((person) => (
        <li
          key={person.personId}
          className={person.heldAt ? 'certificates-person held-today' : 'certificates-person'}
          data-testid="certificates-person"
          data-person-id={person.personId}
          data-held-today={person.heldAt ? 'true' : undefined}
        >
          <button
            type="button"
            className="certificates-choose"
            aria-pressed={person.personId === chosenId}
            onClick={() => onChoose(person.personId)}
          >
            {person.heldAt ? (
              <strong className="certificates-at-gate" data-testid="certificates-held-today">
                {t('certificates.held-today', {
                  time: formatDayTime(person.heldAt).slice(6),
                  gate: person.heldGate ?? t('certificates.a-gate'),
                })}
              </strong>
            ) : null}
            <span className="certificates-name">
              <bdi>{person.name}</bdi> · {person.className}
            </span>
            <span className="person-status">{t(`certificates.status.${person.status}`)}</span>
            {person.reason ? <span className="certificates-reason">{person.reason}</span> : null}
            {person.since && !person.reason?.includes(sinceText(person.since)) ? (
              <span className="admin-hint">
                {t('certificates.since', { since: sinceText(person.since) })}
              </span>
            ) : null}
          </button>
          {person.personId === chosenId ? form : null}
        </li>
      ))}
    </ul>
  );
}
