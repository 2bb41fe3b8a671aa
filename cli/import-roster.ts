// `npm run import-roster -- --data-dir DIR FILE.xlsx|FILE.csv`: the admin's roster import from a
// shell; `--preview` shows what it would do without writing, `--template FILE` writes the blank
// workbook to fill in. Checks the whole file before opening the database, so a bad file
// changes nothing. Exit codes: 0 done, 1 refused or failed, 2 bad arguments.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { writeFileAtomically } from '../backend/store/atomic-file';
import { openFieldCipherForCli } from '../backend/privacy/data-key';
import { parseRosterFile, rosterFilePlace } from '../backend/roster/roster-file';
import {
  rosterImportSummary,
  rosterPreviewLines,
  rosterRefusedHeading,
} from '../backend/roster/roster-messages';
import { previewRoster } from '../backend/roster/roster-preview';
import type { RosterPerson } from '../backend/roster/roster-rows';
import type { Person } from '../backend/roster/roster-store';
import { importRoster, listPeople } from '../backend/roster/roster-store';
import { rosterTemplateXlsx } from '../backend/roster/roster-template';
import { databaseFile, openDatabase } from '../backend/store/database';
import { errorDetail, StoreError } from '../backend/store/store-error';
import type { CliOutput } from './cli-console';
import {
  cliMessages,
  consoleOutput,
  exitCode,
  importRosterUsage,
  runIfEntryPoint,
  usageOf,
} from './cli-console';

const usage = usageOf(importRosterUsage);

export interface ImportRosterEnvironment {
  output?: CliOutput;
  now?: () => Date;
  /** Folder of migrations, for tests; defaults to `<repo>/migrations`. */
  migrationsDir?: string;
}

interface Context {
  output: CliOutput;
  now: () => Date;
  migrationsDir: string | undefined;
}

export async function main(
  argv: readonly string[],
  environment: ImportRosterEnvironment = {},
): Promise<number> {
  const context: Context = {
    output: environment.output ?? consoleOutput,
    now: environment.now ?? (() => new Date()),
    migrationsDir: environment.migrationsDir,
  };
  const { output } = context;
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        'data-dir': { type: 'string' },
        'data-key': { type: 'string' },
        preview: { type: 'boolean', default: false },
        template: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return usage(output, cliMessages.badArguments(errorDetail(error)));
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    output.out(importRosterUsage);
    return exitCode.ok;
  }
  if (values.template !== undefined) {
    if (positionals.length > 0 || values.preview === true || values['data-dir'] !== undefined) {
      return usage(output, cliMessages.templateAlone);
    }
    if (values.template === '') {
      return usage(output, cliMessages.missingOption('--template FILE'));
    }
    return writeTemplate(output, values.template);
  }
  const dataDir = values['data-dir'];
  const [file, ...extra] = positionals;
  if (dataDir === undefined || dataDir === '') {
    return usage(output, cliMessages.missingOption('--data-dir'));
  }
  if (file === undefined || extra.length > 0) {
    return usage(output, cliMessages.oneRosterFile);
  }

  const people = await readRoster(context, file);
  if (people === null) {
    return exitCode.failed;
  }
  const keyFile = values['data-key'];
  return values.preview === true
    ? preview(context, dataDir, keyFile, people)
    : writeRoster(context, dataDir, keyFile, people);
}

/** The checked people of the file, or null after saying why it was refused. */
async function readRoster(context: Context, file: string): Promise<RosterPerson[] | null> {
  const { output } = context;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    output.error(cliMessages.cannotRead(file, errorDetail(error)));
    return null;
  }
  const roster = await parseRosterFile(file, bytes, { today: context.now() });
  if (roster.ok) {
    return roster.people;
  }
  const place = rosterFilePlace(file);
  output.error(rosterRefusedHeading(roster.errors.length, place));
  for (const problem of roster.errors) {
    const line = place === 'row' ? cliMessages.rosterRow : cliMessages.rosterLine;
    output.error(line(problem.line, problem.message));
  }
  return null;
}

function writeRoster(
  context: Context,
  dataDir: string,
  keyFile: string | undefined,
  people: RosterPerson[],
): number {
  const { output, now } = context;
  const dbFile = databaseFile(dataDir);
  try {
    const db = openDatabase(dbFile, { migrationsDir: context.migrationsDir, now });
    try {
      const counts = importRoster(db, openFieldCipherForCli(db, dataDir, keyFile), people, now());
      output.out(rosterImportSummary(counts));
      output.out(cliMessages.database(dbFile));
    } finally {
      db.close();
    }
  } catch (error) {
    // A DataKeyError's message, like a StoreError's, is a sentence written for the admin.
    output.error(error instanceof StoreError ? error.message : errorDetail(error));
    return exitCode.failed;
  }
  return exitCode.ok;
}

/** Compares without writing; a data folder with no database yet is an empty roster. */
function preview(
  context: Context,
  dataDir: string,
  keyFile: string | undefined,
  people: RosterPerson[],
): number {
  const { output } = context;
  const dbFile = databaseFile(dataDir);
  let existing: Person[] = [];
  if (existsSync(dbFile)) {
    try {
      const db = openDatabase(dbFile, {
        mustExist: true,
        migrationsDir: context.migrationsDir,
        now: context.now,
      });
      try {
        existing = listPeople(db, openFieldCipherForCli(db, dataDir, keyFile));
      } finally {
        db.close();
      }
    } catch (error) {
      output.error(error instanceof StoreError ? error.message : errorDetail(error));
      return exitCode.failed;
    }
  }
  for (const line of rosterPreviewLines(previewRoster(existing, people))) {
    output.out(line);
  }
  output.out(cliMessages.database(existsSync(dbFile) ? dbFile : `${dbFile} (not created yet)`));
  return exitCode.ok;
}

async function writeTemplate(output: CliOutput, file: string): Promise<number> {
  try {
    writeFileAtomically(file, await rosterTemplateXlsx());
  } catch (error) {
    output.error(cliMessages.cannotWrite(file, errorDetail(error)));
    return exitCode.failed;
  }
  output.out(cliMessages.templateWritten(file));
  return exitCode.ok;
}

await runIfEntryPoint(import.meta.url, main);
