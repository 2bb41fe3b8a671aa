// Device settings for whoever installs or fixes the gate: which thermometer driver, on which
// serial path at which baud rate, its mode and calibration offset; the turnstile relay; and,
// live, what the thermometer is sending (the last raw bytes, the parsed reading, the counts of
// good and bad frames) so a wrong baud rate or driver shows at once. Saving writes the config
// file and restarts the devices; checks go on meanwhile. On a school hub, its gates come first.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RelayStatus, ThermometerStatus } from '../../contract/api';
import type { KioskClient } from '../../contract/client';
import { errorCodeOf } from '../api/kiosk-client';
import { LiveDevice } from '../components/LiveDevice';
import { UploadPanel } from '../components/UploadPanel';
import { deviceProblemWords } from '../display/device-words';
import { GatesPanel } from './console/GatesPanel';
import { RelayFields, ThermometerFields } from './DeviceSettingsFields';
import { fromDraft, toDraft, type Draft } from './device-settings-draft';
import { deviceSettingsProblem } from './device-settings-words';
import { useSubmit } from '../components/use-submit';

const pollMs = 1000;

/** `detail`: the device's or the backend's own words, kept for the tooltip and the log. */
interface Message {
  text: string;
  bad: boolean;
  detail?: string | null;
}

export function DeviceSettingsScreen({ client }: { client: KioskClient }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
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
  const { thermometer, relay } = useLiveDevices(client);

  const failed = (error: unknown): void => setMessage({ text: describe(error, t), bad: true });

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
    await perform(async () => {
      const saved = await client.call('saveDeviceSettings', settings);
      setDraft(toDraft(saved));
      setMessage({ text: t('settings.saved'), bad: false });
    }, failed);
  };

  const testRelay = async (): Promise<void> => {
    await perform(async () => {
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
    }, failed);
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
      <GatesPanel client={client} />
      {draft === null ? (
        <p>{t('app.loading')}</p>
      ) : (
        <form className="settings-form" noValidate onSubmit={(event) => void save(event)}>
          <ThermometerFields draft={draft} set={set} />
          <RelayFields draft={draft} set={set} />
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
          {message ? <SettingsMessage message={message} /> : null}
        </form>
      )}
      <div className="settings-side">
        <LiveDevice thermometer={thermometer} relay={relay} />
        <UploadPanel client={client} />
      </div>
    </div>
  );
}

/** What the last save or relay test said; the detail (the device's own words) as its tooltip. */
function SettingsMessage({ message }: { message: Message }) {
  return (
    <p
      className={message.bad ? 'settings-message settings-message-bad' : 'settings-message'}
      role={message.bad ? 'alert' : 'status'}
      data-testid="settings-message"
      title={message.detail ?? undefined}
    >
      {message.text}
    </p>
  );
}

/** The thermometer and relay as they are now: events as they come, and a poll. */
function useLiveDevices(client: KioskClient) {
  const [thermometer, setThermometer] = useState<ThermometerStatus | null>(null);
  const [relay, setRelay] = useState<RelayStatus | null>(null);
  // The poll is for bytes that make no reading (garbage): they send no event.
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
  return { thermometer, relay };
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
