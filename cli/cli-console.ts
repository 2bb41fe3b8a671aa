// What the admin command-line tools say and where they say it: usage texts and result lines in
// one place (for translation later), and an output the tests can capture in-process.
// Never prints a full ID number or a stack trace; errors are sentences.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface CliOutput {
  /** A line for standard output: results. */
  out(line: string): void;
  /** A line for standard error: problems and usage. */
  error(line: string): void;
}

export const consoleOutput: CliOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
};

/** Exit codes shared by the tools. */
export const exitCode = { ok: 0, failed: 1, usage: 2 } as const;

export const importRosterUsage = [
  'Usage: npm run import-roster -- --data-dir DIR FILE.xlsx|FILE.csv',
  '       npm run import-roster -- --data-dir DIR --preview FILE.xlsx|FILE.csv',
  '       npm run import-roster -- --template FILE.xlsx',
  '',
  'Imports the roster (whitelist) from an Excel workbook (.xlsx, its first worksheet) or a CSV',
  'file saved from Excel; the file name ending chooses which. The header row names the columns',
  '卡号, 姓名, 类别, 班级, 身份证号 (or card, name, kind, class, idNumber); 类别 is 学生 or',
  '教职工. People are matched by card: new cards are added, known cards updated, people not',
  'in the file are left as they are. One bad row and nothing is imported.',
  '',
  '  --data-dir DIR    the kiosk data folder holding kiosk.db',
  '  --data-key FILE   the data key, when the kiosk keeps it outside the data folder',
  '  --preview         check the file and list who would be added, changed or left as they',
  '                    are; writes nothing',
  '  --template FILE   write an empty roster workbook with the Chinese headers, the columns',
  '                    formatted as text, one example row and a 说明 (instructions) sheet',
].join('\n');

export const exportUsage = [
  'Usage: npm run export -- --data-dir DIR --date YYYY-MM-DD [--format csv|xlsx|pdf] --out FILE',
  '                        [--gate GATE_ID] [--config FILE] [--full-id-numbers]',
  '',
  "Writes one day's entry log (Beijing time) for Excel, ID numbers masked: as CSV (UTF-8 with",
  'BOM) or as an Excel workbook with real date-times and numbers; or as a printable A4 PDF',
  "register with the school's and gates' names, counts and a line for the duty leader's",
  'signature (needs a Chinese font: fonts-noto-cjk).',
  '',
  '  --data-dir DIR      the kiosk data folder holding kiosk.db',
  '  --data-key FILE     the data key, when the kiosk keeps it outside the data folder',
  '  --date YYYY-MM-DD   the school day to export',
  '  --format csv|xlsx|pdf  the file format (default csv); the --out name is not checked',
  '  --out FILE          where to write the file (replaced if it exists)',
  '  --gate GATE_ID      only this gate (default: all gates)',
  "  --config FILE       the kiosk's config, for the school's and gate's names (default:",
  '                      config.json in the data folder, when there is one)',
  '  --full-id-numbers   write ID numbers in full; only when the file is needed for that,',
  '                      and keep it safe',
].join('\n');

export const cliMessages = {
  badArguments: (detail: string) => `${detail}\n`,
  missingOption: (option: string) => `The option ${option} is required.\n`,
  oneRosterFile: 'Give exactly one roster file.\n',
  badDate: (date: string) => `The date "${date}" is not a calendar day written YYYY-MM-DD.\n`,
  badFormat: (format: string) => `The format "${format}" is not supported; use csv, xlsx or pdf.\n`,
  cannotRead: (file: string, detail: string) => `Cannot read ${file}: ${detail}`,
  cannotWrite: (file: string, detail: string) => `Cannot write ${file}: ${detail}`,
  rosterLine: (line: number, message: string) => `  line ${line}: ${message}`,
  rosterRow: (row: number, message: string) => `  row ${row}: ${message}`,
  templateAlone: '--template FILE takes no roster file, --preview or --data-dir.\n',
  templateWritten: (file: string) => `Wrote the roster template to ${file}.`,
  database: (file: string) => `Database: ${file}`,
  exported: (rows: number, date: string, file: string) =>
    `Wrote ${rows} ${rows === 1 ? 'entry' : 'entries'} of ${date} to ${file}.`,
  fullIdNumbersWritten: (file: string) =>
    `Warning: ${file} holds full ID numbers. Keep it safe, share it only with who needs it, ` +
    'and delete it when it is no longer needed.',
};

/** True when the module at this URL is the script node (or tsx) was started with. */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) {
    return false;
  }
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/**
 * A tool's answer to a command line it cannot use: the problem, then how to use the tool, on
 * standard error, and the usage exit code.
 */
export function usageOf(usageText: string): (output: CliOutput, problem: string) => number {
  return (output, problem) => {
    output.error(problem);
    output.error(usageText);
    return exitCode.usage;
  };
}

/** Runs a tool's `main` with its arguments when its module is the script node was started with. */
export async function runIfEntryPoint(
  moduleUrl: string,
  main: (argv: string[]) => Promise<number>,
): Promise<void> {
  if (isEntryPoint(moduleUrl)) process.exitCode = await main(process.argv.slice(2));
}
