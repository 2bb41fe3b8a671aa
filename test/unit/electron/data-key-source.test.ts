// Where the Electron app keeps its data key: the OS store when it is a real one, a 0600 file
// when it is not (Linux without a keyring), and always the key file a folder already has.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataKeySource, type SafeStorageLike } from '../../../electron/data-key-source';

const dir = '/data/kiosk';
const none = () => false;

function store(available: boolean, backend?: string): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: backend === undefined ? undefined : () => backend,
    encryptString: (text) => Buffer.from(`os:${text}`),
    decryptString: (data) => data.toString('utf8').slice(3),
  };
}

describe('the Electron data key source', () => {
  it('wraps a new key with the OS store on Windows and macOS', () => {
    for (const platform of ['win32', 'darwin'] as const) {
      const source = dataKeySource(dir, store(true), platform, none);
      expect(source.file).toBe(join(dir, 'data-key.protected'));
      expect(source.protector?.unprotect(source.protector.protect('k'))).toBe('k');
    }
  });

  it('uses a Linux keyring, but not the basic_text fallback every local user could read', () => {
    expect(
      dataKeySource(dir, store(true, 'gnome_libsecret'), 'linux', none).protector,
    ).toBeTruthy();
    const plain = dataKeySource(dir, store(true, 'basic_text'), 'linux', none);
    expect(plain).toEqual({ file: join(dir, 'data-key') });
    expect(dataKeySource(dir, store(false), 'win32', none)).toEqual({
      file: join(dir, 'data-key'),
    });
  });

  it('keeps the key file a folder already has', () => {
    const hasPlain = (file: string) => file === join(dir, 'data-key');
    expect(dataKeySource(dir, store(true), 'win32', hasPlain)).toEqual({
      file: join(dir, 'data-key'),
    });
    const hasWrapped = (file: string) => file === join(dir, 'data-key.protected');
    const source = dataKeySource(dir, store(false), 'linux', hasWrapped);
    expect(source.file).toBe(join(dir, 'data-key.protected'));
    expect(source.protector).toBeTruthy();
  });
});
