// The Electron security checklist (https://www.electronjs.org/docs/latest/tutorial/security),
// item by item: how the kiosk meets it and which test shows it (docs/electron-security.md says
// the same in prose). There is no Electron binary in CI, so the pieces main.ts wires are tested
// here with stand-ins, and the wiring itself is read from main.ts's source.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  hardenWebContents,
  installPermissionHandlers,
  type NavigationEventLike,
  type PermissionSessionLike,
  type WebContentsLike,
} from '../../../electron/guards';

const root = path.resolve(import.meta.dirname, '../../..');
/** The code without its comments (which may well name what the code must never do). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

const main = withoutComments(readFileSync(path.join(root, 'electron/main.ts'), 'utf8'));

/** Every item of the checklist, with where it is met and tested. */
export const checklist = [
  ['1 only load secure content', 'app:// from the package only', 'app-protocol.test.ts'],
  ['2 no Node.js integration', 'nodeIntegration*: false', 'window-options.test.ts'],
  ['3 context isolation', 'contextIsolation: true', 'window-options.test.ts'],
  ['4 process sandboxing', 'sandbox: true + app.enableSandbox()', 'window-options + this file'],
  ['5 permission requests', 'camera only, kiosk origin only', 'guards.test.ts + this file'],
  ['6 webSecurity on', 'webSecurity: true', 'window-options.test.ts'],
  ['7 content security policy', 'on every app:// and server answer', 'security-headers.test.ts'],
  ['8 no insecure content', 'allowRunningInsecureContent: false', 'window-options.test.ts'],
  ['9 no experimental features', 'experimentalFeatures: false', 'window-options.test.ts'],
  ['10 no enableBlinkFeatures', 'never set', 'this file (source scan)'],
  ['11 no <webview> allowpopups', 'webviewTag: false, attach refused', 'this file'],
  ['12 verify <webview> options', 'will-attach-webview prevented', 'this file'],
  ['13 limit navigation', 'in-page only, inside app://kiosk', 'guards.test.ts + this file'],
  ['14 limit new windows', 'window-open handler denies', 'this file'],
  ['15 no shell.openExternal', 'never called', 'this file (source scan)'],
  ['16 current Electron', 'electron ^41 in package.json', 'this file'],
  ['17 validate IPC senders', 'isTrustedSender on every call', 'ipc-bridge.test.ts'],
  ['18 custom protocol, not file://', 'app://kiosk with path checks', 'app-protocol.test.ts'],
  ['19 fuses', 'runAsNode off etc.', 'electron-builder-config.test.ts'],
  ['- no remote debugging packaged', 'refuses debug switches', 'guards.test.ts + this file'],
] as const;

function fakeContents() {
  const listeners = new Map<string, ((event: NavigationEventLike) => void)[]>();
  let windowOpen: (() => { action: 'deny' }) | undefined;
  const contents: WebContentsLike = {
    setWindowOpenHandler: (handler) => (windowOpen = handler),
    on: (event: string, listener: (event: NavigationEventLike) => void) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
    },
  };
  const fire = (name: string, url: string, isSameDocument = false) => {
    const event = { url, isSameDocument, preventDefault: vi.fn() };
    for (const listener of listeners.get(name) ?? []) listener(event);
    return event.preventDefault.mock.calls.length > 0;
  };
  return { contents, fire, windowOpen: () => windowOpen?.(), listeners };
}

describe('hardenWebContents (wired for every web contents in main.ts)', () => {
  it('denies every new window', () => {
    const fake = fakeContents();
    hardenWebContents(fake.contents);
    expect(fake.windowOpen()).toEqual({ action: 'deny' });
  });

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])(
    'refuses %s away from the kiosk, and lets in-page moves through',
    (name) => {
      const fake = fakeContents();
      hardenWebContents(fake.contents);
      expect(fake.fire(name, 'https://evil.example/')).toBe(true);
      expect(fake.fire(name, 'file:///etc/passwd')).toBe(true);
      expect(fake.fire(name, 'app://kiosk/index.html')).toBe(true);
      expect(fake.fire(name, 'app://kiosk/index.html#/admin', true)).toBe(false);
    },
  );

  it('refuses to attach any <webview>', () => {
    const fake = fakeContents();
    hardenWebContents(fake.contents);
    expect(fake.fire('will-attach-webview', 'app://kiosk/')).toBe(true);
  });
});

