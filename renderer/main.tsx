// The renderer's entry: sets up translations, finds the kiosk client (Electron bridge or HTTP)
// and mounts the display facing the queue (or, at #guard, the guard's station; at #admin, the
// admin console) inside an error boundary.
// Nothing else starts here; it must never import electron or node: — the preload's bridge on
// `window` is the only way out.
import './zod-setup';
import { StrictMode, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { getClient } from './api/kiosk-client';
import { AdminGate } from './components/AdminGate';
import { ScreenErrorBoundary } from './components/ErrorViews';
import { GateAccess } from './components/GateAccess';
import { setupI18n } from './i18n/setup-i18n';
import { ConsoleScreen } from './screens/console/ConsoleScreen';
import { isConsoleHash } from './screens/console/console-tabs';
import { DisplayScreen } from './screens/DisplayScreen';
import { GuardStation } from './screens/GuardStation';
import './styles/layout.css';
import './styles/stage.css';
import './styles/guard.css';

const i18n = setupI18n();
const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <ScreenErrorBoundary>
          <Screens />
        </ScreenErrorBoundary>
      </I18nextProvider>
    </StrictMode>,
  );
}

function Screens() {
  const hash = useSyncExternalStore(
    (changed) => {
      window.addEventListener('hashchange', changed);
      return () => window.removeEventListener('hashchange', changed);
    },
    () => window.location.hash,
  );
  if (isConsoleHash(hash)) {
    return (
      <AdminGate client={getClient()}>
        <ConsoleScreen client={getClient()} hash={hash} />
      </AdminGate>
    );
  }
  if (hash === '#guard') {
    return (
      <GateAccess client={getClient()} face="station">
        <GuardStation client={getClient()} />
      </GateAccess>
    );
  }
  return (
    <GateAccess client={getClient()} face="display">
      <DisplayScreen client={getClient()} />
    </GateAccess>
  );
}
