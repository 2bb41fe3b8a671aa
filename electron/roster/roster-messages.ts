// Every sentence the roster import says to the school admin, in one place so it can be
// translated later. Plain English that says what is wrong and what to do about it; never a full
// ID number (they are masked), never a stack trace.
import type { IdNumberProblem } from '../identity/id-number';
import { maskIdNumber } from '../identity/id-number';

/** The columns of a roster file, by meaning (their header names are in roster-csv.ts). */
export type RosterColumn = 'card' | 'name' | 'kind' | 'className' | 'idNumber';

export type RosterProblem =
  | { code: 'empty-file' }
  | { code: 'no-people' }
  | { code: 'csv-syntax'; detail: string }
  | { code: 'missing-column'; column: RosterColumn }
  | { code: 'duplicate-column'; column: RosterColumn }
  | { code: 'missing-card' }
  | { code: 'missing-name' }
  | { code: 'missing-kind' }
  | { code: 'too-long'; column: RosterColumn; limit: number }
  | { code: 'unknown-kind'; value: string }
  | { code: 'duplicate-card'; card: string; firstLine: number }
  | { code: 'bad-id-number'; problem: IdNumberProblem; value: string };

export type RosterProblemCode = RosterProblem['code'];

/** How each column is called in messages: English first, then the Chinese header. */
const columnNames: Record<RosterColumn, string> = {
  card: 'card (卡号)',
  name: 'name (姓名)',
  kind: 'kind (类别)',
  className: 'class (班级)',
  idNumber: 'ID number (身份证号)',
};

const idNumberProblems: Record<IdNumberProblem, string> = {
  empty: 'is empty',
  'wrong-format':
    'is not 18 characters (17 digits and a digit or X) nor a Home Return Permit (H or M and 8 digits)',
  'unknown-region': 'does not start with a known region code',
  'bad-birth-date': 'does not contain a real birth date',
  'wrong-check-character': 'has a wrong last character (check digit); it is probably mistyped',
};

/** The admin-facing sentence for one problem. */
export function rosterProblemMessage(problem: RosterProblem): string {
  switch (problem.code) {
    case 'empty-file':
      return 'The file is empty. Export the roster from Excel as CSV with a header row and try again.';
    case 'no-people':
      return 'The file has a header row but no people in it.';
    case 'csv-syntax':
      return `The file is not valid CSV (${problem.detail}). Check for a quote mark that is never closed.`;
    case 'missing-column':
      return (
        `The header row has no ${columnNames[problem.column]} column. ` +
        'The first row must name the columns: 卡号, 姓名, 类别, 班级, 身份证号 ' +
        '(or card, name, kind, class, idNumber).'
      );
    case 'duplicate-column':
      return `The header row names the ${columnNames[problem.column]} column twice; keep one.`;
    case 'missing-card':
      return 'The card number is empty. Every person needs a card number.';
    case 'missing-name':
      return 'The name is empty. Every person needs a name.';
    case 'missing-kind':
      return 'The kind is empty. Write 学生 (student) or 教职工 (staff).';
    case 'too-long':
      return `The ${columnNames[problem.column]} is longer than ${problem.limit} characters.`;
    case 'unknown-kind':
      return `The kind "${problem.value}" is not known. Write 学生 (student) or 教职工 (staff).`;
    case 'duplicate-card':
      return (
        `The card number "${problem.card}" was already used on line ${problem.firstLine}. ` +
        'Each card belongs to one person.'
      );
    case 'bad-id-number':
      return badIdNumberMessage(problem.problem, problem.value);
  }
}

function badIdNumberMessage(problem: IdNumberProblem, value: string): string {
  // Excel shows long numbers as 1.10105E+17 and saves them that way unless the column is text;
  // the digits are lost, so the value can be shown as it is.
  if (/^\d(\.\d+)?E\+\d+$/i.test(value.trim())) {
    return (
      `The ID number "${value.trim()}" has been turned into a number by Excel. Format the ID ` +
      'number column as Text, type the numbers again, and save as CSV.'
    );
  }
  return (
    `The ID number ${maskIdNumber(value)} ${idNumberProblems[problem]}. ` +
    'Correct it or leave the cell empty.'
  );
}

/** The one-line summary of a successful import. */
export function rosterImportSummary(counts: {
  added: number;
  updated: number;
  unchanged: number;
}): string {
  const total = counts.added + counts.updated + counts.unchanged;
  return (
    `Imported ${total} ${total === 1 ? 'person' : 'people'}: ${counts.added} added, ` +
    `${counts.updated} updated, ${counts.unchanged} unchanged. ` +
    'People already in the roster but not in this file were left as they were.'
  );
}

/** The heading above the list of bad rows when a file is refused. */
export function rosterRefusedHeading(errorCount: number): string {
  return (
    `The roster was not imported: ${errorCount} ${errorCount === 1 ? 'problem' : 'problems'} ` +
    'found. Nothing was changed. Fix these lines and import the whole file again:'
  );
}
