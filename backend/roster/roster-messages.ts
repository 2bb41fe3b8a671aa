// Every sentence the roster import says to the school admin, in one place so it can be
// translated later. Plain English that says what is wrong and what to do about it; never a full
// ID number (they are masked), never a stack trace.
import type { z } from 'zod';
import type { IdNumberProblem } from '../../contract/id-number';
import type {
  rosterColumnSchema,
  RosterPreviewView,
} from '../../contract/operations/roster-operations';
import { maskIdNumber } from '../../contract/id-number';
import type { RosterPreview } from './roster-preview';
import type { RosterPerson } from './roster-rows';

/** The columns of a roster file, by meaning (their header names are in roster-rows.ts). */
export type RosterColumn = z.infer<typeof rosterColumnSchema>;

/** How a file counts its rows for the admin: lines of a CSV file, rows of a worksheet. */
export type RosterPlace = Extract<RosterPreviewView, { ok: false }>['place'];

export type RosterProblem =
  | { code: 'empty-file' }
  | { code: 'no-people' }
  | { code: 'csv-syntax'; why: CsvSyntaxWhy; detail: string }
  | { code: 'not-a-workbook'; why: NotWorkbookWhy; detail: string }
  | { code: 'old-excel-format' }
  | { code: 'no-worksheet' }
  | { code: 'empty-sheet'; sheet: string }
  | { code: 'number-cell'; column: RosterColumn }
  | { code: 'date-cell'; column: RosterColumn }
  | { code: 'error-cell'; column: RosterColumn; error: string }
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

/**
 * Why a file is not a workbook, and why a CSV cannot be read, as codes the screen words in the
 * admin's language (`console.roster.workbook-why.<why>`, `console.roster.csv-why.<why>`); the
 * reader's own English `detail` stays in the message for the command line and the log.
 */
export type NotWorkbookWhy = 'empty' | 'old-or-locked' | 'not-zip' | 'damaged';
export type CsvSyntaxWhy = 'quote' | 'other';

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

/** How to make a spreadsheet column keep what is typed, in the words of a Chinese Excel. */
const formatAsText = (column: RosterColumn) =>
  `Format the ${columnNames[column]} column as Text (选中该列 → 设置单元格格式 → 文本), ` +
  'type the values again, and import the file again.';

/** The admin-facing sentence for one problem; `place` says whether rows are lines or rows. */
export function rosterProblemMessage(problem: RosterProblem, place: RosterPlace = 'line'): string {
  switch (problem.code) {
    case 'empty-file':
      return 'The file is empty. Export the roster from Excel as CSV with a header row and try again.';
    case 'not-a-workbook':
      return (
        `The file is not an Excel workbook (.xlsx) or it is damaged (${problem.detail}). ` +
        'Open it in Excel and save it again as "Excel Workbook (*.xlsx)" or "CSV UTF-8".'
      );
    case 'old-excel-format':
      return (
        'The file is an old Excel 97-2003 workbook (.xls), which cannot be read. Open it in ' +
        'Excel and save it as "Excel Workbook (*.xlsx)" or "CSV UTF-8", then import that file.'
      );
    case 'no-worksheet':
      return 'The workbook has no worksheet. Put the roster on the first worksheet.';
    case 'empty-sheet':
      return (
        `The first worksheet ("${problem.sheet}") is empty. Its first row must name the ` +
        'columns 卡号, 姓名, 类别, 班级, 身份证号, with one person on each row below.'
      );
    case 'number-cell':
      return problem.column === 'idNumber'
        ? 'The ID number (身份证号) is stored as a number, and Excel keeps only 15 digits of a ' +
            'number, so the last digits are already lost. ' +
            formatAsText(problem.column)
        : `The ${columnNames[problem.column]} is a number too long for Excel to keep every ` +
            `digit (it keeps 15). ${formatAsText(problem.column)}`;
    case 'date-cell':
      return (
        `The ${columnNames[problem.column]} is a date: Excel turns some typing into dates ` +
        `(3-2 becomes 2 March). ${formatAsText(problem.column)}`
      );
    case 'error-cell':
      return (
        `The ${columnNames[problem.column]} shows the Excel error ${problem.error}. ` +
        'Put the value itself in the cell.'
      );
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
        `The card number "${problem.card}" was already used on ${place} ${problem.firstLine}. ` +
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
export function rosterRefusedHeading(errorCount: number, place: RosterPlace = 'line'): string {
  return (
    `The roster was not imported: ${errorCount} ${errorCount === 1 ? 'problem' : 'problems'} ` +
    `found. Nothing was changed. Fix these ${place}s and import the whole file again:`
  );
}

const kindNames: Readonly<Record<string, string>> = { student: '学生', staff: '教职工' };

/**
 * The preview for the admin: the counts first, then up to `limit` people of each list with ID
 * numbers masked. Says plainly that nothing was written and that people not in the file stay.
 */
export function rosterPreviewLines(preview: RosterPreview, limit = 20): string[] {
  const { added, changed, removed, unchanged } = preview;
  const lines = [
    'Preview only: nothing has been written.',
    `  to add: ${added.length}`,
    `  to change: ${changed.length}`,
    `  unchanged: ${unchanged}`,
    `  not in the file: ${removed.length} (they stay on the roster)`,
  ];
  const section = <T>(title: string, items: readonly T[], line: (item: T) => string) => {
    if (items.length === 0) return;
    const shown = items.slice(0, limit);
    const more = items.length > shown.length ? `, the first ${shown.length}` : '';
    lines.push('', `${title} (${items.length}${more}):`, ...shown.map((item) => `  ${line(item)}`));
  };
  section('To add', added, personLine);
  section('To change', changed, (change) => {
    const differences = change.fields.map((field) => {
      const before = fieldText(field, change.before);
      const after = fieldText(field, change.after);
      return `${columnNames[field]} ${before} → ${after}`;
    });
    if (change.rejoins) differences.push('back on the roster (was marked as left)');
    return `${change.after.card} ${change.after.name}: ${differences.join('; ')}`;
  });
  section('Not in the file, staying on the roster', removed, personLine);
  return lines;
}

function personLine(person: RosterPerson): string {
  return [
    person.card,
    person.name,
    kindNames[person.kind] ?? person.kind,
    person.className,
    person.idNumber === null ? '' : maskIdNumber(person.idNumber),
  ]
    .filter((part) => part !== '')
    .join('  ');
}

function fieldText(field: RosterColumn, person: RosterPerson): string {
  const value = field === 'kind' ? (kindNames[person.kind] ?? person.kind) : person[field];
  if (value === null || value === '') return '(empty)';
  return field === 'idNumber' ? maskIdNumber(value) : value;
}
