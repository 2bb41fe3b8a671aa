// Policy for what the kiosk page may do beyond its own origin: which permissions it gets, which
// IPC senders are trusted, where it may navigate, whether it may open windows. Pure functions;
// this module must never import the Electron runtime, and must fail closed on anything unknown.
import { appHost, appScheme } from '../backend/serving/app-protocol';

/** The parts of Electron's permission request/check details this policy reads. */
export interface PermissionDetails {
  /** Permission requests (MediaAccessPermissionRequest): what the page asks for. */
  mediaTypes?: readonly string[];
  /** Permission checks (PermissionCheckHandlerHandlerDetails): what the page probes. */
  mediaType?: string;
  /** The URL of the frame that asks (requests, and checks from same-origin frames). */
  requestingUrl?: string;
  /** The security origin of a media request or check. */
  securityOrigin?: string;
}

/**
 * Only the camera, only for the kiosk page. Microphone is refused: nothing at the gate needs to
 * record sound. https://www.electronjs.org/docs/latest/tutorial/security#5-handle-session-permission-requests-from-remote-content
 */
export function isAllowedPermission(permission: string, details: PermissionDetails = {}): boolean {
  if (permission !== 'media') return false;
  if (!isFromKiosk(details)) return false;
  if (details.mediaTypes !== undefined) {
    return details.mediaTypes.length > 0 && details.mediaTypes.every((type) => type === 'video');
  }
  return details.mediaType === 'video';
}

function isFromKiosk(details: PermissionDetails): boolean {
  const urls = [details.requestingUrl, details.securityOrigin].filter(
    (value): value is string => value !== undefined && value !== '',
  );
  // Neither URL given: we cannot tell who asks, so we refuse.
  return urls.length > 0 && urls.every((url) => isTrustedSender(url));
}

/**
 * True when a frame URL belongs to the kiosk origin. Compared by scheme and host rather than
 * URL.origin, because Node gives non-special schemes the opaque origin 'null'.
 * https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 */
export function isTrustedSender(
  frameUrl: string | undefined,
  expectedOrigin = `${appScheme}://${appHost}`,
): boolean {
  if (frameUrl === undefined || frameUrl === '') return false;
  const frame = parseUrl(frameUrl);
  const expected = parseUrl(expectedOrigin);
  if (frame === undefined || expected === undefined) return false;
  return (
    frame.protocol === expected.protocol &&
    frame.host.toLowerCase() === expected.host.toLowerCase() &&
    frame.host !== '' &&
    frame.username === '' &&
    frame.password === ''
  );
}

/**
 * Every navigation is refused except an in-page one (hash or history change) inside the kiosk.
 * https://www.electronjs.org/docs/latest/tutorial/security#13-disable-or-limit-navigation
 */
export function shouldBlockNavigation(url: string, isSameDocument = false): boolean {
  return !(isSameDocument && isTrustedSender(url));
}

/**
 * The window-open handler: no new windows, ever (links with target=_blank, window.open).
 * https://www.electronjs.org/docs/latest/tutorial/security#14-disable-or-limit-creation-of-new-windows
 */
export function denyWindowOpen(): { action: 'deny' } {
  return { action: 'deny' };
}

/**
 * Command-line switches that open a debugger into the app. The nodeCliInspectArguments fuse
 * covers Node's --inspect, but Chromium's remote debugging is not a fuse; a packaged kiosk
 * refuses to start with any of them.
 */
export const debuggingSwitches = [
  'remote-debugging-port',
  'remote-debugging-pipe',
  'inspect',
  'inspect-brk',
  'inspect-port',
] as const;

export function isDebuggingRequested(hasSwitch: (name: string) => boolean): boolean {
  return debuggingSwitches.some((name) => hasSwitch(name));
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** A navigation Electron is about to make (will-navigate, will-frame-navigate, will-redirect). */
export interface NavigationEventLike {
  url: string;
  isSameDocument: boolean;
  preventDefault(): void;
}

/** The part of Electron's WebContents the guards attach to. */
export interface WebContentsLike {
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
  on(
    event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect',
    listener: (event: NavigationEventLike) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
}

/**
 * The rules for every web contents, present or future (main.ts calls it from
 * 'web-contents-created'): no new windows, no navigation away, no <webview>.
 * https://www.electronjs.org/docs/latest/tutorial/security#13-disable-or-limit-navigation
 */
export function hardenWebContents(contents: WebContentsLike): void {
  contents.setWindowOpenHandler(denyWindowOpen);
  const guardNavigation = (event: NavigationEventLike): void => {
    if (shouldBlockNavigation(event.url, event.isSameDocument)) event.preventDefault();
  };
  contents.on('will-navigate', guardNavigation);
  contents.on('will-frame-navigate', guardNavigation);
  contents.on('will-redirect', guardNavigation);
  // https://www.electronjs.org/docs/latest/tutorial/security#12-verify-webview-options-before-creation
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The part of Electron's Session the permission handlers go on. */
export interface PermissionSessionLike {
  setPermissionRequestHandler(
    handler: (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: PermissionDetails,
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (
      contents: unknown,
      permission: string,
      requestingOrigin: string,
      details: Omit<PermissionDetails, 'securityOrigin'> & { securityOrigin?: string },
    ) => boolean,
  ): void;
}

/** Requests and checks both go through isAllowedPermission: the camera, for the kiosk only. */
export function installPermissionHandlers(session: PermissionSessionLike): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isAllowedPermission(permission, details));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isAllowedPermission(permission, {
      ...details,
      securityOrigin: details.securityOrigin ?? requestingOrigin,
    }),
  );
}
