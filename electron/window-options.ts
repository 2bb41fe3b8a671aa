// The kiosk window's options, in one place so a test can hold every security switch down.
// Plain data only: this module must never import the Electron runtime; main.ts hands the
// object to BrowserWindow, whose constructor type checks it structurally.

export interface KioskWebPreferences {
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  spellcheck: false;
  webviewTag: false;
  navigateOnDragDrop: false;
  safeDialogs: true;
  backgroundThrottling: false;
  autoplayPolicy: 'no-user-gesture-required';
  devTools: boolean;
  preload: string;
}

export interface KioskWindowOptions {
  title: string;
  fullscreen: true;
  kiosk: true;
  autoHideMenuBar: true;
  backgroundColor: string;
  show: false;
  webPreferences: KioskWebPreferences;
}

export interface WindowOptionsSettings {
  /** Developer tools: only for unpackaged development builds. */
  devTools?: boolean;
}

export const kioskBackgroundColor = '#0b1220';

export function defaultWindowOptions(
  preloadPath: string,
  settings: WindowOptionsSettings = {},
): KioskWindowOptions {
  return {
    title: 'Campus Gate Kiosk',
    fullscreen: true,
    kiosk: true,
    autoHideMenuBar: true,
    // Painted before the first frame so the guard never sees a white flash at start-up.
    backgroundColor: kioskBackgroundColor,
    // Shown on 'ready-to-show', so the screen goes straight from dark to the kiosk page.
    show: false,
    webPreferences: {
      // Security checklist §3 "Enable context isolation" and §4 "Enable process sandboxing":
      // https://www.electronjs.org/docs/latest/tutorial/security#3-enable-context-isolation
      contextIsolation: true,
      sandbox: true,
      // Checklist §2 "Do not enable Node.js integration for remote content" — nor local.
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      // Checklist §6 "Do not disable webSecurity", §8 "Do not enable allowRunningInsecureContent",
      // §9 "Do not enable experimental features", §12 "Do not use <webview>".
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // A file dropped on the screen must not replace the kiosk page.
      navigateOnDragDrop: false,
      // The spellchecker would download dictionaries and underline names of people.
      spellcheck: false,
      safeDialogs: true,
      // The kiosk is always on screen; timers (retest wait, scan debounce) must not be throttled.
      backgroundThrottling: false,
      // Pass/deny sounds and voice prompts play with nobody touching the screen.
      autoplayPolicy: 'no-user-gesture-required',
      devTools: settings.devTools ?? false,
      preload: preloadPath,
    },
  };
}
