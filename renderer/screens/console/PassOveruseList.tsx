// Under 校门 on the hub's console: visitors' passes used beyond their allowance. Gates that could
// not reach the hub each admitted the visitor by their own count (policy passesWhileHubAway
// 'admit'); the hub found the extra entry when the gate's records arrived. Listed only when
// there is one, newest first, so that the office can ask the host whether the visit was in order.
import { useTranslation } from 'react-i18next';
import type { PassOveruse } from '../../../contract/api';
import { schoolClockAt } from '../../display/hub-words';

export function PassOveruseList({ overuse, now }: { overuse: PassOveruse[]; now: number }) {
  const { t } = useTranslation();
  if (overuse.length === 0) return null;
  return (
    <section className="pass-overuse" data-testid="pass-overuse">
      <h3>{t('hub.overuse.title', { count: overuse.length })}</h3>
      <p className="admin-hint">{t('hub.overuse.hint')}</p>
      <table className="admin-table">
        <thead>
          <tr>
            <th>{t('hub.overuse.column.at')}</th>
            <th>{t('hub.overuse.column.visitor')}</th>
            <th>{t('hub.overuse.column.gate')}</th>
            <th>{t('hub.overuse.column.allowed')}</th>
          </tr>
        </thead>
        <tbody>
          {overuse.map((use) => (
            <tr
              key={use.entryId}
              data-testid="pass-overuse-row"
              data-appointment={use.appointmentId}
            >
              <td className="nowrap">{schoolClockAt(use.at, now)}</td>
              <td>{use.visitorName ?? t('hub.overuse.name-purged')}</td>
              <td className="nowrap">{use.gateId}</td>
              <td>
                {use.entriesAllowed === null
                  ? t('hub.overuse.allowed-unknown')
                  : t('hub.overuse.allowed', { count: use.entriesAllowed })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
