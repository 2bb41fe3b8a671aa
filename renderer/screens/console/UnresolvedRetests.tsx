// The day's retests nothing has ended, on 今日概况: each person who waited aside for a retest and
// was neither measured again nor sent on by a guard, with how long it has been open (R3).
// Shows what the backend answered; it never counts or times anything itself.
import { useTranslation } from 'react-i18next';
import type { TodaySummary } from '../../../contract/operations/today-operations';
import { formatCelsius, formatClockTime } from '../../display/display-format';
import { formatOverstay } from './case-format';

export function UnresolvedRetests({
  unresolved,
}: {
  unresolved: TodaySummary['unresolvedRetests'];
}) {
  const { t } = useTranslation();
  const notListed = unresolved.count - unresolved.retests.length;
  return (
    <section
      className="cases-card"
      aria-label={t('today.unresolved-retests')}
      data-testid="today-unresolved-retests"
    >
      <h2>{t('today.unresolved-retests')}</h2>
      {unresolved.count === 0 ? (
        <p className="cases-muted">{t('today.none')}</p>
      ) : (
        <p className="cases-muted">{t('today.unresolved-retests.hint')}</p>
      )}
      <ul className="cases-list">
        {unresolved.retests.map((retest) => (
          <li key={retest.entryId} className="overstay" data-testid="today-unresolved-retest">
            {formatClockTime(retest.at)} ·{' '}
            {retest.name === null ? (
              <span className="record-erased">{t('record.erased')}</span>
            ) : (
              <bdi>{retest.name}</bdi>
            )}
            {retest.className ? (
              <>
                {' '}
                · <bdi>{retest.className}</bdi>
              </>
            ) : null}
            {retest.firstCelsius === null
              ? null
              : ` · ${t('today.unresolved-retests.first', { celsius: formatCelsius(retest.firstCelsius) })}`}{' '}
            ·{' '}
            {t('today.unresolved-retests.open', {
              time: formatOverstay(retest.openMinutes, t),
            })}
          </li>
        ))}
      </ul>
      {notListed > 0 ? (
        <p className="cases-muted">{t('today.unresolved-retests.more', { count: notListed })}</p>
      ) : null}
    </section>
  );
}
