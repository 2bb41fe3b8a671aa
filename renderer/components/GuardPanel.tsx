// The guard's controls beside the gate screen: cancel the pending check, type a reading from a
// handheld or clinical thermometer, open the device settings, and, only while the thermometer
// is simulated, buttons that feed it a reading so the kiosk can be tried without a device. It
// must never offer the simulator when a real thermometer is connected.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../contract/client';
import { formatCelsius } from '../display/display-format';
import { CelsiusField } from './CelsiusField';
import { GuardShift } from './GuardShift';
import { GuardGateFlow } from './GuardGateFlow';
import { ManualReading } from './ManualReading';
import { OnCampusVisitors } from './OnCampusVisitors';
import { PersonLookup } from './PersonLookup';
import { RetestQueue } from './RetestQueue';
import { VisitorDesk } from './VisitorDesk';
import { useSubmit } from './use-submit';

interface GuardPanelProps {
  client: KioskClient;
  hasPendingCheck: boolean;
  simulated: boolean;
  onCancelled: () => void;
  onError: (error: unknown) => void;
}

const presetReadings = [36.5, 37.8];
const simulatedRange = { min: 20, max: 45 };

export function GuardPanel({ client, hasPendingCheck, simulated, ...handlers }: GuardPanelProps) {
  const { t } = useTranslation();
  const { busy, perform } = useSubmit();

  const cancel = async (): Promise<void> => {
    await perform(async () => {
      const { cancelled } = await client.call('cancelCheck', {});
      if (cancelled) handlers.onCancelled();
    }, handlers.onError);
  };

  return (
    <section className="guard-panel" data-testid="guard-panel" aria-label={t('guard.title')}>
      <button
        type="button"
        className="guard-cancel"
        data-testid="cancel-check"
        disabled={!hasPendingCheck || busy}
        onClick={() => void cancel()}
      >
        {t('guard.cancel')}
      </button>
      <RetestQueue client={client} onError={handlers.onError} />
      <VisitorDesk client={client} />
      <GuardShift client={client} onError={handlers.onError} />
      <PersonLookup client={client} />
      <GuardGateFlow client={client} onError={handlers.onError} />
      <OnCampusVisitors client={client} onError={handlers.onError} />
      <ManualReading client={client} onError={handlers.onError} />
      {simulated ? <Simulator client={client} onError={handlers.onError} /> : null}
      <div className="guard-links">
        <button
          type="button"
          data-testid="guard-upload-now"
          onClick={() => void client.call('uploadNow', {}).catch(handlers.onError)}
        >
          {t('upload.now')}
        </button>
        <a className="guard-settings" href="#settings" data-testid="open-settings">
          {t('settings.open')}
        </a>
      </div>
    </section>
  );
}

function Simulator({
  client,
  onError,
}: {
  client: KioskClient;
  onError: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const [custom, setCustom] = useState('36.9');
  const [note, setNote] = useState<string | null>(null);

  const measure = async (celsius: number): Promise<void> => {
    if (!(celsius >= simulatedRange.min && celsius <= simulatedRange.max)) {
      setNote('simulator.out-of-range');
      return;
    }
    setNote(null);
    try {
      const { accepted } = await client.call('simulateReading', { celsius });
      if (!accepted) setNote('simulator.rejected');
    } catch (error) {
      onError(error);
    }
  };

  const submitCustom = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    void measure(Math.round(Number.parseFloat(custom) * 10) / 10);
  };

  return (
    <div className="simulator" data-testid="simulator">
      <h2 className="simulator-title">{t('simulator.title')}</h2>
      <div className="simulator-buttons">
        {presetReadings.map((celsius) => (
          <button
            key={celsius}
            type="button"
            data-testid={`simulate-${formatCelsius(celsius)}`}
            onClick={() => void measure(celsius)}
          >
            {t('simulator.measure', { value: formatCelsius(celsius) })}
          </button>
        ))}
      </div>
      <form className="simulator-custom" noValidate onSubmit={submitCustom}>
        <CelsiusField
          label={t('simulator.custom')}
          range={simulatedRange}
          value={custom}
          testId="simulate-custom-input"
          onChange={setCustom}
        />
        <button type="submit" data-testid="simulate-custom">
          {t('simulator.submit')}
        </button>
      </form>
      {note ? (
        <p className="simulator-note" role="alert">
          {t(note)}
        </p>
      ) : null}
    </div>
  );
}
