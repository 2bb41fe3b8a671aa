// Checks a roster read from any file format (CSV lines or worksheet rows) into people, all or
// nothing: one bad row refuses the whole file and every bad row is listed with its number.
// The readers (roster-csv.ts, roster-xlsx.ts) only turn bytes into rows of cells; every rule
// about headers, kinds, cards and ID numbers lives here, so both formats obey the same ones.
// Never touches the database and never returns a half-checked list.
import type { PersonKind } from '../../contract/api';
import type { IdNumberOptions } from '../../contract/id-number';
import { maskIdNumber, validateIdNumber } from '../../contract/id-number';
import type {
  RosterColumn,
  RosterPlace,
  RosterProblem,
  RosterProblemCode,
} from './roster-messages';
import { rosterProblemMessage } from './roster-messages';

export interface RosterPerson {
  card: string;
  name: string;
  kind: PersonKind;
  className: string;
  /** Normalised (upper-case X, ASCII digits); null when the cell was empty. */
  idNumber: string | null;
}

export interface RosterLineError {
  /** Physical line of a CSV file or row number of a worksheet; the header is 1 in both. */
  line: number;
  code: RosterProblemCode;
  message: string;
  /**
   * The problem's details for a screen that words it in its own language (`{{column}}`,
   * `{{limit}}` …). An ID number in here is masked, like in `message`.
   */
  params: Record<string, string | number>;
}

export type RosterParseResult =
  { ok: true; people: RosterPerson[] } | { ok: false; errors: RosterLineError[] };

/**
 * A cell as a reader found it. A CSV cell is always text; a worksheet cell may hold something
 * Excel turned the typing into, and whether that is acceptable depends on the column.
 */
export type RosterCell =
  | string
  /** `text` has no `.0` or exponent; `exact` is false when Excel cannot have kept every digit. */
  | { kind: 'number'; text: string; exact: boolean }
  | { kind: 'date' }
  | { kind: 'error'; error: string };

export interface RosterRow {
  /** Line or row number, for the admin to find it. */
  line: number;
  /** Trimmed. */
  cells: readonly RosterCell[];
}

export interface RosterCheckOptions extends IdNumberOptions {
  /** How the file counts its rows in messages: CSV lines or worksheet rows. */
  place?: RosterPlace;
}

/** Header names accepted for each column, compared trimmed and case-insensitively. */
const columnHeaders: Record<RosterColumn, readonly string[]> = {
  card: ['card', '卡号'],
  name: ['name', '姓名'],
  kind: ['kind', '类别'],
  className: ['class', '班级'],
  idNumber: ['idnumber', '身份证号', '身份证号码'],
};
const requiredColumns: readonly RosterColumn[] = ['card', 'name', 'kind'];

const kindValues: Readonly<Record<string, PersonKind>> = {
  student: 'student',
  学生: 'student',
  staff: 'staff',
  教职工: 'staff',
};

const maximumLength: Readonly<Record<RosterColumn, number>> = {
  card: 64,
  name: 64,
  kind: 16,
  className: 64,
  idNumber: 32,
};

type ColumnIndexes = Partial<Record<RosterColumn, number>>;

/**
 * Checks a whole roster: the first row is the header, every later one a person. `empty` is the
 * problem to report when there is no row at all (the words differ for a CSV and a workbook).
 */
export function checkRosterRows(
  rows: readonly RosterRow[],
  empty: RosterProblem,
  options: RosterCheckOptions = {},
): RosterParseResult {
  const place = options.place ?? 'line';
  const [header, ...people] = rows;
  if (header === undefined) {
    return refuse([lineError(1, empty, place)]);
  }
  const columns = readHeader(header, place);
  if (!columns.ok) {
    return refuse(columns.errors);
  }
  if (people.length === 0) {
    return refuse([lineError(header.line, { code: 'no-people' }, place)]);
  }
  const checkedPeople: RosterPerson[] = [];
  const errors: RosterLineError[] = [];
  const firstLineOfCard = new Map<string, number>();
  for (const row of people) {
    const checked = readPerson(row, columns.indexes, options);
    if (!checked.ok) {
      errors.push(...checked.problems.map((problem) => lineError(row.line, problem, place)));
      continue;
    }
    const firstLine = firstLineOfCard.get(checked.person.card);
    if (firstLine !== undefined) {
      const problem: RosterProblem = {
        code: 'duplicate-card',
        card: checked.person.card,
        firstLine,
      };
      errors.push(lineError(row.line, problem, place));
      continue;
    }
    firstLineOfCard.set(checked.person.card, row.line);
    checkedPeople.push(checked.person);
  }
  return errors.length > 0 ? refuse(errors) : { ok: true, people: checkedPeople };
}

/** A refusal of the whole file for one problem (unreadable, empty …). */
export function refuseRoster(
  line: number,
  problem: RosterProblem,
  place: RosterPlace = 'line',
): RosterParseResult {
  return refuse([lineError(line, problem, place)]);
}

/** True when a row has nothing in it, so it is skipped like a blank line. */
export function isBlankRow(cells: readonly RosterCell[]): boolean {
  return cells.every((cell) => cell === '');
}

