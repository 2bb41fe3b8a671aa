// Policy for what the kiosk page may do beyond its own origin: which permissions it gets, which
// IPC senders are trusted, where it may navigate, whether it may open windows. Pure functions;
// this module must never import the Electron runtime, and must fail closed on anything unknown.
import { appHost, appScheme } from './app-protocol';

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
