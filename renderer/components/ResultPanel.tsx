// The decision, big, in the lower middle of the screen: colour, icon and words together (never
// colour alone), who it is about, the temperature and the reasons in plain words. It shows what
// the log already holds — the backend writes the entry before the event reaches this panel.
// A pupil held by their roster status sees the calm hold instead of the refusal, and no reason:
// the screen faces the queue, and why someone is held is health data for the guard alone.
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntryView } from '../../contract/api';
import { formatCelsius, formatClockMinutes, secondsLeft } from '../display/display-format';
import { faceOf } from '../display/gate-hold';
import { DecisionIcon } from './DecisionIcon';
import { PersonLine } from './PersonLine';

interface ResultPanelProps {
  entry: EntryView;
  /** A retest: when the person may scan again (ms, local clock), as the backend counted it. */
  retestDueAt?: number | null;
}

export function ResultPanel({ entry, retestDueAt = null }: ResultPanelProps) {
  const { t } = useTranslation();
  const { decision } = entry;
  if (faceOf(entry) === 'hold') return <HoldPanel entry={entry} />;
  // "Temperature normal" under a green screen is noise; every other reason tells the person why.
  const reasons = decision === 'pass' ? [] : entry.reasons;

  return (
    <section
      className={`result result-${decision}`}
      data-testid="result"
      data-decision={decision}
      data-entry-id={entry.id}
      role="status"
      aria-live="assertive"
    >
      <DecisionIcon decision={decision} className="result-icon" />
      <h1 className="result-headline">{t(`check.decision.${decision}`)}</h1>
      {reasons.length > 0 ? (
        <ul className="result-reasons">
          {reasons.map((reason) => (
            <li key={reason} data-reason={reason}>
              {t(`reason.${reason}`)}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="result-details">
        <PersonLine className="result-person" person={entry.person} cardText={entry.cardText} />
        {entry.temperatureCelsius !== null ? (
          <p className="result-temperature" data-testid="result-temperature">
            {t('format.celsius', { value: formatCelsius(entry.temperatureCelsius) })}
          </p>
        ) : null}
      </div>
      {decision === 'pass' && entry.visit ? (
        // A visitor is told where to go and until when (the pass's area and end).
        <p className="result-advice" data-testid="visit-advice">
          {t('visit.go', {
            area: entry.visit.area,
            host: entry.visit.host,
            until: formatClockMinutes(entry.visit.until),
          })}
        </p>
      ) : null}
      {decision === 'retest' && retestDueAt !== null ? (
        <RetestCountdown dueAt={retestDueAt} />
      ) : decision !== 'pass' ? (
        <p className="result-advice">{t(`check.advice.${decision}`)}</p>
      ) : null}
    </section>
  );
}

/** "Please wait here; a teacher is coming": words a six-year-old understands, and no why. */
function HoldPanel({ entry }: { entry: EntryView }) {
  const { t } = useTranslation();
  return (
    <section
      className="result result-hold"
      data-testid="result"
      data-decision={entry.decision}
      data-face="hold"
      data-entry-id={entry.id}
      role="status"
      aria-live="assertive"
    >
      <DecisionIcon decision="hold" className="result-icon" />
      <h1 className="result-headline">{t('display.hold.title')}</h1>
      <p className="result-hold-line">{t('display.hold.line')}</p>
      <div className="result-details">
        <PersonLine className="result-person" person={entry.person} cardText={entry.cardText} />
      </div>
    </section>
  );
}

/** "Wait aside N s, then scan again": the person's own countdown, ticking on screen. */
function RetestCountdown({ dueAt }: { dueAt: number }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, []);
  const seconds = secondsLeft(dueAt, now);
  return (
    <p className="result-advice" data-testid="retest-come-back" data-seconds={seconds}>
      {t('check.retest.come-back', { seconds })}
    </p>
  );
}

/**
 * The few words spoken aloud for a result: the headline, and for a refusal its first reason;
 * for a hold the two calm lines on screen, never the reason (the whole queue hears it).
 */
export function spokenResult(entry: EntryView, t: TFunction): string {
  if (faceOf(entry) === 'hold') {
    return t('speech.with-reason', {
      headline: t('display.hold.title'),
      reason: t('display.hold.line'),
    });
  }
  const headline = t(`check.decision.${entry.decision}`);
  const reason = entry.reasons[0];
  if (entry.decision !== 'deny' || !reason) return headline;
  return t('speech.with-reason', { headline, reason: t(`reason.${reason}`) });
}
