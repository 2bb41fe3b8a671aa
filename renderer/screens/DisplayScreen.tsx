// The display that faces the queue: the next instruction or the current person's own result,
// huge, with the camera view. Nothing about anyone else — no recent list, no last reading, no
// status reasons. The guard's station (#guard) holds the rest; on a kiosk with one screen it
// folds out here, opened by a guard's sign-in, and folds away after a while without a touch.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskClient } from '../../contract/client';
import { CameraView } from '../components/CameraView';
import { CheckPrompt } from '../components/CheckPrompt';
import { ErrorBanner, StorageAlarm } from '../components/ErrorViews';
import { ResultPanel, spokenResult } from '../components/ResultPanel';
import {
  setSignedInGuard,
  useSignedInGuard,
  useSignInChanges,
} from '../components/signed-in-guard';
import { faceOf } from '../display/gate-hold';
import { playResultSound, speakResult, unlockAudio } from '../feedback/result-feedback';
import { defaultLanguage, isLanguage, switchLanguage } from '../i18n/setup-i18n';
import { useScanners } from '../scanner/use-scanners';
import { StationBody } from './StationBody';
import { useGateData } from './use-gate-data';
import { useStorageStatus } from './use-storage-status';
import '../styles/faces.css';

/** The folded-out station closes itself after this long without a touch or a key in it. */
export const stationIdleMs = 120_000;

export function DisplayScreen({ client }: { client: KioskClient }) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : defaultLanguage;
  const data = useGateData(client);
  const { state, dispatch, error, showError, dismissError, acceptScanAnswer } = data;
  const scanHandlers = useMemo(
    () => ({ onCheck: acceptScanAnswer, onError: showError }),
    [acceptScanAnswer, showError],
  );
  const { videoRef, cameraStatus, decoder } = useScanners(client, state.scanner, scanHandlers);
  const storage = useStorageStatus(client);
  const { open: stationOpen, toggle: toggleStation, setPanel } = useFoldOutStation(client);
  const { result, pending } = state;

  // Sound and voice once per decision, in the language on screen when it arrived.
  const resultId = result?.id;
  useEffect(() => {
    if (!result) return;
    // A pupil held for a certificate hears a soft chime, not the refusal's buzzer.
    playResultSound(faceOf(result));
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

  return (
    <div
      className="gate display"
      data-face="display"
      data-station={stationOpen ? 'open' : 'closed'}
      data-language={language}
      data-loaded={String(state.loaded)}
    >
      <header className="display-bar" data-testid="display-bar">
        <span className="display-gate">{state.gateName ?? ''}</span>
        <button
          type="button"
          className="display-guard"
          data-testid="open-station"
          aria-expanded={stationOpen}
          onClick={toggleStation}
        >
          {stationOpen ? t('display.station-close') : t('display.station-open')}
        </button>
        <button
          type="button"
          className="language-switch"
          data-testid="language-switch"
          lang={language === 'zh-CN' ? 'en' : 'zh-CN'}
          aria-label={t('language.switch-label')}
          onClick={onSwitchLanguage}
        >
          {t('language.switch')}
        </button>
      </header>
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
      {stationOpen ? (
        <aside className="guard" ref={setPanel} data-testid="station-panel">
          <StationBody
            client={client}
            state={state}
            dispatch={dispatch}
            storage={storage}
            camera={{ status: cameraStatus, decoder }}
            language={language}
            onError={showError}
          />
        </aside>
      ) : null}
      <StorageAlarm storage={storage} />
      <ErrorBanner error={error} storage={storage} onDismiss={dismissError} />
    </div>
  );
}

/**
 * The guard's tools folded out on the display itself (a kiosk with one screen): open while a
 * guard is signed in at this window or asked for, closed on sign-out and after a while untouched.
 */
function useFoldOutStation(client: KioskClient) {
  const actor = useSignedInGuard();
  const actorKey = useSignInChanges();
  // The guard's own choice (open / closed) since the last sign-in or sign-out; null: follow
  // the sign-in. A choice made before someone signed in or out no longer counts.
  const [choice, setChoice] = useState<{ key: number; open: boolean | null }>({
    key: actorKey,
    open: null,
  });
  const chosen = choice.key === actorKey ? choice.open : null;
  const open = chosen ?? actor !== null;
  const [panel, setPanel] = useState<HTMLElement | null>(null);

  // A reload keeps the window's session: ask the kiosk whose it is (it may have expired).
  useEffect(() => {
    let cancelled = false;
    client.call('whoAmI', {}).then(
      (found) => !cancelled && setSignedInGuard(found),
      () => !cancelled && setSignedInGuard(null),
    );
    return () => {
      cancelled = true;
    };
  }, [client]);

  useEffect(() => {
    if (!open || panel === null) return;
    const close = (): void => setChoice({ key: actorKey, open: false });
    let timer = setTimeout(close, stationIdleMs);
    const touched = (): void => {
      clearTimeout(timer);
      timer = setTimeout(close, stationIdleMs);
    };
    panel.addEventListener('pointerdown', touched);
    panel.addEventListener('keydown', touched);
    return () => {
      clearTimeout(timer);
      panel.removeEventListener('pointerdown', touched);
      panel.removeEventListener('keydown', touched);
    };
  }, [open, panel, actorKey]);

  const toggle = useCallback(() => setChoice({ key: actorKey, open: !open }), [actorKey, open]);

  return { open, toggle, setPanel };
}
