// Writing a whole file so no reader ever sees half of it: the bytes go to a temporary name in
// the same folder (so the rename stays on one file system and is atomic) and are renamed over
// the target. A failure removes the temporary file and leaves any earlier file as it was.
import { renameSync, rmSync, writeFileSync } from 'node:fs';

export function writeFileAtomically(file: string, bytes: Uint8Array): void {
  const temporary = `${file}.${process.pid}.partial`;
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
