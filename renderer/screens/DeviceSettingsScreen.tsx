// Device settings for whoever installs or fixes the gate: which thermometer driver, on which
// serial path at which baud rate, its mode and calibration offset; the turnstile relay; and,
// live, what the thermometer is sending (the last raw bytes, the parsed reading, the counts of
// good and bad frames) so a wrong baud rate or driver shows at once. Saving writes the config
// file and restarts the devices; checks go on meanwhile.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RelayStatus, ThermometerStatus } from '../../contract/api';
import type { KioskClient } from '../../contract/client';
import { errorCodeOf } from '../api/kiosk-client';
import { LiveDevice } from '../components/LiveDevice';
import { UploadPanel } from '../components/UploadPanel';
import { deviceProblemWords, driverWords, thermometerDrivers } from '../display/device-words';
import {
  defaultBaud,
  fromDraft,
  modesOf,
  toDraft,
  type Draft,
  type Driver,
  type RelayDriver,
} from './device-settings-draft';
import { deviceSettingsProblem } from './device-settings-words';
import { useSubmit } from '../components/use-submit';

const pollMs = 1000;

export function DeviceSettingsScreen({ client }: { client: KioskClient }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [thermometer, setThermometer] = useState<ThermometerStatus | null>(null);
  const [relay, setRelay] = useState<RelayStatus | null>(null);
  /** `detail`: the device's or the backend's own words, kept for the tooltip and the log. */
  const [message, setMessage] = useState<{
    text: string;
    bad: boolean;
    detail?: string | null;
  } | null>(null);
  const { busy, perform } = useSubmit();

  useEffect(() => {
    let cancelled = false;
    client.call('deviceSettings', {}).then(
      (settings) => !cancelled && setDraft(toDraft(settings)),
      (error: unknown) => !cancelled && setMessage({ text: describe(error, t), bad: true }),
    );
    return () => {
      cancelled = true;
    };
  }, [client, t]);

  // Live view: events as they come, and a poll for bytes that make no reading (garbage).
  useEffect(() => {
    let cancelled = false;
    const refresh = (): void => {
      client.call('status', {}).then(
        (status) => {
          if (cancelled) return;
          setThermometer(status.thermometer);
          setRelay(status.relay);
        },
        () => undefined,
      );
    };
    refresh();
    const timer = setInterval(refresh, pollMs);
    const off = [
      client.subscribe('thermometer', (status) => setThermometer(status)),
      client.subscribe('relay', (status) => setRelay(status)),
    ];
    return () => {
      cancelled = true;
      clearInterval(timer);
      off.forEach((unsubscribe) => unsubscribe());
    };
  }, [client]);

  const save = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (!draft) return;
    const settings = fromDraft(draft);
    if (typeof settings === 'string') {
      setMessage({ text: t(settings), bad: true });
      return;
    }
    const problem = deviceSettingsProblem(t, settings);
    if (problem !== null) {
      setMessage({ text: problem, bad: true });
      return;
    }
    await perform(
      async () => {
        const saved = await client.call('saveDeviceSettings', settings);
        setDraft(toDraft(saved));
        setMessage({ text: t('settings.saved'), bad: false });
      },
      (error) => {
        setMessage({ text: describe(error, t), bad: true });
      },
    );
  };

  const testRelay = async (): Promise<void> => {
    await perform(
      async () => {
        const result = await client.call('testRelay', {});
        setMessage(
          result.ok
            ? { text: t('settings.relay.test-ok'), bad: false }
            : {
                text: t('settings.relay.test-failed', {
                  error: deviceProblemWords(t, result.problem ?? 'other'),
                }),
                detail: result.error,
                bad: true,
              },
        );
      },
      (error) => {
        setMessage({ text: describe(error, t), bad: true });
      },
    );
  };

  const set = <K extends keyof Draft>(key: K, value: Draft[K]): void =>
    setDraft((current) => current && { ...current, [key]: value });

  return (
    <div className="settings" data-testid="settings">
      <header className="settings-header">
        <h1>{t('settings.title')}</h1>
        <a href="#" data-testid="back-to-gate">
          {t('settings.back')}
        </a>
      </header>
      {draft === null ? (
        <p>{t('app.loading')}</p>
      ) : (
        <form className="settings-form" noValidate onSubmit={(event) => void save(event)}>
          <fieldset>
            <legend>{t('settings.thermometer')}</legend>
            <Field label={t('settings.driver')}>
              <select
                value={draft.driver}
                data-testid="settings-driver"
                onChange={(event) => {
                  const driver = event.target.value as Driver;
                  setDraft({ ...draft, driver, baudRate: defaultBaud[driver] || draft.baudRate });
                }}
              >
                {thermometerDrivers.map((driver) => (
                  <option key={driver} value={driver}>
                    {driverWords(t, driver)}
                  </option>
                ))}
              </select>
            </Field>
            {draft.driver === 'simulated' ? null : (
              <>
                <Field label={t('settings.path')}>
                  <input
                    value={draft.path}
                    data-testid="settings-path"
                    placeholder="/dev/ttyUSB0"
                    onChange={(event) => set('path', event.target.value)}
                  />
                </Field>
                <Field label={t('settings.baud-rate')}>
                  <input
                    inputMode="numeric"
                    value={draft.baudRate}
                    data-testid="settings-baud-rate"
                    onChange={(event) => set('baudRate', event.target.value)}
                  />
                </Field>
                <Field label={t('settings.mode')}>
                  <select
                    value={draft.mode}
                    data-testid="settings-mode"
                    onChange={(event) => set('mode', event.target.value as Draft['mode'])}
                  >
                    {modesOf(draft.driver).map((mode) => (
                      <option key={mode} value={mode}>
                        {t(`settings.mode.${mode}`)}
                      </option>
                    ))}
                  </select>
                </Field>
                {draft.driver === 'gy906' ? (
                  <Field label={t('settings.frame-length')}>
                    <select
                      value={draft.frameLength}
                      data-testid="settings-frame-length"
                      onChange={(event) => set('frameLength', event.target.value as '9' | '10')}
                    >
                      <option value="9">9</option>
                      <option value="10">{t('settings.frame-length.with-id')}</option>
                    </select>
                  </Field>
                ) : null}
                {draft.driver === 'ascii' ? (
                  <>
                    <Field label={t('settings.pattern')}>
                      <input
                        value={draft.pattern}
                        data-testid="settings-pattern"
                        placeholder={t('settings.pattern.default')}
                        onChange={(event) => set('pattern', event.target.value)}
                      />
                    </Field>
                    <Field label={t('settings.query')}>
                      <input
                        value={draft.query}
                        data-testid="settings-query"
                        onChange={(event) => set('query', event.target.value)}
                      />
                    </Field>
                  </>
                ) : null}
                <Field label={t('settings.offset')}>
                  <input
                    inputMode="decimal"
                    value={draft.offsetCelsius}
                    data-testid="settings-offset"
                    onChange={(event) => set('offsetCelsius', event.target.value)}
                  />
                </Field>
                <Field label={t('settings.no-data')}>
                  <input
                    inputMode="numeric"
                    value={draft.noDataSeconds}
                    data-testid="settings-no-data"
                    onChange={(event) => set('noDataSeconds', event.target.value)}
                  />
                </Field>
              </>
            )}
          </fieldset>
          <fieldset>
            <legend>{t('settings.relay')}</legend>
            <Field label={t('settings.driver')}>
              <select
                value={draft.relayDriver}
                data-testid="settings-relay-driver"
                onChange={(event) => set('relayDriver', event.target.value as RelayDriver)}
              >
                {(['none', 'lcus1', 'modbus'] as const).map((driver) => (
                  <option key={driver} value={driver}>
                    {t(`settings.relay.${driver}`)}
                  </option>
                ))}
              </select>
            </Field>
            {draft.relayDriver === 'none' ? null : (
              <>
                <Field label={t('settings.path')}>
                  <input
                    value={draft.relayPath}
                    data-testid="settings-relay-path"
                    placeholder="/dev/ttyUSB1"
                    onChange={(event) => set('relayPath', event.target.value)}
                  />
                </Field>
                <Field label={t('settings.baud-rate')}>
                  <input
                    inputMode="numeric"
                    value={draft.relayBaudRate}
                    onChange={(event) => set('relayBaudRate', event.target.value)}
                  />
                </Field>
                {draft.relayDriver === 'lcus1' ? (
                  <Field label={t('settings.relay.channel')}>
                    <input
                      inputMode="numeric"
                      value={draft.channel}
                      onChange={(event) => set('channel', event.target.value)}
                    />
                  </Field>
                ) : (
                  <>
                    <Field label={t('settings.relay.address')}>
                      <input
                        inputMode="numeric"
                        value={draft.address}
                        onChange={(event) => set('address', event.target.value)}
                      />
                    </Field>
                    <Field label={t('settings.relay.coil')}>
                      <input
                        inputMode="numeric"
                        value={draft.coil}
                        onChange={(event) => set('coil', event.target.value)}
                      />
                    </Field>
                  </>
                )}
                <Field label={t('settings.relay.pulse')}>
                  <input
                    inputMode="numeric"
                    value={draft.pulseMs}
                    data-testid="settings-pulse"
                    onChange={(event) => set('pulseMs', event.target.value)}
                  />
                </Field>
              </>
            )}
          </fieldset>
          <div className="settings-actions">
            <button type="submit" data-testid="settings-save" disabled={busy}>
              {t('settings.save')}
            </button>
            <button
              type="button"
              data-testid="settings-test-relay"
              disabled={busy || relay === null}
              onClick={() => void testRelay()}
            >
              {t('settings.relay.test')}
            </button>
          </div>
          {message ? (
            <p
              className={message.bad ? 'settings-message settings-message-bad' : 'settings-message'}
              role={message.bad ? 'alert' : 'status'}
              data-testid="settings-message"
              title={message.detail ?? undefined}
            >
              {message.text}
            </p>
          ) : null}
        </form>
      )}
      <div className="settings-side">
        <LiveDevice thermometer={thermometer} relay={relay} />
        <UploadPanel client={client} />
      </div>
    </div>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="settings-field">
      <span>{label}</span>
      {children}
    </label>
  );
}

/**
 * A refusal in the reader's words. The screen checks the settings itself before saving, so a
 * bad-input here is one only the backend could see; its English detail goes to the console.
 */
function describe(error: unknown, t: (key: string) => string): string {
  const code = errorCodeOf(error);
  if (error instanceof Error) console.warn('device settings:', error.message);
  return code === 'bad-input' ? t('settings.error.refused') : t(`error.${code}`);
}
