// The guard's strip along the top: gate, thermometer (connected, silent or gone, its error,
// driver, and a clear label when it is only simulated), turnstile relay, camera, decoder (and
// its fallback), upload, a gate's link to its school hub (HubLinkItem.tsx), storage (full, or
// low on space), fever threshold, last reading, language.
// Small type on purpose: it is for the guard, and must never compete with the instruction.
import { useTranslation } from 'react-i18next';
import type {
  HubLinkStatus,
  RelayStatus,
  StorageStatus,
  ThermometerStatus,
  UploadStatus,
} from '../../contract/api';
import { driverLine, uploadErrorWords } from '../display/device-words';
import { formatCelsius, formatClockTime } from '../display/display-format';
import type { Language } from '../i18n/setup-i18n';
import type { CameraStatus } from '../scanner/camera-source';
import type { DecoderState } from '../scanner/decode-client';
import { HubLinkItem } from './HubLinkItem';

interface StatusBarProps {
  gateName: string | null;
  thermometer: ThermometerStatus | null;
  relay: RelayStatus | null;
  upload: UploadStatus | null;
  /** A gate's link to its school hub; absent or null on a single kiosk and on the hub. */
  hub?: HubLinkStatus | null;
  storage?: StorageStatus | null;
  /** This window's camera and decoder; null on the guard's own screen, which runs no camera. */
  camera: { status: CameraStatus; decoder: DecoderState | null } | null;
  thresholdCelsius: number | null;
  lastReading: { celsius: number; at: string } | null;
  language: Language;
  /** Absent where the window already has a language switch (the display's own bar). */
  onSwitchLanguage?: () => void;
}

export function StatusBar(props: StatusBarProps) {
  const { t } = useTranslation();
  const { thermometer, camera, lastReading } = props;

  return (
    <header className="status-bar" data-testid="status-bar">
      {props.gateName ? (
        <span className="status-item status-gate">
          <Label text={t('status.gate')} />
          {props.gateName}
        </span>
      ) : null}
      <ThermometerItem thermometer={thermometer} />
      {props.relay ? <RelayItem relay={props.relay} /> : null}
      {camera ? <CameraItem status={camera.status} /> : null}
      {camera ? <DecoderItem decoder={camera.decoder} /> : null}
      {props.upload ? <UploadItem upload={props.upload} viaHub={Boolean(props.hub)} /> : null}
      {props.hub ? <HubLinkItem hub={props.hub} /> : null}
      {props.storage ? <StorageItem storage={props.storage} /> : null}
      <span className="status-item" data-testid="threshold">
        <Label text={t('status.threshold')} />
        {props.thresholdCelsius === null
          ? t('status.none')
          : t('format.celsius', { value: formatCelsius(props.thresholdCelsius) })}
      </span>
      <span className="status-item" data-testid="last-reading">
        <Label text={t('status.last-reading')} />
        {lastReading
          ? `${t('format.celsius', { value: formatCelsius(lastReading.celsius) })} ${formatClockTime(lastReading.at)}`
          : t('status.none')}
      </span>
      {props.onSwitchLanguage ? (
        <button
          type="button"
          className="language-switch"
          data-testid="language-switch"
          lang={props.language === 'zh-CN' ? 'en' : 'zh-CN'}
          aria-label={t('language.switch-label')}
          onClick={props.onSwitchLanguage}
        >
          {t('language.switch')}
        </button>
      ) : null}
    </header>
  );
}

function CameraItem({ status }: { status: CameraStatus }) {
  const { t } = useTranslation();
  const working = status === 'active' || status === 'starting';
  return (
    <span
      className={`status-item ${working ? 'status-ok' : 'status-bad'}`}
      data-testid="camera-status"
      data-status={status}
    >
      <Label text={t('status.camera')} />
      {t(`camera.${status}`)}
    </span>
  );
}

function ThermometerItem({ thermometer }: { thermometer: ThermometerStatus | null }) {
  const { t } = useTranslation();
  if (!thermometer) {
    return (
      <span className="status-item" data-testid="thermometer-status">
        <Label text={t('status.thermometer')} />
        {t('status.thermometer.unknown')}
      </span>
    );
  }
  const { connected, simulated, silentSeconds } = thermometer;
  const silent = connected && silentSeconds !== null;
  return (
    <span
      className={`status-item ${connected && !silent ? 'status-ok' : 'status-bad'}`}
      data-testid="thermometer-status"
      data-connected={String(connected)}
      data-silent={String(silent)}
      data-simulated={String(simulated)}
    >
      <Label text={t('status.thermometer')} />
      {silent
        ? t('status.thermometer.silent', { seconds: silentSeconds })
        : t(connected ? 'status.thermometer.connected' : 'status.thermometer.disconnected')}
      {thermometer.error ? (
        <span
          className="status-error"
          data-testid="thermometer-error"
          data-problem={thermometer.problem ?? ''}
          title={thermometer.error}
        >
          {t(`device-problem.${thermometer.problem ?? 'other'}`)}
        </span>
      ) : null}
      {simulated ? (
        <strong className="simulated-badge" data-testid="thermometer-simulated">
          {t('status.thermometer.simulated')}
        </strong>
      ) : null}
      {simulated ? null : (
        <span className="status-detail">{driverLine(t, thermometer.driver)}</span>
      )}
    </span>
  );
}

