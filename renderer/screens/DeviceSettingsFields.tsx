// The device settings form's two fieldsets, the thermometer and the turnstile relay: each shows
// only the fields its chosen driver has. They edit the draft; DeviceSettingsScreen checks and saves it.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { driverWords, thermometerDrivers } from '../display/device-words';
import {
  defaultBaud,
  modesOf,
  type Draft,
  type Driver,
  type RelayDriver,
} from './device-settings-draft';

interface FieldsProps {
  draft: Draft;
  set: <K extends keyof Draft>(key: K, value: Draft[K]) => void;
}

/** Driver, serial port, mode, frame, pattern, offset and silence limit of the thermometer. */
export function ThermometerFields({ draft, set }: FieldsProps) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('settings.thermometer')}</legend>
      <Field label={t('settings.driver')}>
        <select
          value={draft.driver}
          data-testid="settings-driver"
          onChange={(event) => {
            const driver = event.target.value as Driver;
            set('driver', driver);
            set('baudRate', defaultBaud[driver] || draft.baudRate);
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
          {draft.driver === 'ascii' ? <AsciiFields draft={draft} set={set} /> : null}
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
  );
}

/** What an ASCII thermometer's line looks like, and what to send to ask it for one. */
function AsciiFields({ draft, set }: FieldsProps) {
  const { t } = useTranslation();
  return (
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
  );
}

/** Driver, serial port and channel or coil of the turnstile relay, and its pulse. */
export function RelayFields({ draft, set }: FieldsProps) {
  const { t } = useTranslation();
  return (
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
