// Reads the school's roster CSV (exported from its Excel sheet) into people, all or nothing:
// one bad row refuses the whole file and every bad row is listed with its physical line number.
// Never touches the database and never returns a half-checked list.
import { parse } from 'csv-parse/sync';
import type { PersonKind } from '../contract/api';
import type { IdNumberOptions } from '../identity/id-number';
import { validateIdNumber } from '../identity/id-number';
import type { RosterColumn, RosterProblem, RosterProblemCode } from './roster-messages';
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
  /** Physical line in the file; the header is line 1. */
  line: number;
  code: RosterProblemCode;
  message: string;
}

export type RosterParseResult =
  { ok: true; people: RosterPerson[] } | { ok: false; errors: RosterLineError[] };

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

interface CsvRow {
  line: number;
  cells: string[];
}

type ColumnIndexes = Partial<Record<RosterColumn, number>>;

/** Parses and checks a whole roster file. `options.today` bounds birth dates in ID numbers. */
export function parseRosterCsv(text: string, options: IdNumberOptions = {}): RosterParseResult {
  const read = readRows(text);
  if ('problem' in read) {
    return refuse([lineError(read.line, read.problem)]);
  }
  const [header, ...rows] = read.rows;
  if (header === undefined) {
    return refuse([lineError(1, { code: 'empty-file' })]);
  }
  const columns = readHeader(header);
  if (!columns.ok) {
    return refuse(columns.errors);
  }
  if (rows.length === 0) {
    return refuse([lineError(header.line, { code: 'no-people' })]);
  }
  const people: RosterPerson[] = [];
  const errors: RosterLineError[] = [];
  const firstLineOfCard = new Map<string, number>();
  for (const row of rows) {
    const checked = readPerson(row, columns.indexes, options);
    if (!checked.ok) {
      errors.push(...checked.problems.map((problem) => lineError(row.line, problem)));
      continue;
    }
    const firstLine = firstLineOfCard.get(checked.person.card);
    if (firstLine !== undefined) {
      const problem: RosterProblem = {
        code: 'duplicate-card',
        card: checked.person.card,
        firstLine,
      };
      errors.push(lineError(row.line, problem));
      continue;
    }
    firstLineOfCard.set(checked.person.card, row.line);
    people.push(checked.person);
  }
  return errors.length > 0 ? refuse(errors) : { ok: true, people };
}

/** Decodes the bytes of a roster file: UTF-8 (with or without BOM), else GB18030 (Excel's CSV). */
export function decodeRosterFile(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Excel on a Chinese Windows saves "CSV (comma delimited)" in the ANSI code page, GBK.
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function readRows(text: string): { rows: CsvRow[] } | { line: number; problem: RosterProblem } {
  const rows: CsvRow[] = [];
  const source = text.replace(/^\uFEFF/, '');
  const lines = lineCounter(new TextEncoder().encode(source));
  let recordStart = 0;
  try {
    parse(source, {
      relax_column_count: true,
      skip_empty_lines: false,
      on_record: (record: string[], context) => {
        // csv-parse's own line count is off after a quoted CRLF, so lines are counted here
        // from byte offsets: a record starts where the previous one ended.
        const line = lines.lineAt(recordStart);
        recordStart = context.bytes;
        const cells = record.map((cell) => cell.trim());
        if (cells.some((cell) => cell !== '')) {
          rows.push({ line, cells });
        }
        return null;
      },
    });
  } catch (error) {
    const line = typeof error === 'object' && error !== null && 'lines' in error ? error.lines : 1;
    const detail = error instanceof Error ? error.message : String(error);
    return { line: typeof line === 'number' ? line : 1, problem: { code: 'csv-syntax', detail } };
  }
  return { rows };
}

/** Physical line (1-based) of a byte offset; offsets must be asked in increasing order. */
function lineCounter(bytes: Uint8Array): { lineAt(offset: number): number } {
  let scanned = 0;
  let line = 1;
  return {
    lineAt(offset) {
      for (; scanned < offset && scanned < bytes.length; scanned += 1) {
        if (bytes[scanned] === 0x0a) {
          line += 1;
        }
      }
      return line;
    },
  };
}

function readHeader(
  header: CsvRow,
): { ok: true; indexes: ColumnIndexes } | { ok: false; errors: RosterLineError[] } {
  const indexes: ColumnIndexes = {};
  const errors: RosterLineError[] = [];
  header.cells.forEach((cell, index) => {
    const column = columnOfHeader(cell);
    if (column === undefined) {
      return; // Other columns of the school's sheet (性别, 备注 …) are ignored.
    }
    if (indexes[column] !== undefined) {
      errors.push(lineError(header.line, { code: 'duplicate-column', column }));
      return;
    }
    indexes[column] = index;
  });
  for (const column of requiredColumns) {
    if (indexes[column] === undefined) {
      errors.push(lineError(header.line, { code: 'missing-column', column }));
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, indexes };
}

function columnOfHeader(cell: string): RosterColumn | undefined {
  const name = cell.trim().toLowerCase();
  const columns = Object.keys(columnHeaders) as RosterColumn[];
  return columns.find((column) => columnHeaders[column].includes(name));
}

function readPerson(
  row: CsvRow,
  indexes: ColumnIndexes,
  options: IdNumberOptions,
): { ok: true; person: RosterPerson } | { ok: false; problems: RosterProblem[] } {
  const cell = (column: RosterColumn): string => {
    const index = indexes[column];
    return index === undefined ? '' : (row.cells[index] ?? '');
  };
  const problems: RosterProblem[] = [];
  for (const column of Object.keys(maximumLength) as RosterColumn[]) {
    if (Array.from(cell(column)).length > maximumLength[column]) {
      problems.push({ code: 'too-long', column, limit: maximumLength[column] });
    }
  }
  const card = cell('card');
  const name = cell('name');
  if (card === '') problems.push({ code: 'missing-card' });
  if (name === '') problems.push({ code: 'missing-name' });
  const kindText = cell('kind');
  const kind = Object.hasOwn(kindValues, kindText.toLowerCase())
    ? kindValues[kindText.toLowerCase()]
    : undefined;
  if (kindText === '') {
    problems.push({ code: 'missing-kind' });
  } else if (kind === undefined) {
    problems.push({ code: 'unknown-kind', value: kindText });
  }
  let idNumber: string | null = null;
  const idText = cell('idNumber');
  if (idText !== '') {
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
  return { ok: true, person: { card, name, kind, className: cell('className'), idNumber } };
}

function lineError(line: number, problem: RosterProblem): RosterLineError {
  return { line, code: problem.code, message: rosterProblemMessage(problem) };
}

function refuse(errors: RosterLineError[]): RosterParseResult {
  return { ok: false, errors: [...errors].sort((first, second) => first.line - second.line) };
}
