// The Electron main process: builds the backend, opens the kiosk window (the display facing the
// queue) and, on a second monitor, the guard's station, and wires the pieces beside it in electron/
// to Electron. Thin wiring only — the policy lives in those pieces, where it is tested under Node;
// this file must never start with an empty database when the real one fails.
import fs from 'node:fs';
import path from 'node:path';
import {
  BrowserWindow,
  Menu,
  app,
  dialog,
  ipcMain,
  protocol,
  safeStorage,
  screen,
  session,
} from 'electron';
import { createKiosk, type Kiosk } from '../backend/kiosk';
import { preloadPath, rendererRoot, resolveConfigFile, userDataPath } from './app-paths';
import { appEntryUrl, appScheme, handleAppRequest } from '../backend/serving/app-protocol';
import { stationDisplay, stationUrl } from './station-display';
import { dataKeySource } from './data-key-source';
import {
  hardenWebContents,
  installPermissionHandlers,
  isDebuggingRequested,
  isTrustedSender,
} from './guards';
import { registerIpc } from './ipc-bridge';
import { defaultWindowOptions } from './window-options';

// Both must happen before 'ready'. A standard, secure scheme gets a real origin (app://kiosk),
// fetch and media streaming, instead of file://'s extra privileges.
// https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols
protocol.registerSchemesAsPrivileged([
  {
    scheme: appScheme,
    privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
  },
]);
// Every renderer sandboxed, whatever a future window's options say (Element Desktop does this).
app.enableSandbox();
// Before 'ready', so Chromium's own storage lands in the same folder as kiosk.db.
app.setPath('userData', userDataPath(app.getPath('appData')));

let kiosk: Kiosk | undefined;
let kioskWindow: BrowserWindow | undefined;
/** The guard's station on a second monitor, when one is connected. */
let stationWindow: BrowserWindow | undefined;
let unregisterIpc: (() => void) | undefined;
let closing: Promise<void> | undefined;
let closed = false;

if (app.isPackaged && isDebuggingRequested((name) => app.commandLine.hasSwitch(name))) {
  app.exit(1);
} else if (!app.requestSingleInstanceLock()) {
  // A second kiosk would fight the first over the database and the serial ports.
  app.quit();
} else {
  app.on('second-instance', () => kioskWindow?.focus());
  // No new windows, no navigation away, no <webview>: electron/guards.ts, for every web contents.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  // Quitting waits until the database and the ports are closed; a second quit request while
  // closing is held back too, not let through half-way.
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closing ??= closeKiosk().finally(() => {
      closed = true;
      app.quit();
    });
  });
  app.whenReady().then(start).catch(fail);
}

async function start(): Promise<void> {
  // No menu: its accelerators would reload the page or open developer tools at the gate.
  Menu.setApplicationMenu(null);
  // https://www.electronjs.org/docs/latest/tutorial/security#5-handle-session-permission-requests-from-remote-content
  installPermissionHandlers(session.defaultSession);
  const appPath = app.getAppPath();
  protocol.handle(appScheme, (request) => handleAppRequest(rendererRoot(appPath), request));

  const userData = app.getPath('userData');
  kiosk = await createKiosk({
    dataDir: userData,
    configFile: resolveConfigFile(process.env, userData, fs.existsSync),
    migrationsDir: path.join(appPath, 'migrations'),
    demoRosterFile: path.join(appPath, 'resources', 'demo-roster.csv'),
    // ID and phone numbers are sealed with a key the OS store wraps (electron/data-key-source.ts).
    dataKey: dataKeySource(userData, safeStorage, process.platform, fs.existsSync),
  });

  const window = new BrowserWindow(
    defaultWindowOptions(preloadPath(appPath), { devTools: !app.isPackaged }),
  );
  kioskWindow = window;
  unregisterIpc = registerIpc(
    ipcMain,
    kiosk,
    (channel, payload) => {
      for (const open of [window, stationWindow]) {
        if (open && !open.isDestroyed()) open.webContents.send(channel, payload);
      }
    },
    (event) => isTrustedSender(event.senderFrame?.url),
  );
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    kioskWindow = undefined;
  });
  // A crashed renderer must not leave a dead screen at the gate.
  window.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason !== 'clean-exit' && !window.isDestroyed()) window.webContents.reload();
  });
  await window.loadURL(appEntryUrl);
  await openStationWindow();
}

/**
 * The guard's station (#guard) on a second monitor, with the kiosk window's own options and
 * checks; with one monitor the display folds the station out when a guard signs in.
 */
async function openStationWindow(): Promise<void> {
  const target = stationDisplay(screen.getAllDisplays(), screen.getPrimaryDisplay().id);
  if (target === null) return;
  const station = new BrowserWindow({
    ...defaultWindowOptions(preloadPath(app.getAppPath()), { devTools: !app.isPackaged }),
    ...target.bounds,
  });
  stationWindow = station;
  station.once('ready-to-show', () => station.show());
  station.on('closed', () => {
    stationWindow = undefined;
  });
  station.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason !== 'clean-exit' && !station.isDestroyed()) station.webContents.reload();
  });
  await station.loadURL(stationUrl(appEntryUrl));
}

async function closeKiosk(): Promise<void> {
  unregisterIpc?.();
  unregisterIpc = undefined;
  const open = kiosk;
  kiosk = undefined;
  try {
    await open?.close();
  } catch (error) {
    console.error('Closing the kiosk failed:', error);
  }
}

/**
 * The backend could not start (corrupt database, a database from a newer version, a bad
 * config): say so and stop. Never fall back to an empty or in-memory log.
 */
function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  dialog.showErrorBox(
    '校园门岗无法启动 / Campus Gate Kiosk cannot start',
    `${message}\n\n数据目录 / Data folder: ${app.getPath('userData')}`,
  );
  void closeKiosk().finally(() => app.exit(1));
}
