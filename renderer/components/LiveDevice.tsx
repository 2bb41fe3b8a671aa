// The live side of the device settings: what the thermometer is sending right now (state,
// the last raw bytes as hex and as text, the parsed and calibrated reading, good and bad
// frames) and the relay's last pulse, so a wrong driver or baud rate shows at once.
import { useTranslation } from 'react-i18next';
import type { RelayStatus, ThermometerStatus } from '../../contract/api';
import { deviceProblemWords, driverWords } from '../display/device-words';
import { formatCelsius, formatClockTime } from '../display/display-format';

export function LiveDevice({
  thermometer,
  relay,
}: {
  thermometer: ThermometerStatus | null;
  relay: RelayStatus | null;
}) {
  const { t } = useTranslation();
  if (thermometer === null) return null;
  const { lastReading, counters } = thermometer;
  const state = !thermometer.connected
    ? 'disconnected'
    : thermometer.silentSeconds !== null
      ? 'silent'
      : 'connected';
  return (
    <section className="settings-live" data-testid="settings-live" aria-live="polite">
      <h2>{t('settings.live')}</h2>
      <dl>
        <dt>{t('settings.driver')}</dt>
        <dd data-testid="live-driver">{driverWords(t, thermometer.driver)}</dd>
        <dt>{t('status.thermometer')}</dt>
        <dd
          data-testid="live-state"
          data-state={state}
          data-problem={thermometer.problem ?? ''}
          title={thermometer.error ?? undefined}
        >
          {state === 'silent'
            ? t('status.thermometer.silent', { seconds: thermometer.silentSeconds })
            : t(`status.thermometer.${state}`)}
          {thermometer.error ? ` — ${deviceProblemWords(t, thermometer.problem ?? 'other')}` : ''}
        </dd>
        <dt>{t('settings.live.bytes')}</dt>
        <dd className="settings-bytes" data-testid="live-bytes">
          {thermometer.lastBytes || t('status.none')}
          {thermometer.lastBytes ? (
            <span className="settings-text">{asText(thermometer.lastBytes)}</span>
          ) : null}
        </dd>
        <dt>{t('settings.live.reading')}</dt>
        <dd data-testid="live-reading">
          {lastReading
            ? t('settings.live.reading-value', {
                raw: formatCelsius(lastReading.rawCelsius),
                celsius: formatCelsius(lastReading.celsius),
                time: formatClockTime(lastReading.at),
              })
            : t('status.none')}
        </dd>
        <dt>{t('settings.live.frames')}</dt>
        <dd data-testid="live-counters">
          {t('settings.live.frames-value', {
            ok: counters.framesOk,
            bad: counters.badFrames,
            garbage: counters.garbageBytes,
          })}
        </dd>
        {relay ? (
          <>
            <dt>{t('status.relay')}</dt>
            <dd
              data-testid="live-relay"
              data-problem={relay.problem ?? ''}
              title={relay.error ?? undefined}
            >
              {relay.connected ? t('status.relay.ready') : t('status.relay.disconnected')}
              {relay.lastPulseAt
                ? ` — ${t(`settings.relay.last-${relay.lastResult ?? 'ok'}`)} ${formatClockTime(relay.lastPulseAt)}`
                : ''}
              {relay.error ? ` — ${deviceProblemWords(t, relay.problem ?? 'other')}` : ''}
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

/** Printable ASCII of the hex bytes, dots for the rest: an ASCII device's lines show as text. */
export function asText(hex: string): string {
  return hex
    .split(' ')
    .map((pair) => {
      const code = Number.parseInt(pair, 16);
      return code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : '·';
    })
    .join('');
}
