// Opens the kiosk's SQLite file the one safe way: its folder 0700 and its files 0600, WAL, full
// fsync on commit, foreign keys on, a quick integrity check, then the migrations. Fails loudly
// with a StoreError; never falls back to an empty or in-memory database, because the log is the
// truth (docs/architecture.md).
import { closeSync, existsSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { runMigrations } from './migrations';
import { makePrivateFolder, restrictModeIfPresent } from './secret-file';
import { errorDetail, StoreError } from './store-error';

export interface OpenDatabaseOptions {
  /** Folder of NNNN_name.sql files; defaults to `<repo>/migrations`. */
  migrationsDir?: string;
  /** Refuse to create a new file (the export CLI must not invent an empty log). */
  mustExist?: boolean;
  /** How long a write waits for another connection's lock, in milliseconds. */
  busyTimeoutMs?: number;
  /** Clock for schema_migrations.applied_at. */
  now?: () => Date;
}

/** Where a data folder keeps its database. */
export function databaseFile(dataDir: string): string {
  return join(dataDir, 'kiosk.db');
}

/**
 * Opens (creating if allowed) the database file and brings its schema up to date.
 * Throws StoreError: database-not-found, database-unopenable, database-corrupt, or one of the
 * migration codes. The handle is closed before any of them is thrown.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database {
  if (options.mustExist === true && !existsSync(file)) {
    throw new StoreError('database-not-found', { file });
  }
  let db: Database;
  try {
    keepPrivate(file, options.mustExist === true);
    db = new BetterSqlite3(file, { fileMustExist: options.mustExist === true });
  } catch (error) {
    throw new StoreError(
      'database-unopenable',
      { file, detail: errorDetail(error) },
      { cause: error },
    );
  }
  try {
    db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
    checkIntegrity(db, file);
    const journalMode: unknown = db.pragma('journal_mode = WAL', { simple: true });
    if (journalMode !== 'wal') {
      const detail = `write-ahead logging is not available here (journal mode ${String(journalMode)})`;
      throw new StoreError('database-unopenable', { file, detail });
    }
    // FULL: a committed entry survives a power cut before the screen says pass.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // The page cache's ceiling, chosen: better-sqlite3 builds SQLite with 16 MB per connection
    // (-16000, not SQLite's own 2 MB), and a cache never gives pages back, so the kiosk's memory
    // grew ~15 MB as the log passed 16 MB (docs/testing.md "The memory soak, measured"). The kiosk
    // opens one connection (createKiosk; each CLI opens its own, in its own process), so this is
    // its whole cache: 4 MiB holds a busy day's entries, chain and outbox (~0.8 KB a check) and the
    // roster's pages; older pages come from the OS's file cache. No memory map (RSS would grow with
    // the file); temp_store stays at its default, files, so a big sort does not land in memory.
    db.pragma('cache_size = -4096');
    db.pragma('mmap_size = 0');
    runMigrations(db, { migrationsDir: options.migrationsDir, now: options.now });
    return db;
  } catch (error) {
    db.close();
    if (error instanceof StoreError) {
      throw error;
    }
    throw new StoreError(
      storeCodeOf(error),
      { file, detail: errorDetail(error) },
      { cause: error },
    );
  }
}

/**
 * Names, classes, temperatures and decisions are for the kiosk's user alone (docs/admin.md,
 * "Personal data"): the folder is made 0700 and the database file 0600 before SQLite first opens
 * it, because SQLite gives the -wal and -shm files it makes the main file's mode. A folder or files
 * an older version left 0755/0644 are tightened here, at every start.
 */
function keepPrivate(file: string, mustExist: boolean): void {
  // Not a file name to SQLite: nothing on disk to protect (and ':memory:' is refused later).
  if (file === '' || file === ':memory:' || file.startsWith('file:')) return;
  makePrivateFolder(dirname(file));
  if (!mustExist) {
    try {
      // 'wx': made only if missing. Never open (and close) an existing database file here:
      // closing any descriptor of it drops the POSIX locks SQLite holds on it in this process.
      closeSync(openSync(file, 'wx', 0o600));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  for (const suffix of ['', '-wal', '-shm', '-journal']) restrictModeIfPresent(file + suffix);
}

/** PRAGMA quick_check answers a single row "ok", or the problems it found. */
function checkIntegrity(db: Database, file: string): void {
  const rows = db.pragma('quick_check') as { quick_check?: unknown }[];
  const problems = rows.map((row) => String(row.quick_check)).filter((text) => text !== 'ok');
  if (problems.length > 0 || rows.length === 0) {
    const detail = problems.slice(0, 3).join('; ') || 'the integrity check gave no answer';
    throw new StoreError('database-corrupt', { file, detail });
  }
}

function storeCodeOf(error: unknown): 'database-corrupt' | 'database-unopenable' {
  const code = error instanceof BetterSqlite3.SqliteError ? error.code : '';
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB'
    ? 'database-corrupt'
    : 'database-unopenable';
}
