// The console's appointments page (`#admin/appointments`): the form for a new one, and the
// list, newest first — or a visitor's appointments found by document or phone number — with
// approve (the kiosk records who), revoke with a reason, and the pass of an approved one. Every
// change is made by the kiosk and the list read again; the page never changes a row on its own.
// An appointment the retention purge erased shows that in words and offers no action.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppointmentView, VisitorNumberQuery } from '../../../contract/api';
import type { KioskClient } from '../../../contract/client';
import { errorCodeOf } from '../../api/kiosk-client';
import { AppointmentForm } from './AppointmentForm';
import { AppointmentSearch } from './AppointmentSearch';
import { formatWindow } from './appointment-form';
import { PassView } from './PassView';
import '../../styles/appointments.css';

const listLimit = 200;

export function AppointmentsScreen({ client }: { client: KioskClient }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<AppointmentView[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [pass, setPass] = useState<AppointmentView | null>(null);
  // A look-up in force: the list shows its answer, read again after every change like the list.
  const [query, setQuery] = useState<VisitorNumberQuery | null>(null);

  const showError = useCallback((error: unknown) => setProblem(`error.${errorCodeOf(error)}`), []);

  // Bumped after every change: the list is read again from the kiosk.
  const [version, setVersion] = useState(0);
  const load = useCallback(() => setVersion((old) => old + 1), []);

  useEffect(() => {
    let cancelled = false;
    const read =
      query === null
        ? client.call('listAppointments', { limit: listLimit })
        : client.call('findAppointments', query);
    read.then(
      (found) => !cancelled && setRows(found),
      (error: unknown) => !cancelled && showError(error),
    );
    return () => {
      cancelled = true;
    };
  }, [client, showError, version, query]);

  const act = async (action: () => Promise<unknown>): Promise<void> => {
    setProblem(null);
    try {
      await action();
      setRevoking(null);
    } catch (error) {
      showError(error);
    }
    load();
  };

  return (
    <div className="appointments" data-testid="appointments">
      <h1>{t('appointments.title')}</h1>
      <AppointmentForm client={client} onCreated={load} />
      <section className="appointment-list">
        <h2>{t(query === null ? 'appointments.list' : 'appointments.search.results')}</h2>
        <AppointmentSearch
          onSearch={(next) => {
            setProblem(null);
            setQuery(next);
          }}
        />
        {problem ? (
          <p className="appointment-message bad" role="alert" data-testid="appointments-error">
            {t(problem)}
          </p>
        ) : null}
        {rows !== null && rows.length === 0 ? (
          <p data-testid="appointments-none">
            {t(query === null ? 'appointments.empty' : 'appointments.search.none')}
          </p>
        ) : null}
        {rows !== null && rows.length > 0 ? (
          <table className="console-table">
            <thead>
              <tr>
                {['visitor', 'document', 'host', 'area', 'window', 'state', 'entries'].map((c) => (
                  <th key={c}>{t(`appointments.column.${c}`)}</th>
                ))}
                <th>{t('appointments.column.approver')}</th>
                <th>{t('appointments.column.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr
                  key={row.id}
                  data-testid="appointment-row"
                  data-state={row.state}
                  data-purged={row.purged}
                >
                  <td>
                    {row.visitorName ?? <span className="record-erased">{t('record.erased')}</span>}
                  </td>
                  <td className="appointment-document">{row.documentNumber ?? '—'}</td>
                  <td>{row.host}</td>
                  <td>{row.area}</td>
                  <td className="appointment-window">{formatWindow(row.validFrom, row.validTo)}</td>
                  <td>
                    <span className={`appointment-state state-${row.state}`}>
                      {t(`appointments.state.${row.state}`)}
                    </span>
                    {row.revokeReason ? (
                      <span className="appointment-revoke-reason">
                        {t('appointments.revoked-because', { reason: row.revokeReason })}
                      </span>
                    ) : null}
                  </td>
                  <td data-testid="appointment-entries">
                    {row.entriesUsed}/{row.entriesAllowed}
                  </td>
                  <td>{row.approvedBy ?? '—'}</td>
                  <td className="appointment-actions">
                    {revoking === row.id ? (
                      <RevokeForm
                        onCancel={() => setRevoking(null)}
                        onRevoke={(reason) =>
                          act(() => client.call('revokeAppointment', { id: row.id, reason }))
                        }
                      />
                    ) : (
                      <RowActions
                        row={row}
                        onApprove={() =>
                          void act(() => client.call('approveAppointment', { id: row.id }))
                        }
                        onRevoke={() => setRevoking(row.id)}
                        onPass={() => setPass(row)}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      {pass ? (
        <PassView
          client={client}
          appointment={pass}
          onClose={() => setPass(null)}
          onError={showError}
        />
      ) : null}
    </div>
  );
}

function RowActions(props: {
  row: AppointmentView;
  onApprove: () => void;
  onRevoke: () => void;
  onPass: () => void;
}) {
  const { t } = useTranslation();
  const { state, purged } = props.row;
  // Erased records never change again (the kiosk refuses), and have no pass to show.
  if (purged) return null;
  return (
    <>
      {state === 'requested' ? (
        <button type="button" data-testid="appointment-approve" onClick={props.onApprove}>
          {t('appointments.approve')}
        </button>
      ) : null}
      {state === 'approved' ? (
        <button type="button" data-testid="appointment-pass" onClick={props.onPass}>
          {t('appointments.show-pass')}
        </button>
      ) : null}
      {state === 'requested' || state === 'approved' ? (
        <button type="button" data-testid="appointment-revoke" onClick={props.onRevoke}>
          {t('appointments.revoke')}
        </button>
      ) : null}
    </>
  );
}

function RevokeForm(props: { onRevoke: (reason: string) => Promise<void>; onCancel: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [needed, setNeeded] = useState(false);
  return (
    <form
      className="revoke-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim() === '') setNeeded(true);
        else void props.onRevoke(reason.trim());
      }}
    >
      <label className="settings-field">
        <span>{t('appointments.revoke-reason')}</span>
        <input
          value={reason}
          maxLength={200}
          data-testid="revoke-reason"
          onChange={(event) => setReason(event.target.value)}
        />
        {needed ? (
          <span className="field-problem" role="alert">
            {t('appointments.revoke-reason-needed')}
          </span>
        ) : null}
      </label>
      <button type="submit" data-testid="revoke-confirm">
        {t('appointments.revoke-confirm')}
      </button>
      <button type="button" onClick={props.onCancel}>
        {t('appointments.cancel')}
      </button>
    </form>
  );
}
