// Files that hold keys (the school's signing key, the data key): made once, never overwritten,
// readable by the kiosk's user only from the moment they exist, and flushed so they survive a
// power cut. Also the data folder they and the database live in, which only that user may
// enter. Callers turn the plain Error these throw into their own words.
import {
  chmodSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { syncFolder, temporaryName, writeNewFileSynced } from './atomic-file';

/** The file's bytes, or null when it does not exist; other read errors are thrown. */
export function readIfPresent(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Puts a new secret in place without ever overwriting one: written in full to a temporary file
 * first, then linked to its name, which fails if the name already exists. Rename would replace
 * a key another process made at the same moment. Returns the bytes now in the file, ours or
 * the other process's.
 */
export function createSecretFileOnce(file: string, contents: Buffer): Buffer {
  const temporary = temporaryName(file);
  writeNewFileSynced(temporary, contents, 0o600);
  try {
    linkSync(temporary, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return readFileSync(file);
    // Some file systems (FAT on a USB stick) have no hard links: fall back to rename,
    // still atomic, just without the protection against a simultaneous first start.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
  syncFolder(file);
  return contents;
}

/** Tightens a key file someone copied in with looser permissions. POSIX only. */
export function restrictMode(file: string): void {
  if (process.platform === 'win32') return;
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
}

/** restrictMode() for a file that may not be there (a database's -wal when none is open). */
export function restrictModeIfPresent(file: string): void {
  try {
    restrictMode(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Makes a folder only the kiosk's user may enter (0700; missing parents too), or tightens one
 * that exists with a looser mode (an older version's 0755). POSIX only: Windows has no modes,
 * and the user's own profile folder already keeps others out.
 */
export function makePrivateFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  const { mode, uid } = statSync(folder);
  // Never a shared folder the kiosk was pointed at by mistake (/tmp: sticky, or another user's):
  // closing it would lock everyone else out. Its files are still made 0600.
  const shared = (mode & 0o1000) !== 0 || uid !== process.getuid?.();
  if ((mode & 0o077) !== 0 && !shared) chmodSync(folder, 0o700);
}