describe('installPermissionHandlers (wired on the default session in main.ts)', () => {
  function install() {
    let request: Parameters<PermissionSessionLike['setPermissionRequestHandler']>[0] | undefined;
    let check: Parameters<PermissionSessionLike['setPermissionCheckHandler']>[0] | undefined;
    installPermissionHandlers({
      setPermissionRequestHandler: (handler) => (request = handler),
      setPermissionCheckHandler: (handler) => (check = handler),
    });
    if (request === undefined || check === undefined) throw new Error('not installed');
    return { request, check };
  }

  it('grants a camera request from the kiosk page and refuses the microphone', () => {
    const { request } = install();
    const callback = vi.fn();
    request(null, 'media', callback, { mediaTypes: ['video'], requestingUrl: 'app://kiosk/' });
    request(null, 'media', callback, { mediaTypes: ['audio'], requestingUrl: 'app://kiosk/' });
    request(null, 'geolocation', callback, { requestingUrl: 'app://kiosk/' });
    expect(callback.mock.calls).toEqual([[true], [false], [false]]);
  });

  it('answers checks by the requesting origin when no security origin is given', () => {
    const { check } = install();
    expect(check(null, 'media', 'app://kiosk', { mediaType: 'video' })).toBe(true);
    expect(check(null, 'media', 'https://evil.example', { mediaType: 'video' })).toBe(false);
    expect(check(null, 'notifications', 'app://kiosk', {})).toBe(false);
  });
});

describe('main.ts wires the checklist', () => {
  it.each([
    ['sandbox for every renderer', /app\.enableSandbox\(\)/],
    [
      'the guards on every web contents',
      /'web-contents-created'[^\n]*hardenWebContents\(contents\)/,
    ],
    ['the permission handlers', /installPermissionHandlers\(session\.defaultSession\)/],
    ['the hardened window options', /new BrowserWindow\(\s*defaultWindowOptions\(/],
    ['developer tools only unpackaged', /devTools: !app\.isPackaged/],
    ['the IPC sender check', /isTrustedSender\(event\.senderFrame\?\.url\)/],
    ['the app:// protocol', /protocol\.handle\(appScheme/],
    ['the app:// entry, not a file', /loadURL\(appEntryUrl\)/],
    ['no debugging switches when packaged', /app\.isPackaged && isDebuggingRequested/],
    ['no application menu (reload, devtools accelerators)', /Menu\.setApplicationMenu\(null\)/],
  ])('%s', (_, pattern) => {
    expect(main).toMatch(pattern);
  });

  it('never loads a file:// page', () => {
    expect(main).not.toMatch(/loadFile\(|file:\/\//);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.(ts|tsx)$/.test(name) ? [file] : [];
  });
}

describe('what the code never does', () => {
  const files = [
    ...sourceFiles(path.join(root, 'electron')),
    ...sourceFiles(path.join(root, 'renderer')),
  ];
  const code = files.map(
    (file) => [path.relative(root, file), withoutComments(readFileSync(file, 'utf8'))] as const,
  );

  it.each([
    ['shell.openExternal', /openExternal\s*\(/],
    ['enableBlinkFeatures', /enableBlinkFeatures/],
    ['<webview> or allowpopups', /<webview|allowpopups/i],
    ['Node integration switched on', /nodeIntegration\w*:\s*true/],
    ['the sandbox switched off', /sandbox:\s*false|contextIsolation:\s*false|webSecurity:\s*false/],
    ['insecure content allowed', /allowRunningInsecureContent:\s*true/],
    ['remote content loaded', /loadURL\(\s*['"`]https?:/],
  ])('%s appears nowhere in electron/ or renderer/', (_, pattern) => {
    expect(code.filter(([, text]) => pattern.test(text)).map(([file]) => file)).toEqual([]);
  });

  it('uses a current Electron (a supported major, 39 or later)', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      devDependencies?: Record<string, string>;
      dependencies?: Record<string, string>;
    };
    const range = manifest.devDependencies?.electron ?? manifest.dependencies?.electron ?? '';
    expect(Number(/(\d+)/.exec(range)?.[1])).toBeGreaterThanOrEqual(39);
  });

  it('lists all nineteen items of the checklist, each with a test', () => {
    expect(checklist.filter(([item]) => /^\d+ /.test(item))).toHaveLength(19);
    for (const [, how, test] of checklist) expect(how && test).toBeTruthy();
  });
});
