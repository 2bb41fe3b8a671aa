// The renderer's entry: sets up translations, finds the kiosk client (Electron bridge or HTTP)
// and mounts the gate screen inside an error boundary. Nothing else starts here; it must never
// import electron or node: — the preload's bridge on `window` is the only way out.
import './zod-setup';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { getClient } from './api/kiosk-client';
import { ScreenErrorBoundary } from './components/ErrorViews';
import { setupI18n } from './i18n/setup-i18n';
import { GateScreen } from './screens/GateScreen';
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
          <GateScreen client={getClient()} />
        </ScreenErrorBoundary>
      </I18nextProvider>
    </StrictMode>,
  );
}
