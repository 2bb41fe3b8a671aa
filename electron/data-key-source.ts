// Which data key the Electron app uses (privacy/data-key.ts): wrapped by the operating system's
// store through safeStorage when it is a real one (DPAPI, Keychain, a Linux keyring), otherwise
// a 0600 file like server mode. Decides only; never reads a key and never imports Electron.
import type { DataKeySource } from '../backend/privacy/data-key';
import { defaultDataKeyFile } from '../backend/privacy/data-key';

/** The part of Electron's safeStorage this needs. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only: 'basic_text' means no keyring, a key every local user could unwrap. */
  getSelectedStorageBackend?(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * A key file already in the folder decides (the folder may come from server mode, or from a
 * machine whose keyring has since gone: the wrapped file then fails to open with a clear
 * message instead of a new key). A new folder gets the OS store when it is a real one.
 */
export function dataKeySource(
  dataDir: string,
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform,
  exists: (file: string) => boolean,
): DataKeySource {
  const plain = defaultDataKeyFile(dataDir);
  const wrapped = defaultDataKeyFile(dataDir, true);
  const protector = {
    protect: (text: string) => safeStorage.encryptString(text),
    unprotect: (stored: Buffer) => safeStorage.decryptString(stored),
  };
  if (exists(plain)) return { file: plain };
  if (exists(wrapped)) return { file: wrapped, protector };
  return osStoreIsReal(safeStorage, platform) ? { file: wrapped, protector } : { file: plain };
}

function osStoreIsReal(safeStorage: SafeStorageLike, platform: NodeJS.Platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (platform !== 'linux') return true;
  const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
  return backend !== 'basic_text' && backend !== 'unknown';
}
