// How failures look: a banner with a failed operation's code in plain words (`error.<code>`),
// and a boundary that replaces a crashed screen with a message and a reload button. The kiosk
// must never go blank or show a stack trace to the people at the gate.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShownError } from '../screens/use-gate-data';

export function ErrorBanner({
  error,
  onDismiss,
}: {
  error: ShownError | null;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  if (!error) return null;
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
