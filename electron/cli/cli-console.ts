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
  'Usage: npm run import-roster -- --data-dir DIR FILE.csv',
  '',
  'Imports the roster (whitelist) from a CSV file saved from Excel. The header row names the',
  'columns 卡号, 姓名, 类别, 班级, 身份证号 (or card, name, kind, class, idNumber); 类别 is',
  '学生 or 教职工. People are matched by card: new cards are added, known cards updated,',
  'people not in the file are left as they are. One bad row and nothing is imported.',
  '',
  '  --data-dir DIR   the kiosk data folder holding kiosk.db',
].join('\n');

export const exportUsage = [
  'Usage: npm run export -- --data-dir DIR --date YYYY-MM-DD [--format csv] --out FILE',
  '                        [--gate GATE_ID]',
  '',
  "Writes one day's entry log (Beijing time) as a CSV file for Excel, ID numbers masked.",
  '',
  '  --data-dir DIR      the kiosk data folder holding kiosk.db',
  '  --date YYYY-MM-DD   the school day to export',
  '  --format csv        the file format (only csv for now)',
  '  --out FILE          where to write the file (replaced if it exists)',
  '  --gate GATE_ID      only this gate (default: all gates)',
].join('\n');

export const cliMessages = {
  badArguments: (detail: string) => `${detail}\n`,
  missingOption: (option: string) => `The option ${option} is required.\n`,
  oneRosterFile: 'Give exactly one roster file.\n',
  badDate: (date: string) => `The date "${date}" is not a calendar day written YYYY-MM-DD.\n`,
  badFormat: (format: string) => `The format "${format}" is not supported; use csv.\n`,
  cannotRead: (file: string, detail: string) => `Cannot read ${file}: ${detail}`,
  cannotWrite: (file: string, detail: string) => `Cannot write ${file}: ${detail}`,
  rosterLine: (line: number, message: string) => `  line ${line}: ${message}`,
  database: (file: string) => `Database: ${file}`,
  exported: (rows: number, date: string, file: string) =>
    `Wrote ${rows} ${rows === 1 ? 'entry' : 'entries'} of ${date} to ${file}.`,
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
