// For benches that time when a row reaches another process's SQLite file: the file opened
// read-only once (WAL lets it read while that process writes), and a poller that notes when
// each condition was first seen true. What is timed is what a reader of that file would see.
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';

export interface SqliteReader {
  get<T>(sql: string, ...parameters: unknown[]): T | undefined;
  all<T>(sql: string, ...parameters: unknown[]): T[];
  close(): void;
}

export function sqliteReader(file: string): SqliteReader {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 1000');
  return {
    get: <T>(sql: string, ...parameters: unknown[]) =>
      db.prepare(sql).get(...parameters) as T | undefined,
    all: <T>(sql: string, ...parameters: unknown[]) => db.prepare(sql).all(...parameters) as T[],
    close: () => db.close(),
  };
}

/** Epoch milliseconds with the fraction: comparable with a time another process wrote. */
export const wallClock = (): number => performance.timeOrigin + performance.now();

/**
 * Checks every `everyMs` until each probe holds; answers when each was first seen true (epoch
 * ms, so within `everyMs` of it becoming true). One that never holds fails with `what`.
 */
export async function firstSeen(
  probes: (() => boolean)[],
  { everyMs, what, timeoutMs = 60_000 }: { everyMs: number; what: string; timeoutMs?: number },
): Promise<number[]> {
  const seen: (number | undefined)[] = probes.map(() => undefined);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const [index, probe] of probes.entries()) {
      if (seen[index] === undefined && probe()) seen[index] = wallClock();
    }
    if (seen.every((at) => at !== undefined)) return seen as number[];
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
