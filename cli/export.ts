// `npm run export -- --data-dir DIR --date YYYY-MM-DD --format csv|xlsx|pdf --out FILE`: one
// day's entry log for the admin's spreadsheet, or printed for the gate's paper register. Opens
// an existing database only; never creates one.
// Exit codes: 0 written, 1 failed (no database, cannot write), 2 bad arguments.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Database } from 'better-sqlite3';
import type { EntryExportOptions } from '../backend/export/entry-export';
import { writeEntriesCsvFile } from '../backend/export/entry-export';
import { writeEntriesPdfFile } from '../backend/export/entry-pdf';
import { writeEntriesXlsxFile } from '../backend/export/entry-xlsx';
import { PaperFontError } from '../backend/export/paper-font';
import { ConfigError, loadConfig } from '../backend/config/config';
import { isCalendarDate } from '../contract/school-time';
import { openFieldCipherForCli } from '../backend/privacy/data-key';
import { FieldCipherError, type FieldCipher } from '../backend/privacy/field-cipher';
import { databaseFile, openDatabase } from '../backend/store/database';
import { errorDetail, StoreError } from '../backend/store/store-error';
import type { CliOutput } from './cli-console';
import {
  cliMessages,
  consoleOutput,
  exitCode,
  exportUsage,
  runIfEntryPoint,
  usageOf,
} from './cli-console';

const usage = usageOf(exportUsage);

export interface ExportEnvironment {
  output?: CliOutput;
  /** Folder of migrations, for tests; defaults to `<repo>/migrations`. */
  migrationsDir?: string;
}

const formats = ['csv', 'xlsx', 'pdf'] as const;
type Format = (typeof formats)[number];

export async function main(
  argv: readonly string[],
  environment: ExportEnvironment = {},
): Promise<number> {
  const output = environment.output ?? consoleOutput;
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        'data-dir': { type: 'string' },
        'data-key': { type: 'string' },
        date: { type: 'string' },
        format: { type: 'string', default: 'csv' },
        out: { type: 'string' },
        gate: { type: 'string' },
        config: { type: 'string' },
        'full-id-numbers': { type: 'boolean', default: false },
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
  // The --out name is the admin's choice: a workbook called .csv is odd but not wrong.
  const format = formats.find((known) => known === values.format);
  if (format === undefined) {
    return usage(output, cliMessages.badFormat(values.format));
  }

  const fullIdNumbers = values['full-id-numbers'] === true;
  const options: EntryExportOptions = { date, fullIdNumbers };
  if (values.gate !== undefined) options.gateId = values.gate;
  try {
    // The names on paper and in the gate column come from the kiosk's config.
    const configFile = values.config ?? join(dataDir, 'config.json');
    const config = loadConfig(
      values.config !== undefined || existsSync(configFile) ? configFile : undefined,
    );
    options.gateNames = { [config.gate.id]: config.gate.name };
    if (config.school) options.schoolName = config.school.name;
  } catch (error) {
    output.error(error instanceof ConfigError ? error.message : errorDetail(error));
    return exitCode.failed;
  }
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
    let cipher: FieldCipher;
    try {
      cipher = openFieldCipherForCli(db, dataDir, values['data-key']);
    } catch (error) {
      // A DataKeyError's message, like a StoreError's, is a sentence written for the admin.
      output.error(errorDetail(error));
      return exitCode.failed;
    }
    const rows = await writeEntries(db, cipher, options, format, out);
    output.out(cliMessages.exported(rows, date, out));
    if (fullIdNumbers) {
      output.error(cliMessages.fullIdNumbersWritten(out));
    }
    return exitCode.ok;
  } catch (error) {
    // A sealed number that does not open is the database's problem, not the output file's.
    output.error(
      error instanceof FieldCipherError || error instanceof PaperFontError
        ? error.message
        : cliMessages.cannotWrite(out, errorDetail(error)),
    );
    return exitCode.failed;
  } finally {
    db.close();
  }
}

async function writeEntries(
  db: Database,
  cipher: FieldCipher,
  options: EntryExportOptions,
  format: Format,
  out: string,
): Promise<number> {
  switch (format) {
    case 'xlsx':
      return await writeEntriesXlsxFile(db, cipher, options, out);
    case 'pdf':
      return await writeEntriesPdfFile(db, cipher, options, out);
    case 'csv':
      return writeEntriesCsvFile(db, cipher, options, out);
  }
}

await runIfEntryPoint(import.meta.url, main);
