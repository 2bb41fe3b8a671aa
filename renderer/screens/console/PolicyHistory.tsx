// The policy's version history, newest first: when each took or takes effect (Beijing time),
// whether it is in effect, scheduled or replaced, its threshold and mode, and who saved it.
// Read only: versions are never edited.
import { useTranslation } from 'react-i18next';
import type { PolicyVersionView } from '../../../contract/operations/policy-operations';
import { formatBeijing } from './console-files';

export function PolicyHistory({ versions }: { versions: PolicyVersionView[] }) {
  const { t } = useTranslation();
  return (
    <section className="policy-history" aria-labelledby="policy-history-title">
      <h2 id="policy-history-title">{t('policy.history')}</h2>
      <table data-testid="policy-history">
        <thead>
          <tr>
            <th scope="col">{t('policy.history.version')}</th>
            <th scope="col">{t('policy.history.effective')}</th>
            <th scope="col">{t('policy.history.state')}</th>
            <th scope="col">{t('policy.field.feverThreshold')}</th>
            <th scope="col">{t('policy.mode')}</th>
            <th scope="col">{t('policy.history.saved-by')}</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => (
            <tr
              key={version.version}
              className={`policy-state-${version.state}`}
              data-testid={`policy-version-${version.version}`}
              data-state={version.state}
            >
              <td>{t('policy.version', { version: version.version })}</td>
              <td>{formatBeijing(version.effectiveFrom)}</td>
              <td>{t(`policy.state.${version.state}`)}</td>
              <td>{version.feverThresholdCelsius.toFixed(1)} °C</td>
              <td>{t(`policy.mode.${version.mode}`)}</td>
              <td>
                {version.savedBy ?? t(`policy.source.${version.source}`)}
                <span className="policy-saved-at">{formatBeijing(version.savedAt)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
