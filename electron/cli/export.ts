// `npm run export -- --data-dir DIR --date YYYY-MM-DD --format csv --out FILE`: one day's
// entry log for the admin's spreadsheet. Opens an existing database only; never creates one.
// Exit codes: 0 written, 1 failed (no database, cannot write), 2 bad arguments.
import { parseArgs } from 'node:util';
import { writeEntriesCsvFile } from '../export/entry-export';
import { isCalendarDate } from '../export/shanghai-time';
import { databaseFile, openDatabase } from '../store/database';
import { errorDetail, StoreError } from '../store/store-error';
import type { CliOutput } from './cli-console';
import { cliMessages, consoleOutput, exitCode, exportUsage, isEntryPoint } from './cli-console';

export interface ExportEnvironment {
  output?: CliOutput;
  /** Folder of migrations, for tests; defaults to `<repo>/migrations`. */
  migrationsDir?: string;
}

const formats = ['csv'] as const;

export function main(argv: readonly string[], environment: ExportEnvironment = {}): number {
  const output = environment.output ?? consoleOutput;
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        'data-dir': { type: 'string' },
        date: { type: 'string' },
        format: { type: 'string', default: 'csv' },
        out: { type: 'string' },
        gate: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    });
  } catch (error) {
    return usage(output, cliMessages.badArguments(errorDetail(error)));
  }
  const { values } = parsed;
  if (values.help === true) {
    output.out(exportUsage);
    return exitCode.ok;
  }
  for (const option of ['data-dir', 'date', 'out'] as const) {
    if (values[option] === undefined || values[option] === '') {
      return usage(output, cliMessages.missingOption(`--${option}`));
    }
  }
  const dataDir = values['data-dir'] ?? '';
  const date = values.date ?? '';
  const out = values.out ?? '';
  if (!isCalendarDate(date)) {
    return usage(output, cliMessages.badDate(date));
  }
  if (!formats.some((format) => format === values.format)) {
    return usage(output, cliMessages.badFormat(values.format));
  }

  const options = values.gate === undefined ? { date } : { date, gateId: values.gate };
  let db;
  try {
    db = openDatabase(databaseFile(dataDir), {
      mustExist: true,
      migrationsDir: environment.migrationsDir,
    });
  } catch (error) {
    output.error(error instanceof StoreError ? error.message : errorDetail(error));
    return exitCode.failed;
  }
  try {
    const rows = writeEntriesCsvFile(db, options, out);
    output.out(cliMessages.exported(rows, date, out));
    return exitCode.ok;
  } catch (error) {
    output.error(cliMessages.cannotWrite(out, errorDetail(error)));
    return exitCode.failed;
  } finally {
    db.close();
  }
}

function usage(output: CliOutput, problem: string): number {
  output.error(problem);
  output.error(exportUsage);
  return exitCode.usage;
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
