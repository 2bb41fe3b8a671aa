import { describe, expect, it } from 'vitest';
import {
  debuggingSwitches,
  denyWindowOpen,
  isAllowedPermission,
  isDebuggingRequested,
  isTrustedSender,
  shouldBlockNavigation,
} from '../../../electron/guards';

const kioskPage = 'app://kiosk/index.html';

describe('isAllowedPermission', () => {
  it('grants a camera-only request from the kiosk page', () => {
    expect(isAllowedPermission('media', { mediaTypes: ['video'], requestingUrl: kioskPage })).toBe(
      true,
    );
  });

  it('grants the camera check from the kiosk origin', () => {
    expect(
      isAllowedPermission('media', { mediaType: 'video', securityOrigin: 'app://kiosk' }),
    ).toBe(true);
  });

  it.each([
    ['microphone', { mediaTypes: ['audio'], requestingUrl: kioskPage }],
    ['camera and microphone', { mediaTypes: ['video', 'audio'], requestingUrl: kioskPage }],
    ['no media type', { mediaTypes: [], requestingUrl: kioskPage }],
    ['an unknown media check', { mediaType: 'unknown', requestingUrl: kioskPage }],
    ['an audio check', { mediaType: 'audio', requestingUrl: kioskPage }],
    ['no details', {}],
    ['no origin', { mediaTypes: ['video'] }],
    ['another origin', { mediaTypes: ['video'], requestingUrl: 'https://evil.example/' }],
    ['a file page', { mediaTypes: ['video'], requestingUrl: 'file:///index.html' }],
    [
      'a mismatched security origin',
      { mediaTypes: ['video'], requestingUrl: kioskPage, securityOrigin: 'https://evil.example' },
    ],
  ])('refuses media with %s', (_label, details) => {
    expect(isAllowedPermission('media', details)).toBe(false);
  });

  it.each([
    'geolocation',
    'notifications',
    'clipboard-read',
    'display-capture',
    'fullscreen',
    'openExternal',
    'hid',
    'serial',
    'usb',
    'midi',
    'fileSystem',
    'unknown',
  ])('refuses %s, even from the kiosk page', (permission) => {
    expect(
      isAllowedPermission(permission, { mediaTypes: ['video'], requestingUrl: kioskPage }),
    ).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it.each([kioskPage, 'app://kiosk/', 'app://kiosk', 'app://kiosk/#/admin', 'app://KIOSK/x'])(
    'trusts %s',
    (url) => {
      expect(isTrustedSender(url)).toBe(true);
    },
  );

  it.each([
    undefined,
    '',
    'about:blank',
    'file:///app/dist/renderer/index.html',
    'http://kiosk/index.html',
    'https://kiosk/index.html',
    'app://kiosk.evil/index.html',
    'app://evil/kiosk/index.html',
    'app://kiosk:1234/index.html',
    'app://user@kiosk/index.html',
    'app:kiosk/index.html',
    'app:///kiosk/index.html',
    'data:text/html,<script>1</script>',
    'devtools://devtools/bundled/inspector.html',
    'not a url',
  ])('does not trust %s', (url) => {
    expect(isTrustedSender(url)).toBe(false);
  });

  it('compares against the origin it is given', () => {
    expect(isTrustedSender('http://127.0.0.1:5174/', 'http://127.0.0.1:5174')).toBe(true);
    expect(isTrustedSender('http://127.0.0.1:5175/', 'http://127.0.0.1:5174')).toBe(false);
    expect(isTrustedSender(kioskPage, 'not a url')).toBe(false);
  });
});

describe('shouldBlockNavigation', () => {
  it('lets an in-page navigation inside the kiosk through', () => {
    expect(shouldBlockNavigation('app://kiosk/index.html#/admin', true)).toBe(false);
  });

  it.each([
    ['app://kiosk/index.html', false],
    ['app://kiosk/other.html', false],
    ['https://evil.example/#x', true],
    ['https://evil.example/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', true],
    ['about:blank', true],
  ])('blocks %s (same document: %s)', (url, isSameDocument) => {
    expect(shouldBlockNavigation(url, isSameDocument)).toBe(true);
  });

  it('blocks when it is not told the navigation stays in the document', () => {
    expect(shouldBlockNavigation('app://kiosk/index.html#/admin')).toBe(true);
  });
});

describe('denyWindowOpen', () => {
  it('denies', () => {
    expect(denyWindowOpen()).toEqual({ action: 'deny' });
  });
});

describe('isDebuggingRequested', () => {
  it.each(debuggingSwitches)('notices --%s', (name) => {
    expect(isDebuggingRequested((candidate) => candidate === name)).toBe(true);
  });

  it('ignores ordinary switches', () => {
    expect(isDebuggingRequested((candidate) => candidate === 'lang')).toBe(false);
  });
});
