// The kiosk's gate screen: the next instruction or the decision, huge, in the lower middle;
// the camera view above it; the guard's status bar, controls and recent checks around it.
// It only shows what the backend decided and asks it to act — it must never decide anything.
import { useCallback, useEffect, useMemo, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckView } from '../../electron/contract/api';
import type { KioskClient } from '../../electron/contract/client';
import { CheckPrompt } from '../components/CheckPrompt';
import { ErrorBanner, StorageAlarm } from '../components/ErrorViews';
import { GuardPanel } from '../components/GuardPanel';
import { RecentChecks } from '../components/RecentChecks';
import { ResultPanel, spokenResult } from '../components/ResultPanel';
import { StatusBar } from '../components/StatusBar';
import { playResultSound, speakResult, unlockAudio } from '../feedback/result-feedback';
import { isLanguage, switchLanguage, defaultLanguage } from '../i18n/setup-i18n';
import type { CameraStatus } from '../scanner/camera-source';
import { useScanners } from '../scanner/use-scanners';
import { useGateData } from './use-gate-data';
import { useStorageStatus } from './use-storage-status';

export function GateScreen({ client }: { client: KioskClient }) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : defaultLanguage;
  const { state, dispatch, error, showError, dismissError, acceptScanAnswer } = useGateData(client);
  const scanHandlers = useMemo(
    () => ({ onCheck: acceptScanAnswer, onError: showError }),
    [acceptScanAnswer, showError],
  );
  const { videoRef, cameraStatus, decoder } = useScanners(client, state.scanner, scanHandlers);
  const storage = useStorageStatus(client);
  const { result, pending } = state;

  // Sound and voice once per decision, in the language on screen when it arrived.
  const resultId = result?.id;
  useEffect(() => {
    if (!result) return;
    playResultSound(result.decision);
    speakResult(spokenResult(result, t), language);
    // Only a new decision sounds; a language switch while it shows must not repeat it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resultId]);

  // Browsers keep audio suspended until the page is touched once.
  useEffect(() => {
    window.addEventListener('pointerdown', unlockAudio);
    window.addEventListener('keydown', unlockAudio);
    return () => {
      window.removeEventListener('pointerdown', unlockAudio);
      window.removeEventListener('keydown', unlockAudio);
    };
  }, []);

  const onSwitchLanguage = useCallback(() => {
    void switchLanguage(i18n, language === 'zh-CN' ? 'en' : 'zh-CN');
  }, [i18n, language]);
  const onCancelled = useCallback(() => dispatch({ type: 'check-cancelled' }), [dispatch]);

  return (
    <div className="gate" data-language={language} data-loaded={String(state.loaded)}>
      <StatusBar
        gateName={state.gateName}
        thermometer={state.thermometer}
        relay={state.relay}
        upload={state.upload}
        storage={storage}
        cameraStatus={cameraStatus}
        decoder={decoder}
        thresholdCelsius={state.policy?.feverThresholdCelsius ?? null}
        lastReading={state.lastReading}
        language={language}
        onSwitchLanguage={onSwitchLanguage}
      />
      <CameraView videoRef={videoRef} status={cameraStatus} />
      <main className="stage">
        {result ? (
          <ResultPanel key={result.id} entry={result} retestDueAt={state.retestDueAt} />
        ) : (
          <CheckPrompt
            client={client}
            onError={showError}
            pending={pending}
            pendingAt={state.pendingAt}
            thermometerDown={state.thermometer !== null && !state.thermometer.connected}
          />
        )}
      </main>
      <aside className="guard">
        <GuardPanel
          client={client}
          hasPendingCheck={pending !== null && !isNotice(pending)}
          simulated={state.thermometer?.simulated ?? false}
          onCancelled={onCancelled}
          onError={showError}
        />
        <RecentChecks entries={state.recent} />
      </aside>
      <StorageAlarm storage={storage} />
      <ErrorBanner error={error} storage={storage} onDismiss={dismissError} />
    </div>
  );
}

interface CameraViewProps {
  videoRef: RefObject<HTMLVideoElement | null>;
  status: CameraStatus;
}

/**
 * The camera picture (mirrored, like a mirror) so people can aim their card at it, or what is
 * wrong with the camera in plain words. A frozen picture stays visible beside its message.
 */
function CameraView({ videoRef, status }: CameraViewProps) {
  const { t } = useTranslation();
  const showVideo = status === 'active' || status === 'frozen';
  return (
    <div className={`camera camera-${status}`} data-testid="camera" data-status={status}>
      <video
        ref={videoRef}
        className="camera-video"
        muted
        playsInline
        autoPlay
        hidden={!showVideo}
      />
      {status === 'active' ? null : (
        <p className="camera-message" data-testid="camera-message" role="status">
          {t(`camera.${status}`)}
        </p>
      )}
    </div>
  );
}

/**
 * A countdown shown to someone who scanned before their retest was due, or the prompt after a
 * health code shown before the card: nothing is open at the lane, so there is nothing to cancel.
 */
function isNotice(check: CheckView): boolean {
  return check.retestWaitSeconds !== null || check.healthCodeHeld === true;
}
