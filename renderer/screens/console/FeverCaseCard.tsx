// One fever case: who, the readings of the check that opened it, the follow-up timeline, and,
// while open, the forms to add an event and to close it. A closed case shows its outcome and
// takes nothing more; nothing here can change or remove an event already recorded.
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../../contract/client';
import type { CaseEvent, FeverCase } from '../../../contract/operations/case-operations';
import { displayCardText, formatCelsius } from '../../display/display-format';
import { formatDayTime } from './case-format';
import { CaseCloseForm, CaseEventForm } from './CaseForms';

interface FeverCaseCardProps {
  client: KioskClient;
  feverCase: FeverCase;
  onChanged: () => Promise<void>;
}

export function FeverCaseCard({ client, feverCase, onChanged }: FeverCaseCardProps) {
  const { t } = useTranslation();
  const { person, closed } = feverCase;
  return (
    <article
      className={closed ? 'cases-card fever-case closed' : 'cases-card fever-case'}
      data-testid="fever-case"
      data-case-id={feverCase.id}
      data-state={closed ? 'closed' : 'open'}
    >
      <header className="fever-case-header">
        <h3>
          <bdi>{person?.name ?? displayCardText(feverCase.cardText, 24)}</bdi>
          {person ? <span className="cases-muted"> · {t(`cases.kind.${person.kind}`)}</span> : null}
          {person?.className ? <span className="cases-muted"> · {person.className}</span> : null}
        </h3>
        <span className="cases-muted">
          {t('cases.opened-at', { time: formatDayTime(feverCase.openedAt) })}
        </span>
      </header>
      <ol className="fever-timeline" data-testid="case-timeline">
        {feverCase.readings.map((reading) => (
          <li key={`entry-${reading.entryId}`} className={`decision-${reading.decision}`}>
            <time>{formatDayTime(reading.at)}</time>
            <span>
              {t('cases.reading', {
                celsius: reading.celsius === null ? '—' : formatCelsius(reading.celsius),
                decision: t(`decision.${reading.decision}`),
              })}
              {reading.measuredBy ? ` · ${reading.measuredBy}` : ''}
            </span>
          </li>
        ))}
        {feverCase.events.map((event) => (
          <li key={`event-${event.id}`} data-testid="case-event" data-kind={event.kind}>
            <time>{formatDayTime(event.at)}</time>
            <span>
              <EventText event={event} /> <span className="cases-muted">· {event.recordedBy}</span>
            </span>
          </li>
        ))}
        {closed ? (
          <li className="fever-case-outcome" data-testid="case-outcome">
            <time>{formatDayTime(closed.at)}</time>
            <span>
              {t('cases.closed-with', { outcome: t(`cases.outcome.${closed.outcome}`) })}
              {closed.note ? ` — ${closed.note}` : ''}{' '}
              <span className="cases-muted">· {closed.by}</span>
            </span>
          </li>
        ) : null}
      </ol>
      {closed ? null : (
        <div className="fever-case-forms">
          <CaseEventForm client={client} caseId={feverCase.id} onSaved={onChanged} />
          <CaseCloseForm client={client} caseId={feverCase.id} onSaved={onChanged} />
        </div>
      )}
    </article>
  );
}

function EventText({ event }: { event: CaseEvent }) {
  const { t } = useTranslation();
  const label = t(`cases.event.${event.kind}`);
  const detail = [
    event.celsius === null ? null : `${formatCelsius(event.celsius)} °C`,
    event.person,
    event.method ? t(`cases.method.${event.method}`) : null,
    event.note,
  ].filter((part) => part !== null && part !== '');
  return (
    <>
      <strong>{label}</strong>
      {detail.length > 0 ? `: ${detail.join(' · ')}` : ''}
    </>
  );
}
