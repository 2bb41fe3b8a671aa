// The console's page for people at the gate who are not on the roster: walk-in requests waiting
// for an admin (newest first), the ones decided lately, and today's courier drop-offs. Document
// and phone numbers arrive masked from the backend; this page never sees a full one. Records
// the retention purge erased say so in words where their personal fields would be.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../../contract/client';
import type {
  CourierDropOffView,
  WalkInRequestView,
} from '../../../contract/operations/courier-operations';
import { errorCodeOf } from '../../api/kiosk-client';
import { formatClockTime } from '../../display/display-format';
import { WalkInDecision } from './WalkInDecision';
import '../../styles/visitor-desk.css';

const refreshMilliseconds = 10_000;
const decidedShown = 10;

interface PageData {
  pending: WalkInRequestView[];
  decided: WalkInRequestView[];
  couriers: CourierDropOffView[];
}

export function RequestsScreen({ client }: { client: KioskClient }) {
  const { t } = useTranslation();
  const [data, setData] = useState<PageData | null>(null);
  const [note, setNote] = useState<{ text: string; bad: boolean } | null>(null);

  // Bumped after a decision or on "refresh": the effect below loads the page again.
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((count) => count + 1);

  useEffect(() => {
    let stopped = false;
    const load = () =>
      loadPage(client).then(
        (loaded) => !stopped && setData(loaded),
        (error: unknown) =>
          !stopped && setNote({ text: t(`error.${errorCodeOf(error)}`), bad: true }),
      );
    void load();
    const timer = setInterval(() => void load(), refreshMilliseconds);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [client, t, version]);

  const decided = (result: { text: string; bad: boolean }) => {
    setNote(result);
    reload();
  };

  return (
    <div className="requests-page" data-testid="requests-page" data-loaded={String(data !== null)}>
      <p>
        <button type="button" onClick={reload}>
          {t('requests.refresh')}
        </button>
      </p>
      {note ? (
        <p
          className={note.bad ? 'desk-note desk-note-bad' : 'desk-note desk-note-good'}
          role={note.bad ? 'alert' : 'status'}
          data-testid="requests-note"
        >
          {note.text}
        </p>
      ) : null}
      <section>
        <h2>{t('requests.pending')}</h2>
        {data?.pending.length === 0 ? <p>{t('requests.no-pending')}</p> : null}
        {data && data.pending.length > 0 ? (
          <table className="requests-table">
            <thead>
              <tr>
                <th>{t('requests.at')}</th>
                <th>{t('requests.visitor')}</th>
                <th>
                  {t('requests.host')} / {t('requests.area')}
                </th>
                <th>{t('requests.reason')}</th>
                <th>
                  {t('requests.gate')} / {t('requests.asked-by')}
                </th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.pending.map((request) => (
                <WalkInDecision
                  key={request.id}
                  client={client}
                  request={request}
                  onDecided={decided}
                />
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      {data && data.decided.length > 0 ? (
        <section>
          <h2>{t('requests.decided')}</h2>
          <ul data-testid="decided-requests">
            {data.decided.map((request) => (
              <li key={request.id} data-state={request.state} data-purged={request.purged}>
                {formatClockTime(request.decidedAt ?? request.createdAt)}{' '}
                {request.visitorName === null ? (
                  <span className="record-erased">{t('record.erased')}</span>
                ) : (
                  <strong>{request.visitorName}</strong>
                )}{' '}
                → {request.host}{' '}
                {t('requests.decided-by', {
                  state: t(`walk-in.state.${request.state}`),
                  name: request.decidedBy ?? '',
                })}
                {request.declineReason ? ` ${request.declineReason}` : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <CourierDropOffs couriers={data?.couriers ?? null} />
    </div>
  );
}

async function loadPage(client: KioskClient): Promise<PageData> {
  const [pending, recent, couriers] = await Promise.all([
    client.call('walkInRequests', { state: 'pending', limit: 200 }),
    client.call('walkInRequests', { limit: 50 }),
    client.call('courierDropOffs', {}),
  ]);
  const decided = recent.filter((one) => one.state !== 'pending').slice(0, decidedShown);
  return { pending, decided, couriers };
}

function CourierDropOffs({ couriers }: { couriers: CourierDropOffView[] | null }) {
  const { t } = useTranslation();
  return (
    <section>
      <h2>{t('requests.couriers')}</h2>
      {couriers?.length === 0 ? <p>{t('requests.no-couriers')}</p> : null}
      {couriers && couriers.length > 0 ? (
        <table className="requests-table" data-testid="courier-drop-offs">
          <thead>
            <tr>
              <th>{t('requests.at')}</th>
              <th>{t('requests.courier')}</th>
              <th>{t('requests.phone')}</th>
              <th>{t('requests.company')}</th>
              <th>{t('requests.recipient')}</th>
              <th>{t('requests.parcels')}</th>
              <th>{t('requests.note')}</th>
              <th>
                {t('requests.gate')} / {t('requests.guard')}
              </th>
            </tr>
          </thead>
          <tbody>
            {couriers.map((drop) => (
              <tr key={drop.id} data-testid="courier-drop-off" data-purged={drop.purged}>
                <td>{formatClockTime(drop.at)}</td>
                <td>
                  {drop.courierName ?? <span className="record-erased">{t('record.erased')}</span>}
                </td>
                <td>{drop.phone ?? '—'}</td>
                <td>{drop.company}</td>
                <td>{drop.recipient ?? '—'}</td>
                <td>{drop.parcels ?? ''}</td>
                <td>{drop.note ?? ''}</td>
                <td>
                  {drop.gateId} / {drop.guardName}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
