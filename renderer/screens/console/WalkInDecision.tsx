// One walk-in request waiting for the admin (谁审核、谁负责): who asked at which gate, for whom
// and why, with the document number masked; approve — until the valid-to shown, two hours
// from now unless changed — or decline with a reason, which the guard sees. A request the
// retention purge erased (the kiosk lists none as pending) shows that and offers no decision.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../../contract/client';
import type { WalkInRequestView } from '../../../contract/operations/courier-operations';
import { errorCodeOf } from '../../api/kiosk-client';
import { formatClockTime } from '../../display/display-format';
import { useSubmit } from '../../components/use-submit';

interface WalkInDecisionProps {
  client: KioskClient;
  request: WalkInRequestView;
  onDecided: (note: { text: string; bad: boolean }) => void;
}

const defaultHours = 2;

export function WalkInDecision({ client, request, onDecided }: WalkInDecisionProps) {
  const { t } = useTranslation();
  const [validTo, setValidTo] = useState(() => localInputValue(Date.now() + defaultHours * 3.6e6));
  const [reason, setReason] = useState('');
  const { busy, perform } = useSubmit();

  const decide = async (approve: boolean): Promise<void> => {
    if (!approve && reason.trim() === '') {
      onDecided({ text: t('requests.decline-reason-needed'), bad: true });
      return;
    }
    const until = Date.parse(validTo);
    await perform(
      async () => {
        if (approve) {
          await client.call('approveWalkIn', {
            id: request.id,
            ...(Number.isNaN(until) ? {} : { validTo: new Date(until).toISOString() }),
          });
        } else {
          await client.call('declineWalkIn', { id: request.id, reason: reason.trim() });
        }
        const key = approve ? 'requests.approved' : 'requests.declined';
        onDecided({
          text: t(key, { name: request.visitorName ?? t('record.erased') }),
          bad: false,
        });
      },
      (error) => {
        onDecided({ text: t(`error.${errorCodeOf(error)}`), bad: true });
      },
    );
  };

  return (
    <tr data-testid="pending-request" data-id={request.id} data-purged={request.purged}>
      <td>{formatClockTime(request.createdAt)}</td>
      <td>
        {request.visitorName === null ? (
          <span className="record-erased">{t('record.erased')}</span>
        ) : (
          <strong>{request.visitorName}</strong>
        )}
        <br />
        {t(`walk-in.document.${request.documentType}`)} {request.documentNumber ?? '—'}
        <br />
        {request.phone ?? '—'}
      </td>
      <td>
        {request.host}
        <br />
        {request.area}
      </td>
      <td>{request.reason}</td>
      <td>
        {request.gateId}
        <br />
        {request.requestedBy}
      </td>
      <td>
        {request.purged ? null : (
          <div className="request-actions">
            <label>
              <span>{t('requests.valid-to')}</span>
              <input
                type="datetime-local"
                value={validTo}
                data-testid="request-valid-to"
                onChange={(event) => setValidTo(event.target.value)}
              />
            </label>
            <button
              type="button"
              disabled={busy}
              data-testid="request-approve"
              onClick={() => void decide(true)}
            >
              {t('requests.approve')}
            </button>
            <label>
              <span>{t('requests.decline-reason')}</span>
              <input
                value={reason}
                maxLength={200}
                data-testid="request-decline-reason"
                onChange={(event) => setReason(event.target.value)}
              />
            </label>
            <button
              type="button"
              disabled={busy}
              data-testid="request-decline"
              onClick={() => void decide(false)}
            >
              {t('requests.decline')}
            </button>
          </div>
        )}
      </td>
    </tr>
  );
}

/** A time as a datetime-local input wants it: this computer's wall clock, to the minute. */
function localInputValue(time: number): string {
  const date = new Date(time);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(
    date.getHours(),
  )}:${pad(date.getMinutes())}`;
}
