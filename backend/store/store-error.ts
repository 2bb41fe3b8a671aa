// Why the database cannot be used, as a typed error with a code and a plain-English message that
// tells the admin what to do. All store messages live here so they can be translated later.
// A store error always stops the kiosk; nothing may catch one and carry on with another database.

export type StoreErrorCode =
  | 'bad-migration-name'
  | 'duplicate-migration'
  | 'migration-edited'
  | 'migration-missing'
  | 'migration-out-of-order'
  | 'migration-failed'
  | 'database-newer'
  | 'database-corrupt'
  | 'database-unopenable'
  | 'database-not-found';

export interface StoreErrorDetails {
  /** The database file or the migration file concerned. */
  file?: string;
  version?: number;
  name?: string;
  /** What SQLite said, for the log. */
  detail?: string;
}

const restoreAdvice =
  'Do not delete the file: it is the gate log. Stop the kiosk, keep a copy of the file, ' +
  'and restore the latest backup or call support.';

const messages: Record<StoreErrorCode, (details: StoreErrorDetails) => string> = {
  'bad-migration-name': ({ file }) =>
    `The migration file ${file} is not named NNNN_name.sql (four digits, an underscore, ` +
    'lower-case words). Rename it or remove it from the migrations folder.',
  'duplicate-migration': ({ version, file }) =>
    `Two migration files share the number ${version} (${file}). Each number is used once; ` +
    'renumber the new one.',
  'migration-edited': ({ version, name }) =>
    `Migration ${version} (${name}) has changed since it was applied to this database. ` +
    'Applied migrations are never edited: put the original file back and write the change ' +
    'as a new migration.',
  'migration-missing': ({ version, name }) =>
    `This database has migration ${version} (${name}) applied but this version of the program ` +
    'has no such file. Install the matching program version or restore the migration file.',
  'migration-out-of-order': ({ version, name }) =>
    `Migration ${version} (${name}) is numbered before migrations this database already has. ` +
    'Migrations only run forward: give it a number after the last applied one.',
  'migration-failed': ({ version, name, detail }) =>
    `Migration ${version} (${name}) failed and was rolled back, so the database is unchanged ` +
    `(${detail}). Keep the program version you had and report this to support.`,
  'database-newer': ({ version, file }) =>
    `The database ${file} was written by a newer version of the program (it has migration ` +
    `${version}, which this version does not know). Install the newer version again; ` +
    'an older version must not write to it.',
  'database-corrupt': ({ file, detail }) =>
    `The database ${file} is damaged (${detail}). The kiosk will not start on a damaged log. ` +
    restoreAdvice,
  'database-unopenable': ({ file, detail }) =>
    `The database ${file} cannot be opened (${detail}). Check that the folder exists, that the ` +
    'disk is not full and that the program may write there.',
  'database-not-found': ({ file }) =>
    `There is no database at ${file}. Check the data folder (--data-dir): it must be the one ` +
    'the kiosk uses.',
};

export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    readonly code: StoreErrorCode,
    readonly details: StoreErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(messages[code](details), options);
  }
}

/** The message SQLite (or Node) gave, for inclusion in a store error. */
export function errorDetail(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
