// `npm run import-roster -- --data-dir DIR FILE.csv`: the admin's roster import from a shell.
// Checks the whole file before opening the database, so a bad file changes nothing.
// Exit codes: 0 imported, 1 refused or failed, 2 bad arguments.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { decodeRosterFile, parseRosterCsv } from '../roster/roster-csv';
import { rosterImportSummary, rosterRefusedHeading } from '../roster/roster-messages';
import { importRoster } from '../roster/roster-store';
import { databaseFile, openDatabase } from '../store/database';
import { errorDetail, StoreError } from '../store/store-error';
import type { CliOutput } from './cli-console';
import {
  cliMessages,
  consoleOutput,
  exitCode,
  importRosterUsage,
  isEntryPoint,
} from './cli-console';

export interface ImportRosterEnvironment {
  output?: CliOutput;
  now?: () => Date;
  /** Folder of migrations, for tests; defaults to `<repo>/migrations`. */
  migrationsDir?: string;
}

export function main(argv: readonly string[], environment: ImportRosterEnvironment = {}): number {
  const output = environment.output ?? consoleOutput;
  const now = environment.now ?? (() => new Date());
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return usage(output, cliMessages.badArguments(errorDetail(error)));
  }
  if (parsed.values.help === true) {
    output.out(importRosterUsage);
    return exitCode.ok;
  }
  const dataDir = parsed.values['data-dir'];
  const [file, ...extra] = parsed.positionals;
  if (dataDir === undefined || dataDir === '') {
    return usage(output, cliMessages.missingOption('--data-dir'));
  }
  if (file === undefined || extra.length > 0) {
    return usage(output, cliMessages.oneRosterFile);
  }

  let text: string;
  try {
    text = decodeRosterFile(readFileSync(file));
  } catch (error) {
    output.error(cliMessages.cannotRead(file, errorDetail(error)));
    return exitCode.failed;
  }
  const roster = parseRosterCsv(text, { today: now() });
  if (!roster.ok) {
    output.error(rosterRefusedHeading(roster.errors.length));
    for (const problem of roster.errors) {
      output.error(cliMessages.rosterLine(problem.line, problem.message));
    }
    return exitCode.failed;
  }

  const dbFile = databaseFile(dataDir);
  try {
    const db = openDatabase(dbFile, { migrationsDir: environment.migrationsDir, now });
    try {
      const counts = importRoster(db, roster.people, now());
      output.out(rosterImportSummary(counts));
      output.out(cliMessages.database(dbFile));
    } finally {
      db.close();
    }
  } catch (error) {
    output.error(error instanceof StoreError ? error.message : errorDetail(error));
    return exitCode.failed;
  }
  return exitCode.ok;
}

function usage(output: CliOutput, problem: string): number {
  output.error(problem);
  output.error(importRosterUsage);
  return exitCode.usage;
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
