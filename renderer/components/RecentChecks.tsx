// The guard's list of the latest decisions at this gate, newest first: time in the school's zone,
// who (or the card text), temperature and the decision in colour and words. Read-only: nothing
// here may change an entry — corrections are new entries made elsewhere.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { EntryView, RetestResolution } from '../../contract/api';
import { guardResolutionOf } from '../screens/gate-state';
import { formatCelsius, formatClockTime } from '../display/display-format';
import { holdOf } from '../display/gate-hold';
import { whoText } from './PersonLine';

/**
 * An exit, a retest the guard ended (家长接回 …, not a bare 拒绝), a pupil held by their status
 * (需复课证明, 居家隔离中), or the decision.
 */
function chipText(entry: EntryView, resolution: RetestResolution | null, t: TFunction): string {
  if (entry.direction === 'out') return t('recent.exit');
  if (resolution !== null) return t(`retest.resolution.${resolution}`);
  const hold = holdOf(entry);
  if (hold !== null) return t(`gate-flow.hold.${hold}`);
  return t(`decision.${entry.decision}`);
}

export function RecentChecks({ entries }: { entries: EntryView[] }) {
  const { t } = useTranslation();
  return (
    <section className="recent" data-testid="recent" aria-label={t('recent.title')}>
      <h2 className="recent-title">{t('recent.title')}</h2>
      {entries.length === 0 ? (
        <p className="recent-empty">{t('recent.empty')}</p>
      ) : (
        <div className="recent-scroll">
          <table className="recent-table">
            <thead>
              <tr>
                <th scope="col">{t('recent.time')}</th>
                <th scope="col">{t('recent.who')}</th>
                <th scope="col">{t('recent.temperature')}</th>
                <th scope="col">{t('recent.decision')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <RecentRow key={entry.id} entry={entry} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function RecentRow({ entry }: { entry: EntryView }) {
  const { t } = useTranslation();
  const resolution = guardResolutionOf(entry);
  return (
    <tr
      className={`recent-row decision-${entry.decision}`}
      data-testid="recent-row"
      data-decision={entry.decision}
      data-entry-id={entry.id}
    >
      <td className="recent-time">{formatClockTime(entry.at)}</td>
      <td className="recent-who">
        <bdi>
          {/* A refused pass has no person; its signed text means nothing to the guard. */}
          {!entry.person && entry.cardText.startsWith('GP1.')
            ? t('check.visitor-pass')
            : whoText(entry.person, entry.cardText)}
        </bdi>
      </td>
      <td className="recent-temperature" data-method={entry.temperatureMethod ?? ''}>
        {entry.temperatureCelsius === null ? '—' : formatCelsius(entry.temperatureCelsius)}
        {entry.temperatureMethod === 'manual' ? (
          <span className="recent-manual" title={entry.measuredBy ?? ''}>
            {' '}
            {t('recent.manual')} · <bdi>{entry.measuredBy}</bdi>
          </span>
        ) : null}
      </td>
      <td className="recent-decision">
        <span
          className="decision-chip"
          data-resolution={resolution ?? undefined}
          data-hold={holdOf(entry) ?? undefined}
        >
          {chipText(entry, resolution, t)}
        </span>
      </td>
    </tr>
  );
}
