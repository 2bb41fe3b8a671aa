// Writing a whole file so no reader ever sees half of it and a power cut leaves either the old
// file or the new one: the bytes go to a fresh temporary name in the same folder (so the rename
// stays on one file system and is atomic), are flushed to disk, renamed over the target, and
// the folder is flushed so the new name survives too. A failure removes the temporary file and
// leaves any earlier file as it was. Used for exports, the config file and key files.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Replaces `file` whole with `contents`. The mode is set when the file is created (0600, the
 * kiosk user's alone, unless the caller says otherwise), so it is never readable by others,
 * not even briefly.
 */
export function writeFileAtomically(
  file: string,
  contents: string | Uint8Array,
  mode = 0o600,
): void {
  const temporary = temporaryName(file);
  try {
    writeNewFileSynced(temporary, contents, mode);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  syncFolder(file);
}

/**
 * A name next to `file` that no other process picks, and no other call in this one while it is
 * in use (every write here is synchronous). A file left there by a crashed process of the same
 * id is removed first, so the new one is made afresh with its own mode.
 */
export function temporaryName(file: string): string {
  const temporary = `${file}.${process.pid}.partial`;
  rmSync(temporary, { force: true });
  return temporary;
}

/** Creates `file` ('wx': never an old file's mode or bytes), writes it and flushes it to disk. */
export function writeNewFileSynced(file: string, contents: string | Uint8Array, mode: number) {
  const descriptor = openSync(file, 'wx', mode);
  try {
    const bytes = typeof contents === 'string' ? Buffer.from(contents) : contents;
    // writeSync may write less than asked (a large export): go on from where it stopped.
    for (let written = 0; written < bytes.length;) {
      written += writeSync(descriptor, bytes, written);
    }
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

const unflushableFolder = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP']);

/** Flushes the folder entry of `file`, so a new name survives a power cut. */
export function syncFolder(file: string): void {
  // Windows cannot open a folder for fsync; its file system orders these writes itself.
  if (process.platform === 'win32') return;
  let descriptor: number | undefined;
  try {
    descriptor = openSync(dirname(file), 'r');
    fsyncSync(descriptor);
  } catch (error) {
    // Some file systems (network or FUSE ones) refuse to flush a folder, and a folder may be
    // writable but not readable; the file itself is flushed and in place either way.
    if (!unflushableFolder.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}
