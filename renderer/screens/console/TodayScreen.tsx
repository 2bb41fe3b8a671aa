// The admin's day at a glance (Beijing day): checks by hour as a bar list, counts by decision,
// visitors in and out, who is on campus now with overstays marked, denials with their reasons,
// retests nothing has ended, and the open fever cases with a link to follow them up. Read-only.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../../contract/client';
import type { TodaySummary } from '../../../contract/operations/today-operations';
import { errorCodeOf } from '../../api/kiosk-client';
import {
  displayCardText,
  formatCelsius,
  formatClockMinutes,
  formatClockTime,
} from '../../display/display-format';
import { formatDayTime, formatOverstay } from './case-format';
import { UnresolvedRetests } from './UnresolvedRetests';
import '../../styles/cases.css';

// Every call is an admin action in the audit log: refresh on new entries, but not on each one.
const minimumRefreshMs = 15_000;
const decisions = ['pass', 'deny', 'retest', 'refer'] as const;

export function TodayScreen({ client }: { client: KioskClient }) {
  const { t } = useTranslation();
  const [reload, setReload] = useState(0);
  const { today, error } = useTodaySummary(client, reload);

  if (today === null) {
    return <p role={error ? 'alert' : 'status'}>{t(error ?? 'app.loading')}</p>;
  }
  return (
    <div className="cases-page" data-testid="today">
      <header className="cases-header">
        <h1>{t('today.title', { date: today.date })}</h1>
        <button
          type="button"
          data-testid="today-refresh"
          onClick={() => setReload((count) => count + 1)}
        >
          {t('today.refresh')}
        </button>
      </header>
      {error ? <p role="alert">{t(error)}</p> : null}
      <TodayCounts today={today} />
      <div className="cases-columns">
        <ChecksByHour today={today} />
        <OnCampusNow today={today} />
        <DeniedToday today={today} />
        <UnresolvedRetests unresolved={today.unresolvedRetests} />
        <OpenCases today={today} />
      </div>
    </div>
  );
}

/**
 * The day's summary, read again on new entries (not more often than minimumRefreshMs) and when
 * `reload` changes; `error` is the last read's refusal as a translation key.
 */
function useTodaySummary(client: KioskClient, reload: number) {
  const [today, setToday] = useState<TodaySummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    let lastLoad = 0;
    const load = (): void => {
      lastLoad = Date.now();
      client.call('todaySummary', {}).then(
        (summary) => {
          if (cancelled) return;
          setToday(summary);
          setError(null);
        },
        (thrown: unknown) => !cancelled && setError(`error.${errorCodeOf(thrown)}`),
      );
    };
    load();
    const off = client.subscribe('entry-saved', () => {
      if (Date.now() - lastLoad >= minimumRefreshMs) load();
    });
    return () => {
      cancelled = true;
      off();
    };
  }, [client, reload]);
  return { today, error };
}

/** Checks by decision, visitors in and out, retests nothing has ended. */
function TodayCounts({ today }: { today: TodaySummary }) {
  const { t } = useTranslation();
  return (
    <section className="today-counts" aria-label={t('today.counts')}>
      {decisions.map((decision) => (
        <p key={decision} className={`today-count decision-${decision}`}>
          <span data-testid={`today-count-${decision}`}>{today.byDecision[decision]}</span>
          {t(`decision.${decision}`)}
        </p>
      ))}
      <p className="today-count">
        <span data-testid="today-visitors-in">{today.visitors.in}</span>
        {t('today.visitors-in')}
      </p>
      <p className="today-count">
        <span data-testid="today-visitors-out">{today.visitors.out}</span>
        {t('today.visitors-out')}
      </p>
      <p className={`today-count${today.unresolvedRetests.count > 0 ? ' overstay' : ''}`}>
        <span data-testid="today-unresolved-retests-count">{today.unresolvedRetests.count}</span>
        {t('today.unresolved-retests')}
      </p>
    </section>
  );
}

