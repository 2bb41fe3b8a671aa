// The retention panel of the audit page: how long personal fields are kept, how many records of
// each kind the kiosk's purge has erased in all, and its latest runs (docs/admin.md "Retention").
// The kiosk's own erasing, shown beside the admins' actions. Read-only, and it holds counts only:
// the purge erased the names, so there is nothing else to show.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../../contract/client';
import type { RetentionCounts } from '../../../contract/operations/account-operations';
import { beijingTime } from './console-files';
import { useLoaded } from './use-loaded';

const shownRuns = 20;

/** The kinds in the order the panel lists them; each has a `retention.kind.<kind>` label. */
export const retentionKinds: readonly (keyof RetentionCounts)[] = [
  'entries',
  'appointments',
  'walkInRequests',
  'courierDropOffs',
  'feverCases',
  'absences',
  'returnCertificates',
];

export function RetentionPanel({ client }: { client: KioskClient }) {
  const { t } = useTranslation();
  const read = useCallback(() => client.call('retentionReport', { limit: shownRuns }), [client]);
  const { value: report, problem, reload } = useLoaded(read);

  return (
    <section className="admin-card" data-testid="retention-panel">
      <h2>{t('retention.title')}</h2>
      {report ? (
        <p className="admin-hint" data-testid="retention-days">
          {t('retention.period', { days: report.days })}
        </p>
      ) : null}
      {problem ? <p className="admin-message bad">{t(problem)}</p> : null}
      <table className="admin-table">
        <thead>
          <tr>
            <th>{t('retention.when')}</th>
            {retentionKinds.map((kind) => (
              <th key={kind}>{t(`retention.kind.${kind}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report ? (
            <tr className="retention-totals" data-testid="retention-totals">
              <th scope="row">{t('retention.total')}</th>
              {retentionKinds.map((kind) => (
                <td key={kind}>{report.totals[kind]}</td>
              ))}
            </tr>
          ) : null}
          {(report?.runs ?? []).map((run) => (
            <tr key={run.id} data-testid="retention-run">
              <td className="nowrap">
                {t('retention.run', { time: beijingTime(run.at), days: run.days })}
              </td>
              {retentionKinds.map((kind) => (
                <td key={kind}>{run.counts[kind]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {report && report.runs.length === 0 ? (
        <p className="admin-hint">{t('retention.no-runs')}</p>
      ) : null}
      <p className="admin-hint">{t('retention.hint', { count: shownRuns })}</p>
      <div className="admin-actions">
        <button type="button" onClick={reload}>
          {t('retention.refresh')}
        </button>
      </div>
    </section>
  );
}
