// The console's audit log page (`#admin/audit`): the latest admin actions, newest first — when
// (Beijing time), a sentence of who did what with the details that matter, and from where —
// with the retention purge's runs beside them. Read-only: no operation edits or deletes either,
// and this page offers none. The recorded detail itself stays in the log, never on screen.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../../contract/client';
import { auditSentence, originWords } from './audit-words';
import { beijingTime } from './console-files';
import { RetentionPanel } from './RetentionPanel';
import { useLoaded } from './use-loaded';
import '../../styles/admin-console.css';

const shown = 200;

export function AuditScreen({ client }: { client: KioskClient }) {
  const { t } = useTranslation();
  const read = useCallback(() => client.call('auditLog', { limit: shown }), [client]);
  const { value: entries, problem, reload } = useLoaded(read);

  return (
    <div className="admin-page" data-testid="audit-screen">
      <h1>{t('console.audit.title')}</h1>
      <p className="admin-hint">{t('console.audit.hint', { count: shown })}</p>
      <div className="admin-actions">
        <button type="button" onClick={reload}>
          {t('console.audit.refresh')}
        </button>
      </div>
      {problem ? <p className="admin-message bad">{t(problem)}</p> : null}
      <RetentionPanel client={client} />
      <table className="admin-table audit-table">
        <thead>
          <tr>
            <th>{t('console.audit.when')}</th>
            <th>{t('console.audit.what')}</th>
            <th>{t('console.audit.where')}</th>
          </tr>
        </thead>
        <tbody>
          {(entries ?? []).map((entry) => (
            <tr
              key={entry.id}
              data-testid="audit-row"
              data-action={entry.action}
              data-detail={shortDetail(entry.detail)}
            >
              <td className="nowrap">{beijingTime(entry.at)}</td>
              <td>{auditSentence(t, entry)}</td>
              <td>{originWords(t, entry.origin)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A file's bytes (base64, cut short by the kiosk at 2,000 characters, so not valid JSON any
 * more) would bury the rest of the detail: any such run is shown by its first characters.
 */
export function shortDetail(detail: string | null): string {
  if (detail === null) return '';
  return detail.replace(/[A-Za-z0-9+/=]{120,}/g, (run) => `${run.slice(0, 24)}…`);
}
