// The guard types a reading taken with a handheld or clinical thermometer: for a retest, or
// while the device is down. The entry records it as manual, with the guard's name and the
// instrument: the guard signed in at the gate when there is one (the kiosk takes the name from
// the session, so the field is hidden), else the name typed here, kept for the rest of the shift
// in this window (sessionStorage).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../contract/client';
import { CelsiusField } from './CelsiusField';
import { useSignedInGuard } from './signed-in-guard';
import { useSubmit } from './use-submit';

interface ManualReadingProps {
  client: KioskClient;
  onError: (error: unknown) => void;
}

const range = { min: 30, max: 45 };
const guardNameKey = 'kiosk.guard-name';

type Instrument = 'handheld' | 'clinical';

export function ManualReading({ client, onError }: ManualReadingProps) {
  const { t } = useTranslation();
  const [celsius, setCelsius] = useState('');
  const [guardName, setGuardName] = useState(() => readGuardName());
  const [instrument, setInstrument] = useState<Instrument>('handheld');
  const [note, setNote] = useState<{ key: string; bad: boolean } | null>(null);
  const { busy, perform } = useSubmit();
  const signedIn = useSignedInGuard();

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const value = Number.parseFloat(celsius.replace(',', '.'));
    if (!(value >= range.min && value <= range.max)) {
      setNote({ key: 'manual.out-of-range', bad: true });
      return;
    }
    const name = guardName.trim();
    if (signedIn === null && name === '') {
      setNote({ key: 'manual.name-needed', bad: true });
      return;
    }
    setNote(null);
    await perform(async () => {
      const rounded = Math.round(value * 10) / 10;
      const check = await client.call('manualReading', {
        celsius: rounded,
        ...(signedIn === null ? { guardName: name } : {}),
        instrument,
      });
      if (signedIn === null) sessionStorage.setItem(guardNameKey, name);
      setCelsius('');
      setNote({ key: check === null ? 'manual.kept' : 'manual.recorded', bad: false });
    }, onError);
  };

  return (
    <form
      className="manual-reading"
      data-testid="manual-reading"
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <h2 className="manual-title">{t('manual.title')}</h2>
      <CelsiusField
        label={t('manual.celsius')}
        range={range}
        value={celsius}
        testId="manual-celsius"
        onChange={setCelsius}
      />
      {signedIn === null ? (
        <label>
          <span>{t('manual.guard')}</span>
          <input
            type="text"
            maxLength={32}
            autoComplete="off"
            value={guardName}
            data-testid="manual-guard"
            onChange={(event) => setGuardName(event.target.value)}
          />
        </label>
      ) : (
        <p className="manual-by" data-testid="manual-by">
          {t('manual.signed-in-as', { name: signedIn.displayName })}
        </p>
      )}
      <label>
        <span>{t('manual.instrument')}</span>
        <select
          value={instrument}
          data-testid="manual-instrument"
          onChange={(event) => setInstrument(event.target.value as Instrument)}
        >
          <option value="handheld">{t('manual.instrument.handheld')}</option>
          <option value="clinical">{t('manual.instrument.clinical')}</option>
        </select>
      </label>
      <button type="submit" data-testid="manual-submit" disabled={busy}>
        {t('manual.submit')}
      </button>
      {note ? (
        <p
          className={note.bad ? 'manual-note manual-note-bad' : 'manual-note'}
          role={note.bad ? 'alert' : 'status'}
          data-testid="manual-note"
        >
          {t(note.key)}
        </p>
      ) : null}
    </form>
  );
}

function readGuardName(): string {
  try {
    return sessionStorage.getItem(guardNameKey) ?? '';
  } catch {
    return '';
  }
}
