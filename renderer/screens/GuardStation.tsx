// The guard's station (#guard): the guard's desk PC, a tablet, or the kiosk's second monitor.
// Who is at the gate now and how their check stands, then everything the display never shows:
// devices and upload, people waiting for a retest, lookup, readings, forms, recent checks with
// names. It follows the same checks live; it runs no camera, but a USB scanner at the desk
// still scans (a burst of keys, as at the gate).
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckView, EntryView } from '../../contract/api';
import type { KioskClient } from '../../contract/client';
import { DecisionIcon } from '../components/DecisionIcon';
import { ErrorBanner, StorageAlarm } from '../components/ErrorViews';
import { PersonLine } from '../components/PersonLine';
import { formatCelsius } from '../display/display-format';
import { faceOf, holdOf } from '../display/gate-hold';
import { defaultLanguage, isLanguage, switchLanguage } from '../i18n/setup-i18n';
import { useScanners } from '../scanner/use-scanners';
import { StationBody } from './StationBody';
import { useGateData } from './use-gate-data';
import { useStorageStatus } from './use-storage-status';
import '../styles/faces.css';

export function GuardStation({ client }: { client: KioskClient }) {
  const { i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : defaultLanguage;
  const { state, dispatch, error, showError, dismissError, acceptScanAnswer } = useGateData(client);
  const scanHandlers = useMemo(
    () => ({ onCheck: acceptScanAnswer, onError: showError }),
    [acceptScanAnswer, showError],
  );
  // No scanner settings: the wedge listens, the camera never starts here.
  useScanners(client, null, scanHandlers);
  const storage = useStorageStatus(client);
  const onSwitchLanguage = useCallback(() => {
    void switchLanguage(i18n, language === 'zh-CN' ? 'en' : 'zh-CN');
  }, [i18n, language]);

  return (
    <div
      className="station"
      data-face="station"
      data-language={language}
      data-loaded={String(state.loaded)}
    >
      <CurrentCheck pending={state.pending} result={state.result} />
      <div className="station-body">
        <StationBody
          client={client}
          state={state}
          dispatch={dispatch}
          storage={storage}
          camera={null}
          language={language}
          onSwitchLanguage={onSwitchLanguage}
          onError={showError}
        />
      </div>
      <StorageAlarm storage={storage} />
      <ErrorBanner error={error} storage={storage} onDismiss={dismissError} />
    </div>
  );
}

/** Who is at the gate now: the decision on the display, or what their check still needs. */
function CurrentCheck({
  pending,
  result,
}: {
  pending: CheckView | null;
  result: EntryView | null;
}) {
  const { t } = useTranslation();
  if (result) {
    const face = faceOf(result);
    const hold = holdOf(result);
    return (
      <section
        className={`station-now result-${face}`}
        data-testid="station-now"
        data-decision={result.decision}
        data-face={face}
      >
        <DecisionIcon decision={face} className="station-now-icon" />
        <div>
          <p className="station-now-headline">
            {/* A held pupil: why, for the guard (the display only says "please wait here"). */}
            {hold !== null ? t(`gate-flow.hold.${hold}`) : t(`check.decision.${result.decision}`)}
          </p>
          <PersonLine person={result.person} cardText={result.cardText} />
          {result.temperatureCelsius !== null ? (
            <p>{t('format.celsius', { value: formatCelsius(result.temperatureCelsius) })}</p>
          ) : null}
        </div>
      </section>
    );
  }
  const next = pending?.missing[0] ?? 'identity';
  return (
    <section className="station-now" data-testid="station-now" data-state={next}>
      <div>
        <p className="station-now-headline">{t(`missing.${next}`)}</p>
        <PersonLine person={pending?.person ?? null} cardText={pending?.cardText ?? null} />
        {pending?.temperatureCelsius != null ? (
          <p>{t('format.celsius', { value: formatCelsius(pending.temperatureCelsius) })}</p>
        ) : null}
      </div>
    </section>
  );
}