function RelayItem({ relay }: { relay: RelayStatus }) {
  const { t } = useTranslation();
  const failed = relay.lastResult === 'failed';
  const good = relay.connected && !failed;
  return (
    <span
      className={`status-item ${good ? 'status-ok' : 'status-bad'}`}
      data-testid="relay-status"
      data-connected={String(relay.connected)}
      data-last-result={relay.lastResult ?? ''}
    >
      <Label text={t('status.relay')} />
      {!relay.connected
        ? t('status.relay.disconnected')
        : failed
          ? t('status.relay.failed')
          : t('status.relay.ready')}
      {relay.error ? (
        <span className="status-error" data-problem={relay.problem ?? ''} title={relay.error}>
          {t(`device-problem.${relay.problem ?? 'other'}`)}
        </span>
      ) : null}
    </span>
  );
}

/**
 * Records waiting for the district and what is wrong, in words; today's report when it is
 * late. Amber while retrying (the gate works on), red when the district refused the kiosk. A
 * gate of a school hub with no district of its own: the hub uploads its records, not "none".
 */
function UploadItem({ upload, viaHub }: { upload: UploadStatus; viaHub: boolean }) {
  const { t } = useTranslation();
  const bad = upload.state === 'stopped' || upload.quarantined > 0 || upload.report?.late === true;
  const tone = bad ? 'status-bad' : upload.state === 'retrying' ? 'status-warn' : 'status-ok';
  return (
    <span
      className={`status-item ${tone}`}
      data-testid="upload-status"
      data-state={upload.state}
      data-pending={upload.pending}
    >
      <Label text={t('status.upload')} />
      {upload.state === 'off'
        ? t(viaHub ? 'upload.by-hub' : 'upload.off', { count: upload.pending })
        : upload.pending === 0
          ? t('upload.all-sent')
          : t('upload.pending', { count: upload.pending })}
      {upload.state === 'retrying' || upload.state === 'stopped' ? (
        <span className="status-error" title={upload.lastError ?? ''}>
          {uploadErrorWords(t, upload.lastErrorCode, upload.clockSkewSeconds) ?? ''}
          {upload.lastErrorCode ? ' — ' : ''}
          {t(`upload.state.${upload.state}`, {
            time: upload.nextAttemptAt ? formatClockTime(upload.nextAttemptAt) : '',
          })}
        </span>
      ) : null}
      {upload.quarantined > 0 ? (
        <span className="status-error">
          {t('upload.quarantined', { count: upload.quarantined })}
        </span>
      ) : null}
      {upload.report?.late ? (
        <span className="status-error" data-testid="report-late">
          {t('upload.report-late')}
        </span>
      ) : null}
    </span>
  );
}

/** Red while nothing can be recorded, amber when the disk is nearly full. */
function StorageItem({ storage }: { storage: StorageStatus }) {
  const { t } = useTranslation();
  const { state, freeBytes } = storage;
  const tone = state === 'ok' ? 'status-ok' : state === 'low' ? 'status-warn' : 'status-bad';
  const free = freeBytes === null ? '?' : `${Math.floor(freeBytes / (1024 * 1024))} MB`;
  return (
    <span className={`status-item ${tone}`} data-testid="storage-status" data-state={state}>
      <Label text={t('status.storage')} />
      {t(`status.storage.${state}`, { free })}
    </span>
  );
}

function DecoderItem({ decoder }: { decoder: DecoderState | null }) {
  const { t } = useTranslation();
  const running = decoder?.running ?? null;
  return (
    <span
      className={`status-item ${decoder?.failed || decoder?.fellBack ? 'status-bad' : 'status-ok'}`}
      data-testid="decoder-status"
      data-engine={running ?? ''}
      data-fell-back={String(decoder?.fellBack ?? false)}
    >
      <Label text={t('status.decoder')} />
      {decoder?.failed
        ? t('decoder.failed')
        : running
          ? t(`decoder.engine.${running}`)
          : t('decoder.loading')}
      {decoder?.fellBack && !decoder.failed ? (
        <span className="status-detail">
          {t('decoder.fallback', { wanted: t(`decoder.engine.${decoder.wanted}`) })}
        </span>
      ) : null}
    </span>
  );
}

/** "Label: " with the separator of the current language (full-width colon in Chinese). */
function Label({ text }: { text: string }) {
  const { t } = useTranslation();
  return <span className="status-label">{t('status.label', { label: text })}</span>;
}