/** Checks going in, hour by hour, as bars against the busiest hour. */
function ChecksByHour({ today }: { today: TodaySummary }) {
  const { t } = useTranslation();
  const busiest = Math.max(1, ...today.byHour.map((hour) => hour.entries));
  return (
    <section className="cases-card" aria-label={t('today.by-hour')}>
      <h2>{t('today.by-hour')}</h2>
      {today.byHour.length === 0 ? <p className="cases-muted">{t('today.none')}</p> : null}
      <ul className="today-hours">
        {today.byHour.map(({ hour, entries }) => (
          <li key={hour} data-testid="today-hour" data-hour={hour}>
            <span>{`${String(hour).padStart(2, '0')}:00`}</span>
            <span className="today-bar" style={{ width: `${(entries / busiest) * 100}%` }} />
            <span>{entries}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Visitors inside now, an overstay marked. */
function OnCampusNow({ today }: { today: TodaySummary }) {
  const { t } = useTranslation();
  return (
    <section className="cases-card" aria-label={t('today.on-campus')}>
      <h2>{t('today.on-campus')}</h2>
      {today.onCampus.length === 0 ? <p className="cases-muted">{t('today.none')}</p> : null}
      <ul className="cases-list" data-testid="today-on-campus">
        {today.onCampus.map((visitor) => (
          <li
            key={visitor.appointmentId}
            className={visitor.overstayMinutes === null ? undefined : 'overstay'}
          >
            {visitor.name === null ? (
              <span className="record-erased">{t('record.erased')}</span>
            ) : (
              <bdi>{visitor.name}</bdi>
            )}{' '}
            · <bdi>{visitor.host}</bdi> · <bdi>{visitor.area}</bdi>{' '}
            <span className="cases-muted">
              {visitor.overstayMinutes === null
                ? t('cases.on-campus.until', { time: formatClockMinutes(visitor.until) })
                : t('cases.on-campus.over', {
                    time: formatOverstay(visitor.overstayMinutes, t),
                  })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Why people were denied, with the latest denials. */
function DeniedToday({ today }: { today: TodaySummary }) {
  const { t } = useTranslation();
  return (
    <section className="cases-card" aria-label={t('today.denied')}>
      <h2>{t('today.denied')}</h2>
      {today.deniedReasons.length === 0 ? <p className="cases-muted">{t('today.none')}</p> : null}
      <ul className="cases-list" data-testid="today-denied-reasons">
        {today.deniedReasons.map(({ reason, count }) => (
          <li key={reason}>
            {t(`reason.${reason}`)} <strong>{count}</strong>
          </li>
        ))}
      </ul>
      <ul className="cases-list cases-muted">
        {today.latestDenied.map((denied) => (
          <li key={denied.id}>
            {formatClockTime(denied.at)} ·{' '}
            <bdi>
              {denied.name ??
                (denied.visitorPass
                  ? t('paper.today.visitor-pass')
                  : displayCardText(denied.cardText, 24))}
            </bdi>{' '}
            · {denied.reasons.map((reason) => t(`reason.${reason}`)).join('、')}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Fever cases still open, with a link to follow them up. */
function OpenCases({ today }: { today: TodaySummary }) {
  const { t } = useTranslation();
  return (
    <section className="cases-card" aria-label={t('today.open-cases')}>
      <h2>{t('today.open-cases')}</h2>
      {today.openCases.length === 0 ? <p className="cases-muted">{t('today.none')}</p> : null}
      <ul className="cases-list" data-testid="today-open-cases">
        {today.openCases.map((feverCase) => (
          <li key={feverCase.id}>
            {formatDayTime(feverCase.openedAt)} · <bdi>{feverCase.name ?? '—'}</bdi>
            {feverCase.temperatureCelsius === null
              ? null
              : ` · ${formatCelsius(feverCase.temperatureCelsius)} °C`}
          </li>
        ))}
      </ul>
      {today.openCases.length > 0 ? (
        <a href="#admin/cases" data-testid="today-cases-link">
          {t('today.follow-up')}
        </a>
      ) : null}
    </section>
  );
}
