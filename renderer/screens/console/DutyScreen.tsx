// The console's duty log (`#admin/duty`): who is on duty at this gate now, and the shifts
// before — guard, start, end, handover note. Read only: shifts are started and ended by the
// guard at the gate, never edited here.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OperationOutput } from '../../../contract/api';
import type { KioskClient } from '../../../contract/client';
import { errorCodeOf } from '../../api/kiosk-client';
import { formatDayTime } from './case-format';
import '../../styles/appointments.css';

type DutyLog = OperationOutput<'dutyLog'>;

const shown = 200;

export function DutyScreen({ client }: { client: KioskClient }) {
  const { t } = useTranslation();
  const [duty, setDuty] = useState<DutyLog | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    client.call('dutyLog', { limit: shown }).then(
      (found) => !cancelled && setDuty(found),
      (error: unknown) => !cancelled && setProblem(`error.${errorCodeOf(error)}`),
    );
    return () => {
      cancelled = true;
    };
  }, [client]);

  return (
    <div className="duty" data-testid="duty">
      <h1>{t('duty.title')}</h1>
      {problem ? (
        <p className="appointment-message bad" role="alert">
          {t(problem)}
        </p>
      ) : null}
      {duty ? (
        <p data-testid="duty-current">
          {duty.current
            ? t('duty.current', {
                name: duty.current.guard,
                time: formatDayTime(duty.current.startedAt),
              })
            : t('duty.nobody')}
        </p>
      ) : null}
      {duty && duty.recent.length === 0 ? <p>{t('duty.empty')}</p> : null}
      {duty && duty.recent.length > 0 ? (
        <table className="console-table">
          <thead>
            <tr>
              <th>{t('duty.column.guard')}</th>
              <th>{t('duty.column.start')}</th>
              <th>{t('duty.column.end')}</th>
              <th>{t('duty.column.note')}</th>
            </tr>
          </thead>
          <tbody>
            {duty.recent.map((shift) => (
              <tr key={shift.id} data-testid="duty-row">
                <td>{shift.guard}</td>
                <td>{formatDayTime(shift.startedAt)}</td>
                <td>{shift.endedAt ? formatDayTime(shift.endedAt) : t('duty.on-duty')}</td>
                <td className="duty-note">{shift.handoverNote ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
