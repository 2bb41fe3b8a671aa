import { describe, expect, it } from 'vitest';
import { defaultWindowOptions } from '../../../electron/window-options';

describe('defaultWindowOptions', () => {
  const options = defaultWindowOptions('/app/dist-electron/electron/preload.cjs');
  const web = options.webPreferences;

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['webviewTag', false],
    ['navigateOnDragDrop', false],
    ['spellcheck', false],
    ['devTools', false],
  ] as const)('sets webPreferences.%s to %s', (key, value) => {
    expect(web[key]).toBe(value);
  });

  it('passes the preload path through', () => {
    expect(web.preload).toBe('/app/dist-electron/electron/preload.cjs');
  });

  it('opens full screen in kiosk mode, hidden until ready to show', () => {
    expect(options).toMatchObject({ fullscreen: true, kiosk: true, show: false });
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
  });

  it('turns developer tools on only when asked', () => {
    expect(defaultWindowOptions('/p', { devTools: true }).webPreferences.devTools).toBe(true);
  });

  it('returns a fresh object each time, so a caller cannot weaken the next window', () => {
    const first = defaultWindowOptions('/p');
    (first.webPreferences as { sandbox: boolean }).sandbox = false;
    expect(defaultWindowOptions('/p').webPreferences.sandbox).toBe(true);
  });
});
