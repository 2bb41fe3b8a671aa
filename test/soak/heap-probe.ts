// Loaded into the kiosk's own process by the memory soak (node --expose-gc --import tsx --import
// this file server/server-cli.ts …), never by the product. Over the IPC channel the soak opened
// it answers: `usage` (after a full GC when asked: process.memoryUsage(), and what glibc's
// malloc holds — native memory such as SQLite's page cache — when the soak compiled
// malloc-stats.c and named it in KIOSK_SOAK_MALLOC_STATS), and `snapshot` (a heap snapshot
// written to the file the soak names, then the snapshot's scratch memory given back to the
// system, so it neither inflates nor hides what the kiosk holds afterwards). The channel is
// unref'd: it never keeps a kiosk alive that was told to stop.
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';

/** What the soak asks; it adds a `probe` number to pair the answer with the question. */
export type ProbeQuestion = { kind: 'usage'; gc: boolean } | { kind: 'snapshot'; file: string };
export type ProbeRequest = ProbeQuestion & { probe: number };

/** glibc's figures in bytes: allocated (arenas and mmapped chunks) and free inside the arenas. */
export interface MallocFigures {
  inUse: number;
  free: number;
}

export type ProbeAnswer =
  | {
      probe: number;
      ok: true;
      usage: NodeJS.MemoryUsage;
      /** V8's heap spaces (new_space, old_space…): bytes committed for each. */
      spaces: Record<string, number>;
      malloc: MallocFigures | null;
      file?: string;
    }
  | { probe: number; ok: false; error: string };

const collect = (globalThis as { gc?: () => void }).gc;

function fullGc(): void {
  // Twice: the first pass may only queue finalizers (weak callbacks) that free more.
  collect?.();
  collect?.();
}

/** An in-memory connection of the probe's own (not the kiosk's) with the extension loaded. */
let stats: Database | null | undefined;
function mallocStats(): Database | null {
  if (stats !== undefined) return stats;
  const extension = process.env.KIOSK_SOAK_MALLOC_STATS;
  stats = null;
  if (extension) {
    const db = new BetterSqlite3(':memory:');
    // The entry point SQLite would guess from the file name (sqlite3_mallocstats_init).
    db.loadExtension(extension);
    stats = db;
  }
  return stats;
}

function mallocFigures(): MallocFigures | null {
  const db = mallocStats();
  if (db === null) return null;
  return (
    db.prepare<[], MallocFigures>('SELECT malloc_in_use() AS inUse, malloc_free() AS free').get() ??
    null
  );
}

function spaceSizes(): Record<string, number> {
  return Object.fromEntries(
    getHeapSpaceStatistics().map((space) => [space.space_name, space.space_size]),
  );
}

function answer(request: ProbeRequest): ProbeAnswer {
  try {
    if (request.kind === 'usage') {
      if (request.gc) fullGc();
      return {
        probe: request.probe,
        ok: true,
        usage: process.memoryUsage(),
        spaces: spaceSizes(),
        malloc: mallocFigures(),
      };
    }
    fullGc();
    const file = writeHeapSnapshot(request.file);
    mallocStats()?.prepare('SELECT malloc_trim()').get();
    return {
      probe: request.probe,
      ok: true,
      usage: process.memoryUsage(),
      spaces: spaceSizes(),
      malloc: mallocFigures(),
      file,
    };
  } catch (error) {
    return { probe: request.probe, ok: false, error: (error as Error).message };
  }
}

if (process.send) {
  process.on('message', (message: unknown) => {
    const request = message as ProbeRequest;
    if (typeof request?.probe !== 'number') return;
    process.send?.(answer(request));
  });
  // Adding the listener ref'd the channel; the kiosk's own server and timers keep it alive.
  (process.channel as { unref?: () => void } | undefined)?.unref?.();
}
