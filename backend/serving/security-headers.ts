// The security headers every response carries, in server mode and under app://: the screen's
// content security policy for its files, a policy that allows nothing for API answers, and the
// headers that keep the page out of frames, other windows and caches. Plain data; this module
// must never import the Electron runtime.
/**
 * The screen's policy, sent with every page response (errors too), here and under app://.
 * 'unsafe-inline' styles only: React sets style attributes; scripts stay 'self', plus 'wasm-unsafe-eval' so the decode worker may compile
 * zxing-wasm (it allows WebAssembly compilation only, never eval of JS). blob:/mediastream:
 * carry the camera preview; the decode worker is a built file of our own ('self').
 * https://www.electronjs.org/docs/latest/tutorial/security#7-define-a-content-security-policy
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * What a page may use: the camera, for itself only. Everything else a gate screen could be
 * tricked into asking for is off. `autoplay` and `fullscreen` keep their default (self): the
 * gate screen plays its pass/deny sounds with nobody touching it, and a kiosk browser may run
 * full screen.
 */
export const permissionsPolicy = [
  'camera=(self)',
  'microphone=()',
  'geolocation=()',
  'display-capture=()',
  'payment=()',
  'usb=()',
  'serial=()',
  'hid=()',
  'bluetooth=()',
  'midi=()',
  'accelerometer=()',
  'gyroscope=()',
  'magnetometer=()',
  'publickey-credentials-get=()',
  'screen-wake-lock=()',
  'xr-spatial-tracking=()',
  'clipboard-read=()',
  'clipboard-write=()',
  'idle-detection=()',
  'browsing-topics=()',
].join(', ');

/** For answers that are data, not pages: nothing may load or frame them. */
export const apiContentSecurityPolicy =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

const common: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  // No address of the kiosk (with its #admin/<page>) leaks to anything the page links to.
  'referrer-policy': 'no-referrer',
  // Old browsers that ignore frame-ancestors; the CSP says the same.
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': permissionsPolicy,
};

/** The screen's own files (HTML, scripts, styles, sounds). */
export function pageSecurityHeaders(): Record<string, string> {
  return {
    ...common,
    'content-security-policy': contentSecurityPolicy,
    // A new build must be picked up on the next start, never a stale cached script.
    'cache-control': 'no-cache',
  };
}

/** API answers and the event stream: personal data, so never stored by any cache. */
export function apiSecurityHeaders(): Record<string, string> {
  return {
    ...common,
    'content-security-policy': apiContentSecurityPolicy,
    'cache-control': 'no-store',
    pragma: 'no-cache',
  };
}