function readHeader(
  header: RosterRow,
  place: RosterPlace,
): { ok: true; indexes: ColumnIndexes } | { ok: false; errors: RosterLineError[] } {
  const indexes: ColumnIndexes = {};
  const errors: RosterLineError[] = [];
  header.cells.forEach((cell, index) => {
    const column = columnOfHeader(typeof cell === 'string' ? cell : '');
    if (column === undefined) {
      return; // Other columns of the school's sheet (性别, 备注 …) are ignored.
    }
    if (indexes[column] !== undefined) {
      errors.push(lineError(header.line, { code: 'duplicate-column', column }, place));
      return;
    }
    indexes[column] = index;
  });
  for (const column of requiredColumns) {
    if (indexes[column] === undefined) {
      errors.push(lineError(header.line, { code: 'missing-column', column }, place));
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, indexes };
}

function columnOfHeader(cell: string): RosterColumn | undefined {
  const name = cell.trim().toLowerCase();
  const columns = Object.keys(columnHeaders) as RosterColumn[];
  return columns.find((column) => columnHeaders[column].includes(name));
}

/**
 * The text of a cell for a column, or why it cannot be trusted. An ID number stored as a
 * number is always refused: it has 18 digits and Excel keeps 15, so the digits are already
 * gone. Any other number is fine while it is short enough to be exact.
 */
function cellText(cell: RosterCell, column: RosterColumn): string | RosterProblem {
  if (typeof cell === 'string') return cell;
  switch (cell.kind) {
    case 'number':
      return column === 'idNumber' || !cell.exact ? { code: 'number-cell', column } : cell.text;
    case 'date':
      return { code: 'date-cell', column };
    case 'error':
      return { code: 'error-cell', column, error: cell.error };
  }
}

function readPerson(
  row: RosterRow,
  indexes: ColumnIndexes,
  options: IdNumberOptions,
): { ok: true; person: RosterPerson } | { ok: false; problems: RosterProblem[] } {
  const problems: RosterProblem[] = [];
  // Columns whose cell was already refused, so they are not also reported as empty.
  const refused = new Set<RosterColumn>();
  const texts = {} as Record<RosterColumn, string>;
  for (const column of Object.keys(maximumLength) as RosterColumn[]) {
    const index = indexes[column];
    const text = cellText(index === undefined ? '' : (row.cells[index] ?? ''), column);
    if (typeof text !== 'string') {
      problems.push(text);
      refused.add(column);
      texts[column] = '';
    } else {
      if (Array.from(text).length > maximumLength[column]) {
        problems.push({ code: 'too-long', column, limit: maximumLength[column] });
      }
      texts[column] = text;
    }
  }
  const { card, name, kind: kindText, className, idNumber: idText } = texts;
  if (card === '' && !refused.has('card')) problems.push({ code: 'missing-card' });
  if (name === '' && !refused.has('name')) problems.push({ code: 'missing-name' });
  const kind = Object.hasOwn(kindValues, kindText.toLowerCase())
    ? kindValues[kindText.toLowerCase()]
    : undefined;
  if (refused.has('kind')) {
    // Already reported.
  } else if (kindText === '') {
    problems.push({ code: 'missing-kind' });
  } else if (kind === undefined) {
    problems.push({ code: 'unknown-kind', value: kindText });
  }
  let idNumber: string | null = null;
  if (idText !== '' && !refused.has('idNumber')) {
    const checked = validateIdNumber(idText, options);
    if (checked.ok) {
      idNumber = checked.value;
    } else {
      problems.push({ code: 'bad-id-number', problem: checked.reason, value: idText });
    }
  }
  if (problems.length > 0 || kind === undefined) {
    return { ok: false, problems };
  }
  return { ok: true, person: { card, name, kind, className, idNumber } };
}

function lineError(line: number, quoted: RosterProblem, place: RosterPlace): RosterLineError {
  const problem = maskQuotedDocuments(quoted);
  return {
    line,
    code: problem.code,
    message: rosterProblemMessage(problem, place),
    params: problemParams(problem),
  };
}

/**
 * A cell a problem quotes back may hold someone's ID number when the columns are mixed up (the
 * ID numbers under 类别, or used as cards); it is masked like the ID number column's own.
 * Found by test/unit/fuzz/roster-files.test.ts.
 */
function maskQuotedDocuments(problem: RosterProblem): RosterProblem {
  if (problem.code === 'unknown-kind' && /\d{6}/.test(problem.value)) {
    return { ...problem, value: maskIdNumber(problem.value) };
  }
  if (problem.code === 'duplicate-card' && validateIdNumber(problem.card).ok) {
    return { ...problem, card: maskIdNumber(problem.card) };
  }
  return problem;
}

/** Everything a problem carries except its code; the ID number it quotes is masked. */
function problemParams(problem: RosterProblem): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(problem)) {
    if (key !== 'code' && (typeof value === 'string' || typeof value === 'number')) {
      params[key] = value;
    }
  }
  if (problem.code === 'bad-id-number') params.value = maskIdNumber(problem.value);
  return params;
}

function refuse(errors: RosterLineError[]): RosterParseResult {
  return { ok: false, errors: [...errors].sort((first, second) => first.line - second.line) };
}
