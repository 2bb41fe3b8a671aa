// Writing a whole file so no reader ever sees half of it: the bytes go to a temporary name in
// the same folder (so the rename stays on one file system and is atomic) and are renamed over
// the target. A failure removes the temporary file and leaves any earlier file as it was.
// The file is the kiosk user's alone (0600, from its creation): an export holds names, classes,
// temperatures and perhaps full ID numbers, wherever the admin chose to write it.
import { renameSync, rmSync, writeFileSync } from 'node:fs';

export function writeFileAtomically(file: string, bytes: Uint8Array): void {
  const temporary = `${file}.${process.pid}.partial`;
  try {
    // A temporary file left by a crash keeps its own mode if written over: made afresh ('wx').
    rmSync(temporary, { force: true });
    writeFileSync(temporary, bytes, { mode: 0o600, flag: 'wx' });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
