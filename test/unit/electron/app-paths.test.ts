import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  dataFolderName,
  preloadPath,
  rendererRoot,
  resolveConfigFile,
  userDataPath,
} from '../../../electron/app-paths';

const userData = path.join(path.sep, 'home', 'guard', '.config', dataFolderName);
const never = () => false;
const always = () => true;

describe('resolveConfigFile', () => {
  it('prefers KIOSK_CONFIG, made absolute', () => {
    expect(resolveConfigFile({ KIOSK_CONFIG: 'gate.json' }, userData, always)).toBe(
      path.resolve('gate.json'),
    );
  });

  it('keeps KIOSK_CONFIG even when the file is missing, so the backend reports it', () => {
    expect(resolveConfigFile({ KIOSK_CONFIG: '/etc/kiosk/gate.json' }, userData, never)).toBe(
      path.resolve('/etc/kiosk/gate.json'),
    );
  });

  it('falls back to config.json in the user data folder when it exists', () => {
    expect(resolveConfigFile({}, userData, always)).toBe(path.join(userData, 'config.json'));
    expect(resolveConfigFile({ KIOSK_CONFIG: '  ' }, userData, always)).toBe(
      path.join(userData, 'config.json'),
    );
  });

  it('returns undefined when there is no config at all', () => {
    expect(resolveConfigFile({}, userData, never)).toBeUndefined();
  });
});

describe('paths inside the app', () => {
  it('places the preload next to the bundled main and the renderer under dist/', () => {
    expect(preloadPath('/app.asar')).toBe(
      path.join('/app.asar', 'dist-electron', 'electron', 'preload.cjs'),
    );
    expect(rendererRoot('/app.asar')).toBe(path.join('/app.asar', 'dist', 'renderer'));
  });

  it('keeps the data folder name fixed, whatever the product name', () => {
    expect(userDataPath('/home/guard/.config')).toBe(
      path.join('/home/guard/.config', 'campus-gate-kiosk'),
    );
  });
});
