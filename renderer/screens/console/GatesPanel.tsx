// 校门, on the hub's console only (status.gates is there on the hub alone): each gate with its
// last contact (a gate silent for more than two minutes is marked, by word and colour), its
// thermometer and relay, its records not yet at the hub and not yet at the district (or that the
// hub uploads them), its version, whether it was revoked, and what the hub noticed about it (a
// restore from a backup: records the gate sends again, or changes made at the hub that were
// lost). Under them, visitors' passes the hub found used beyond their allowance. Read again every
// few seconds, like the upload panel beside it.
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HubGate, PassOveruse } from '../../../contract/api';
import type { KioskClient } from '../../../contract/client';
import { ageWords, gateDeviceWords, schoolClockAt } from '../../display/hub-words';
import '../../styles/admin-console.css';
import { PassOveruseList } from './PassOveruseList';

/** A gate asks the hub for changes at least this often; longer is a gate gone quiet. */
export const silentAfterMs = 2 * 60_000;
const refreshMs = 5000;

export function GatesPanel({ client }: { client: KioskClient }) {
  const seen = useHubGates(client);
  // Not the hub (a single kiosk, a gate): nothing to list.
  if (seen === null) return null;
  return <GatesList gates={seen.gates} overuse={seen.overuse} now={seen.now} />;
}

interface HubSeen {
  gates: HubGate[];
  overuse: PassOveruse[];
  now: number;
}

/** The hub's gates as status reports them, and when they were read; null when not a hub. */
function useHubGates(client: KioskClient): HubSeen | null {
  const [seen, setSeen] = useState<HubSeen | null>(null);
  useEffect(() => {
    let cancelled = false;
    const refresh = (): void => {
      client.call('status', {}).then(
        (status) => {
          if (cancelled) return;
          setSeen(
            status.gates === undefined
              ? null
              : { gates: status.gates, overuse: status.passOveruse ?? [], now: Date.now() },
          );
        },
        // The settings screen's own poll shows a backend that does not answer.
        () => undefined,
      );
    };
    refresh();
    const timer = setInterval(refresh, refreshMs);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [client]);
  return seen;
}

/** True when a gate still enrolled has not asked for more than silentAfterMs (or never). */
export function isSilent(gate: HubGate, now: number): boolean {
  if (gate.revokedAt !== null) return false;
  if (gate.lastContactAt === null) return true;
  return now - Date.parse(gate.lastContactAt) > silentAfterMs;
}

export function GatesList({
  gates,
  overuse = [],
  now,
}: {
  gates: HubGate[];
  overuse?: PassOveruse[];
  now: number;
}) {
  const { t } = useTranslation();
  return (
    <section className="gates-panel" data-testid="gates-panel" aria-label={t('hub.gates.title')}>
      <h2>{t('hub.gates.title')}</h2>
      <p className="admin-hint">{t('hub.gates.hint')}</p>
      {gates.length === 0 ? (
        <p className="admin-hint">{t('hub.gates.none')}</p>
      ) : (
        <table className="admin-table">
          <thead>
            <tr>
              <th>{t('hub.gates.column.gate')}</th>
              <th>{t('hub.gates.column.contact')}</th>
              <th>{t('hub.gates.column.thermometer')}</th>
              <th>{t('hub.gates.column.relay')}</th>
              <th>{t('hub.gates.column.hub-waiting')}</th>
              <th>{t('hub.gates.column.district-waiting')}</th>
              <th>{t('hub.gates.column.version')}</th>
            </tr>
          </thead>
          {gates.map((gate) => (
            <GateRows key={gate.id} gate={gate} now={now} />
          ))}
        </table>
      )}
      <PassOveruseList overuse={overuse} now={now} />
    </section>
  );
}

/**
 * What the hub noticed, in the office's words, with when: records the gate sends again (how many,
 * and once the hub holds them all, that they are back), or changes made here that were lost.
 */
function noticeWords(t: TFunction, gate: HubGate, now: number): string {
  const notice = gate.notice;
  if (notice === null) return '';
  const time = schoolClockAt(notice.at, now);
  if (notice.code === 'changes-restored') return t('hub.notice.changes-restored', { time });
  const count = notice.gateHad - notice.hubHas;
  return gate.receivedThrough >= notice.gateHad
    ? t('hub.notice.records-restored-done', { time, count })
    : t('hub.notice.records-restored', { time, count });
}

/** One gate: its row, and under it what the hub noticed, when it noticed something. */
function GateRows({ gate, now }: { gate: HubGate; now: number }) {
  const { t } = useTranslation();
  const silent = isSilent(gate, now);
  const revoked = gate.revokedAt !== null;
  const { health } = gate;
  const unknown = t('hub.gates.no-health');
  return (
    <tbody
      className={revoked ? 'gate-revoked' : silent ? 'gate-silent' : undefined}
      data-testid="hub-gate"
      data-gate={gate.id}
      data-silent={String(silent)}
      data-revoked={String(revoked)}
    >
      <tr>
        <td className="nowrap">
          <strong>{gate.id}</strong>
          {revoked ? (
            <span className="gate-mark" data-testid="gate-revoked">
              {t('hub.gates.revoked', { time: schoolClockAt(gate.revokedAt ?? '', now) })}
            </span>
          ) : null}
        </td>
        <td className="nowrap" data-testid="gate-contact">
          {gate.lastContactAt === null
            ? t('hub.gates.never')
            : ageWords(t, gate.lastContactAt, now, { seconds: true })}
          {silent ? (
            <span className="gate-mark" data-testid="gate-silent">
              {t('hub.gates.silent')}
            </span>
          ) : null}
        </td>
        <td>{health ? gateDeviceWords(t, health.thermometer) : unknown}</td>
        <td>{health ? gateDeviceWords(t, health.relay) : unknown}</td>
        <td data-testid="gate-hub-waiting">{health ? health.hubWaiting : unknown}</td>
        <td data-testid="gate-district-waiting">
          {health === null
            ? unknown
            : health.districtWaiting === null
              ? t('hub.gates.by-hub')
              : health.districtWaiting}
        </td>
        <td className="nowrap">{health ? health.version : unknown}</td>
      </tr>
      {gate.notice ? (
        <tr>
          <td
            colSpan={7}
            className="gate-notice"
            role="note"
            data-testid="gate-notice"
            data-code={gate.notice.code}
            // The numbers as the hub has them, for whoever is asked to help.
            title={`gate ${gate.notice.gateHad}, hub ${gate.notice.hubHas}`}
          >
            {noticeWords(t, gate, now)}
          </td>
        </tr>
      ) : null}
    </tbody>
  );
}
