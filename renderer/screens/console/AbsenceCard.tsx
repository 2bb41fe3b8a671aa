// One absence on the register: who, class, cause (with the gate's reading and a link to its fever
// case), symptoms, since when, the expected return, the follow-up calls, and marks when a call is
// due today or the person is held at the gates until a return certificate. While open it takes
// a follow-up, a new expected return, and an ending; an ended one shows how it ended.
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../../contract/client';
import type { Absence, AbsenceFollowUp } from '../../../contract/operations/absence-operations';
import { causeText } from './absence-words';
import { formatDayTime } from './case-format';
import { EndAbsenceForm, ExpectedReturnForm, FollowUpForm } from './AbsenceForms';

interface AbsenceCardProps {
  client: KioskClient;
  absence: Absence;
  onChanged: () => void;
}

export function AbsenceCard({ client, absence, onChanged }: AbsenceCardProps) {
  const { t } = useTranslation();
  const open = absence.ended === null;
  return (
    <article
      className={open ? 'cases-card absence' : 'cases-card absence ended'}
      data-testid="absence"
      data-absence-id={absence.id}
      data-cause={absence.cause}
      data-state={open ? 'open' : 'ended'}
    >
      <header className="absence-header">
        <h3>
          <bdi>{absence.person?.name ?? t('absences.erased')}</bdi>
          {absence.className ? <span className="cases-muted"> · {absence.className}</span> : null}
          <span className={`absence-cause cause-${absence.cause}`} data-testid="absence-cause">
            {causeText(t, absence)}
          </span>
        </h3>
        <AbsenceBadges absence={absence} />
      </header>
      <dl className="absence-facts">
        <dt>{t('absences.field.since')}</dt>
        <dd data-testid="absence-since">{absence.since}</dd>
        {absence.symptoms ? (
          <>
            <dt>{t('absences.field.symptoms')}</dt>
            <dd data-testid="absence-symptoms">{absence.symptoms}</dd>
          </>
        ) : null}
        {open ? null : (
          <>
            <dt>{t('absences.field.expected-return')}</dt>
            <dd>{absence.expectedReturn ?? t('absences.field.not-known')}</dd>
          </>
        )}
        {absence.note ? (
          <>
            <dt>{t('absences.field.note')}</dt>
            <dd>{absence.note}</dd>
          </>
        ) : null}
        <dt>{t('absences.field.opened')}</dt>
        <dd className="cases-muted">
          {t(`absences.source.${absence.source}`, {
            time: formatDayTime(absence.openedAt),
            by: absence.openedBy,
          })}
        </dd>
      </dl>
      {absence.feverCaseId !== null ? (
        <p>
          <a href="#admin/cases" data-testid="absence-fever-case">
            {t('absences.fever-case', { gate: absence.gateName ?? absence.gateId ?? '' })}
          </a>
        </p>
      ) : null}
      {open ? (
        <ExpectedReturnForm
          client={client}
          absenceId={absence.id}
          expectedReturn={absence.expectedReturn}
          onSaved={onChanged}
        />
      ) : null}
      <FollowUps followUps={absence.followUps} />
      {open ? (
        <div className="fever-case-forms">
          <FollowUpForm client={client} absenceId={absence.id} onSaved={onChanged} />
          <EndAbsenceForm client={client} absence={absence} onSaved={onChanged} />
        </div>
      ) : (
        <Ending absence={absence} />
      )}
    </article>
  );
}

/** Marks by word (never colour alone): a call due today, held at the gates. */
export function AbsenceBadges({ absence }: { absence: Absence }) {
  const { t } = useTranslation();
  if (absence.ended !== null) return null;
  return (
    <span className="absence-badges">
      {absence.followUpDue ? (
        <span className="absence-badge due" data-testid="absence-badge-due">
          {t('absences.badge.follow-up-due')}
        </span>
      ) : null}
      {absence.held ? (
        <a
          className="absence-badge held"
          href="#admin/certificates"
          data-testid="absence-badge-held"
          title={t('absences.badge.held-hint')}
        >
          {t('absences.badge.held')}
        </a>
      ) : null}
    </span>
  );
}

function FollowUps({ followUps }: { followUps: AbsenceFollowUp[] }) {
  const { t } = useTranslation();
  if (followUps.length === 0) return null;
  return (
    <ol className="fever-timeline" data-testid="absence-follow-ups">
      {followUps.map((followUp) => (
        <li key={followUp.id} data-testid="absence-follow-up" data-outcome={followUp.outcome}>
          <time>{formatDayTime(followUp.at)}</time>
          <span>
            <strong>{t(`absences.outcome.${followUp.outcome}`)}</strong>
            {' · '}
            {t(`absences.method.${followUp.method}`)}
            {followUp.contact ? ` · ${followUp.contact}` : ''}
            {followUp.note ? ` — ${followUp.note}` : ''}{' '}
            <span className="cases-muted">· {followUp.recordedBy}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}

function Ending({ absence }: { absence: Absence }) {
  const { t } = useTranslation();
  const { ended, certificate } = absence;
  if (ended === null) return null;
  return (
    <p className="fever-case-outcome" data-testid="absence-ending" data-how={ended.how}>
      <time className="cases-muted">{formatDayTime(ended.at)}</time>{' '}
      {t(`absences.ended.${ended.how}`)}
      {certificate?.issuer
        ? ` · ${t('absences.ended.issuer', { issuer: certificate.issuer, date: certificate.issuedOn })}`
        : ''}
      {ended.note ? ` — ${ended.note}` : ''} <span className="cases-muted">· {ended.by}</span>
    </p>
  );
}
