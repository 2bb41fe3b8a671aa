// The storage alarm: a record the disk refused (full, or failing) raises it, and it stays up —
// on the gate screen and in `status` — until a record is written again, so the guard knows to
// fall back to paper and sees by itself when the kiosk records again. The data folder's free
// space is sampled too, so a filling disk is seen before it refuses. Nothing here retries a
// write or decides a check; it only tells (docs/installer.md: Power loss).
import { statfsSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import type { StorageState, StorageStatus } from '../../contract/api';
import { ApiError } from '../../contract/errors';

/** Below this much free space the status bar warns (a day of checks is a few megabytes). */
export const lowSpaceBytes = 200 * 1024 * 1024;
/** Below this, a write error of any kind is the disk being full (SQLite says I/O error then). */
const nearlyNoSpaceBytes = 1024 * 1024;

export type StorageErrorCode = 'storage-full' | 'storage-failed';

/**
 * SQLITE_FULL is what SQLite answers when the disk (or PRAGMA max_page_count) has no room for
 * the transaction; ENOSPC and EDQUOT are the same from a file write outside SQLite.
 */
export function storageErrorCode(error: unknown): StorageErrorCode {
  if (error instanceof ApiError && error.code === 'storage-full') return 'storage-full';
  if (error instanceof BetterSqlite3.SqliteError) {
    return error.code === 'SQLITE_FULL' ? 'storage-full' : 'storage-failed';
  }
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' ? 'storage-full' : 'storage-failed';
}

/** Free bytes for an unprivileged user on the disk holding `dir`; null when it cannot be told. */
export function freeBytesAt(dir: string): number | null {
  try {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return null;
  }
}

/** How often free space is sampled: a disk fills over hours, not seconds. */
const sampleEveryMs = 30_000;

export interface StorageWatchOptions {
  /** Injected for tests; statfs of the data folder by default. */
  freeBytes?: (dir: string) => number | null;
  lowBytes?: number;
}

interface Alarm {
  state: Extract<StorageState, 'full' | 'failed'>;
  since: string;
  detail: string;
}

/**
 * Watches the data folder's disk; `onChange` hears of every change of state (an alarm rises
 * or clears, free space crosses the warning level). Call close() to stop sampling.
 */
export function createStorageWatch(
  dataDir: string,
  now: () => Date,
  onChange: (status: StorageStatus) => void,
  options: StorageWatchOptions = {},
) {
  const freeBytes = options.freeBytes ?? freeBytesAt;
  const low = options.lowBytes ?? lowSpaceBytes;
  let alarm: Alarm | null = null;
  let free = freeBytes(dataDir);
  const timer = setInterval(() => sample(), sampleEveryMs);
  timer.unref();

  function status(): StorageStatus {
    const state = alarm?.state ?? (free !== null && free < low ? 'low' : 'ok');
    return { state, freeBytes: free, since: alarm?.since ?? null, detail: alarm?.detail ?? null };
  }

  /** Runs a change and tells the listener when the state it shows has changed. */
  function change(apply: () => void): void {
    const before = status().state;
    apply();
    const after = status();
    if (after.state !== before) onChange(after);
  }

  /** Samples the free space again (the timer does it every half minute). */
  function sample(): void {
    change(() => (free = freeBytes(dataDir)));
  }

  /** A write succeeded: whatever refused before has passed, and the alarm clears. */
  function written(): void {
    if (alarm === null) return;
    change(() => {
      alarm = null;
      free = freeBytes(dataDir);
    });
  }

  /** A write was refused: raises (or keeps) the alarm; answers the code the guard is shown. */
  function refused(error: unknown): StorageErrorCode {
    free = freeBytes(dataDir);
    const code =
      free !== null && free < nearlyNoSpaceBytes ? 'storage-full' : storageErrorCode(error);
    const state = code === 'storage-full' ? 'full' : 'failed';
    const detail = error instanceof Error ? error.message : String(error);
    change(() => {
      if (alarm?.state !== state) alarm = { state, since: now().toISOString(), detail };
    });
    return code;
  }

  return {
    status,
    written,
    refused,
    sample,
    /**
     * The same log, with every append watched: a refused one raises the alarm and throws an
     * ApiError the guard can read (storage-full or storage-failed), a written one clears it.
     */
    watch<Log extends { append: (...args: never[]) => unknown }>(log: Log): Log {
      const append = (...args: Parameters<Log['append']>): ReturnType<Log['append']> => {
        try {
          const view = log.append(...args) as ReturnType<Log['append']>;
          written();
          return view;
        } catch (error) {
          const code = refused(error);
          throw new ApiError(code, error instanceof Error ? error.message : String(error));
        }
      };
      return { ...log, append };
    },
    close(): void {
      clearInterval(timer);
    },
  };
}

export type StorageWatch = ReturnType<typeof createStorageWatch>;
