// Brings a database schema up to date from migrations/NNNN_name.sql, forward only (after Signal
// Desktop's runner): each pending file in its own transaction, in strictly increasing order.
// Never runs when an applied file was edited or the database is from a newer program version.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';
import { errorDetail, StoreError } from './store-error';

export interface MigrationFile {
  version: number;
  name: string;
  file: string;
  sql: string;
  checksum: string;
}

export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
  appliedAt: string;
}

export interface MigrateOptions {
  /** Folder of NNNN_name.sql files; defaults to `<repo>/migrations`. */
  migrationsDir?: string;
  /** Clock for applied_at. */
  now?: () => Date;
}

const migrationFileName = /^(\d{4})_([a-z0-9]+(?:[_-][a-z0-9]+)*)\.sql$/;

/**
 * `<repo>/migrations`, resolved from this source file. A bundled or compiled build that moves
 * this file must pass its own folder (the packaged app ships migrations as a resource).
 */
export function defaultMigrationsDir(): string {
  return fileURLToPath(new URL('../../migrations', import.meta.url));
}

/**
 * sha256 of a migration's text. Line ends are normalised first, so a checkout that turns LF
 * into CRLF (git on Windows) is not mistaken for an edit; any other change is.
 */
export function migrationChecksum(sql: string): string {
  const normalised = sql.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  return createHash('sha256').update(normalised, 'utf8').digest('hex');
}

/** The migration files of a folder, by increasing version. Other kinds of file are ignored. */
export function readMigrations(dir: string): MigrationFile[] {
  const migrations: MigrationFile[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.toLowerCase().endsWith('.sql')) {
      continue;
    }
    const match = migrationFileName.exec(file);
    if (match === null || match[1] === undefined || match[2] === undefined) {
      throw new StoreError('bad-migration-name', { file: join(dir, file) });
    }
    const version = Number(match[1]);
    if (version === 0 || migrations.some((migration) => migration.version === version)) {
      const problem = version === 0 ? 'bad-migration-name' : 'duplicate-migration';
      throw new StoreError(problem, { file: join(dir, file), version });
    }
    const sql = readFileSync(join(dir, file), 'utf8');
    migrations.push({ version, name: match[2], file, sql, checksum: migrationChecksum(sql) });
  }
  return migrations.sort((first, second) => first.version - second.version);
}

const createTableSql = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`;

/** The migrations recorded in the database, by increasing version. */
export function appliedMigrations(db: Database): AppliedMigration[] {
  db.exec(createTableSql);
  return db
    .prepare<[], AppliedMigration>(
      `SELECT version, name, checksum, applied_at AS appliedAt
       FROM schema_migrations ORDER BY version`,
    )
    .all();
}

/**
 * Checks the applied migrations against the files, then applies the pending ones, each in one
 * immediate transaction together with its schema_migrations row. Returns what was applied
 * (empty when the database was up to date). Throws StoreError and changes nothing on refusal.
 */
export function runMigrations(db: Database, options: MigrateOptions = {}): MigrationFile[] {
  const migrations = readMigrations(options.migrationsDir ?? defaultMigrationsDir());
  const now = options.now ?? (() => new Date());
  const pending = pendingMigrations(migrations, appliedMigrations(db), db.name);
  const record = db.prepare<[number, string, string, string]>(
    'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
  );
  const isApplied = db.prepare<[number], { version: number }>(
    'SELECT version FROM schema_migrations WHERE version = ?',
  );
  const applied: MigrationFile[] = [];
  for (const migration of pending) {
    const apply = db.transaction(() => {
      // Another process (the roster CLI, a second window) may have applied it meanwhile.
      if (isApplied.get(migration.version) !== undefined) {
        return false;
      }
      db.exec(migration.sql);
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) {
        throw new Error(`${broken.length} rows break a foreign key`);
      }
      record.run(migration.version, migration.name, migration.checksum, now().toISOString());
      return true;
    });
    try {
      if (apply.immediate()) {
        applied.push(migration);
      }
    } catch (error) {
      const details = { version: migration.version, name: migration.name };
      throw new StoreError(
        'migration-failed',
        { ...details, detail: errorDetail(error) },
        {
          cause: error,
        },
      );
    }
  }
  return applied;
}

/** The files not yet applied, after refusing every inconsistency between files and database. */
function pendingMigrations(
  migrations: readonly MigrationFile[],
  applied: readonly AppliedMigration[],
  databaseFile: string,
): MigrationFile[] {
  const known = new Map(migrations.map((migration) => [migration.version, migration]));
  const lastKnown = migrations.at(-1)?.version ?? 0;
  for (const record of applied) {
    const migration = known.get(record.version);
    if (migration === undefined) {
      const code = record.version > lastKnown ? 'database-newer' : 'migration-missing';
      throw new StoreError(code, { ...record, file: databaseFile });
    }
    if (migration.checksum !== record.checksum || migration.name !== record.name) {
      throw new StoreError('migration-edited', { ...record, file: migration.file });
    }
  }
  const lastApplied = applied.at(-1)?.version ?? 0;
  const pending = migrations.filter(
    (migration) => !applied.some((record) => record.version === migration.version),
  );
  const early = pending.find((migration) => migration.version < lastApplied);
  if (early !== undefined) {
    throw new StoreError('migration-out-of-order', { version: early.version, name: early.name });
  }
  return pending;
}
