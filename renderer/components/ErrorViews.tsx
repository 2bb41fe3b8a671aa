// How failures look: a banner with a failed operation's code in plain words (`error.<code>`),
// the storage alarm that tells the guard to use paper while nothing can be recorded, and a
// boundary that replaces a crashed screen with a message and a reload button. The kiosk must
// never go blank or show a stack trace to the people at the gate.
import { Component, useEffect, useRef, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { StorageStatus } from '../../contract/api';
import { formatClockTime } from '../display/display-format';
import type { ShownError } from '../screens/use-gate-data';
import '../styles/storage-alarm.css';

/** Storage errors are said by the storage alarm while it is up, and end when it clears. */
function isStorageError(error: ShownError | null): boolean {
  return error?.code === 'storage-full' || error?.code === 'storage-failed';
}

function alarmUp(storage: StorageStatus | null | undefined): boolean {
  return storage?.state === 'full' || storage?.state === 'failed';
}

export function ErrorBanner({
  error,
  storage,
  onDismiss,
}: {
  error: ShownError | null;
  /** The storage state: its alarm replaces storage errors, and its end dismisses them. */
  storage?: StorageStatus | null;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  const up = alarmUp(storage);
  const storageError = isStorageError(error);
  const wasUp = useRef(up);
  useEffect(() => {
    // The alarm cleared (a record was written): the failure this banner speaks of is over.
    if (wasUp.current && !up && storageError) onDismiss();
    wasUp.current = up;
  }, [up, storageError, onDismiss]);
  if (!error || (storageError && up)) return null;
  return (
    <div
      className="error-banner"
      role="alert"
      data-testid="error"
      data-code={error.code}
      data-sticky={String(error.sticky)}
    >
      <span className="error-text">{t(`error.${error.code}`)}</span>
      {error.detail ? <span className="error-detail">{error.detail}</span> : null}
      <button type="button" className="error-dismiss" onClick={onDismiss}>
        {t('error.dismiss')}
      </button>
    </div>
  );
}

/**
 * The storage alarm across the gate screen while no check can be recorded: what the guard does
 * now (paper, tell the admin), since when, and that it ends by itself. Not dismissable: it
 * clears when the kiosk records again.
 */
export function StorageAlarm({ storage }: { storage: StorageStatus | null }) {
  const { t } = useTranslation();
  if (storage === null || !alarmUp(storage)) return null;
  return (
    <div
      className="storage-alarm"
      role="alert"
      data-testid="storage-alarm"
      data-state={storage.state}
    >
      <strong className="storage-alarm-text">{t(`storage.alarm.${storage.state}`)}</strong>
      {storage.since ? (
        <span className="storage-alarm-since">
          {t('storage.alarm.since', { time: formatClockTime(storage.since) })}
        </span>
      ) : null}
      <span className="storage-alarm-recovers">{t('storage.alarm.recovers')}</span>
      {storage.detail ? <span className="storage-alarm-detail">{storage.detail}</span> : null}
    </div>
  );
}

function ScreenErrorFallback() {
  const { t } = useTranslation();
  return (
    <main className="screen-error" data-testid="screen-error" role="alert">
      <h1>{t('error.screen-title')}</h1>
      <p>{t('error.screen-detail')}</p>
      <button type="button" onClick={() => window.location.reload()}>
        {t('error.reload')}
      </button>
    </main>
  );
}

interface BoundaryState {
  failed: boolean;
}

/**
 * React still needs a class for an error boundary (there is no hook for it). After a crash it
 * tries the screen again once a minute, so an unattended kiosk recovers by itself.
 */
export class ScreenErrorBoundary extends Component<{ children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { failed: false };
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  static getDerivedStateFromError(): BoundaryState {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('The gate screen crashed', error, info.componentStack);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.setState({ failed: false }), 60_000);
  }

  override componentWillUnmount(): void {
    clearTimeout(this.retryTimer);
  }

  override render(): ReactNode {
    return this.state.failed ? <ScreenErrorFallback /> : this.props.children;
  }
}
