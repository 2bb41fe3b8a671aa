// Reads the day's absence sheet class teachers already fill in (卡号 or 姓名+班级, 原因, 症状) into
// absences for the register, all or nothing: one refused row refuses the sheet, and every
// refused cell is listed with its line, its column as the sheet names it and what it holds.
// Reads the roster to find each person but writes nothing; the register opens the absences.
// Must run without an await between its reading of the roster and the register's writing, so
// the people it found are the people the register finds.
import type { Database } from 'better-sqlite3';
import { maskIdNumber, validateIdNumber } from '../../contract/id-number';
import type { AbsenceSheetProblem } from '../../contract/operations/absence-operations';
import type { SheetCell, SheetRow } from './absence-sheet-file';
import { readSheetFile } from './absence-sheet-file';

/** An absence a sheet's row asks for, its person found on the roster. */
export interface SheetAbsence {
  personId: number;
  cause: 'illness' | 'other';
  symptoms: string | null;
  since: string;
  expectedReturn: string | null;
}

export type AbsenceSheetFileProblem = 'unreadable' | 'no-header' | 'empty' | 'too-many-rows';

export type AbsenceSheetResult =
  | { ok: true; rows: SheetAbsence[] }
  | { ok: false; problems: AbsenceSheetProblem[]; file: AbsenceSheetFileProblem | null };

/** A day's sheet for a whole school is a few hundred rows; more is a wrong file. */
export const absenceSheetMaxRows = 2000;
export const absenceSymptomsMaxLength = 200;
/** How much of a refused cell is quoted back. */
const quotedLength = 40;
/** Rows above the header a sheet may have (a title, the class, the teacher's name). */
const rowsBeforeHeader = 4;

type Column = 'card' | 'name' | 'className' | 'cause' | 'symptoms' | 'date' | 'expectedReturn';

/** Header names accepted for each column, compared without spaces and case. */
const columnHeaders: Record<Column, readonly string[]> = {
  card: ['卡号', 'card'],
  name: ['姓名', 'name'],
  className: ['班级', 'class'],
  cause: ['原因', '缺勤原因', 'cause'],
  symptoms: ['症状', 'symptoms'],
  date: ['日期', '缺勤日期', 'date'],
  expectedReturn: ['预计返校', '预计返校日期', 'expectedreturn'],
};

/** The words teachers write for a cause, compared without spaces and case. */
const causeWords: Readonly<Record<string, 'illness' | 'other'>> = {
  病假: 'illness',
  因病: 'illness',
  生病: 'illness',
  发热: 'illness',
  发烧: 'illness',
  illness: 'illness',
  sick: 'illness',
  事假: 'other',
  其他: 'other',
  other: 'other',
  personal: 'other',
};

/** Where each column is, and its header as the sheet writes it (problems name it so). */
type Columns = Partial<Record<Column, { index: number; header: string }>>;

/** The people a row may name: everyone on the roster who has not left. */
interface Roster {
  byCard(card: string): number | null;
  byName(name: string, className: string | null): number[];
}

/**
 * Checks a sheet's bytes against the roster. `date` is the day the import is for: a row without
 * its own 日期 is absent from it.
 */
export async function readAbsenceSheet(
  db: Database,
  bytes: Uint8Array,
  date: string,
): Promise<AbsenceSheetResult> {
  const file = await readSheetFile(bytes);
  if (!file.ok) return refuseFile(file.why);
  const found = findHeader(file.rows);
  if (found === null) return refuseFile('no-header');
  const rows = file.rows.slice(found.at + 1);
  if (rows.length === 0) return refuseFile('empty');
  if (rows.length > absenceSheetMaxRows) return refuseFile('too-many-rows');
  return checkRows(rows, found.columns, rosterOf(db), date);
}

function refuseFile(file: AbsenceSheetFileProblem): AbsenceSheetResult {
  return { ok: false, problems: [], file };
}

/** The first of the sheet's first rows that names a cause and a way to find the person. */
function findHeader(rows: readonly SheetRow[]): { at: number; columns: Columns } | null {
  for (const [at, row] of rows.slice(0, rowsBeforeHeader + 1).entries()) {
    const columns: Columns = {};
    row.cells.forEach((cell, index) => {
      if (typeof cell !== 'string') return;
      const column = columnOfHeader(cell);
      // Other columns (学号, 家长电话, 备注 …) are the teacher's own; the first of a name counts.
      if (column !== undefined && columns[column] === undefined) {
        columns[column] = { index, header: cell };
      }
    });
    const findsPerson = columns.card !== undefined || columns.name !== undefined;
    if (findsPerson && columns.cause !== undefined) return { at, columns };
  }
  return null;
}

function columnOfHeader(cell: string): Column | undefined {
  const name = compact(cell);
  const columns = Object.keys(columnHeaders) as Column[];
  return columns.find((column) => columnHeaders[column].includes(name));
}

function checkRows(
  rows: readonly SheetRow[],
  columns: Columns,
  roster: Roster,
  date: string,
): AbsenceSheetResult {
  const absences: SheetAbsence[] = [];
  const problems: AbsenceSheetProblem[] = [];
  const firstLineOf = new Map<number, number>();
  for (const row of rows) {
    const cell = (column: Column): SheetCell => {
      const at = columns[column];
      return at === undefined ? '' : (row.cells[at.index] ?? '');
    };
    const refuse = (column: Column | null, problem: AbsenceSheetProblem['problem']) => {
      const at = column === null ? undefined : columns[column];
      problems.push({
        line: row.line,
        column: at?.header ?? null,
        problem,
        value: column === null ? null : quote(textOf(cell(column))),
      });
    };
    const person = findPerson(cell('card'), cell('name'), cell('className'), roster);
    if ('problem' in person) refuse(person.column, person.problem);
    const causeWord = compact(textOf(cell('cause')));
    // Own keys only: a cell saying "constructor" is no cause.
    const cause = Object.hasOwn(causeWords, causeWord) ? causeWords[causeWord] : undefined;
    if (cause === undefined) refuse('cause', 'cause-unknown');
    const symptoms = textOf(cell('symptoms'));
    if (Array.from(symptoms).length > absenceSymptomsMaxLength) {
      refuse('symptoms', 'symptoms-too-long');
    }
    const since = cell('date') === '' ? date : dayOf(cell('date'));
    if (since === null) refuse('date', 'date-bad');
    const returnWritten = cell('expectedReturn') !== '';
    const expectedReturn = returnWritten ? dayOf(cell('expectedReturn')) : null;
    // A return before the absence began is a slip of the keyboard, not a plan.
    const returnBefore = expectedReturn !== null && since !== null && expectedReturn < since;
    if ((returnWritten && expectedReturn === null) || returnBefore) {
      refuse('expectedReturn', 'date-bad');
    }
    if ('problem' in person) continue;
    const firstLine = firstLineOf.get(person.personId);
    if (firstLine !== undefined) {
      refuse(person.column, 'duplicate');
      continue;
    }
    firstLineOf.set(person.personId, row.line);
    if (cause === undefined || since === null) continue;
    absences.push({
      personId: person.personId,
      cause,
      symptoms: symptoms === '' ? null : symptoms,
      since,
      expectedReturn,
    });
  }
  return problems.length > 0 ? { ok: false, problems, file: null } : { ok: true, rows: absences };
}

type FoundPerson =
  | { personId: number; column: Column }
  | { problem: AbsenceSheetProblem['problem']; column: Column | null };

/**
 * By 卡号 when the row has one; else by 姓名 and 班级. A row with a 姓名 but no 班级 finds the
 * one person of that name in the school (an ambiguous name is refused, never guessed).
 */
function findPerson(
  card: SheetCell,
  name: SheetCell,
  className: SheetCell,
  roster: Roster,
): FoundPerson {
  if (card !== '') {
    // A card Excel stored as a long number has lost digits; it is no card on the roster.
    const text =
      typeof card === 'string' ? card : card.kind === 'number' && card.exact ? card.text : null;
    const personId = text === null ? null : roster.byCard(text);
    return personId === null
      ? { problem: 'card-unknown', column: 'card' }
      : { personId, column: 'card' };
  }
  const nameText = textOf(name);
  if (nameText === '') return { problem: 'no-person', column: null };
  const classText = textOf(className);
  const found = roster.byName(nameText, classText === '' ? null : classText);
  if (found.length === 1 && found[0] !== undefined) return { personId: found[0], column: 'name' };
  return {
    problem: found.length === 0 ? 'name-class-unknown' : 'name-class-ambiguous',
    column: 'name',
  };
}

/** Everyone on the roster who has not left, read once per sheet. */
function rosterOf(db: Database): Roster {
  const card = db.prepare<[string], { id: number }>(
    "SELECT id FROM people WHERE card = ? AND status <> 'left'",
  );
  let byName: Map<string, { id: number; className: string }[]> | null = null;
  return {
    byCard: (text) => card.get(text)?.id ?? null,
    byName(name, className) {
      if (byName === null) byName = peopleByName(db);
      const named = byName.get(compact(name)) ?? [];
      const wanted = className === null ? null : compact(className);
      return named
        .filter((person) => wanted === null || person.className === wanted)
        .map(({ id }) => id);
    },
  };
}

function peopleByName(db: Database): Map<string, { id: number; className: string }[]> {
  const people = db
    .prepare<[], { id: number; name: string; className: string }>(
      "SELECT id, name, class_name AS className FROM people WHERE status <> 'left'",
    )
    .all();
  const byName = new Map<string, { id: number; className: string }[]>();
  for (const person of people) {
    const key = compact(person.name);
    const list = byName.get(key) ?? [];
    list.push({ id: person.id, className: compact(person.className) });
    byName.set(key, list);
  }
  return byName;
}

/**
 * A day as the sheet writes it: 2026-11-23, as Excel's CSV writes a date on a Chinese Windows
 * (2026/11/23), 2026年11月23日, or an Excel date cell; null when it is none of them or no such day.
 */
function dayOf(cell: SheetCell): string | null {
  if (typeof cell !== 'string') return cell.kind === 'date' ? cell.day : null;
  const parts = /^(\d{4})(?:[-/.](\d{1,2})[-/.](\d{1,2})|年(\d{1,2})月(\d{1,2})日)$/.exec(
    cell.normalize('NFKC').replace(/\s+/g, ''),
  );
  if (parts === null) return null;
  const [year, month, day] = [parts[1], parts[2] ?? parts[4], parts[3] ?? parts[5]].map(Number);
  if (year === undefined || month === undefined || day === undefined) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2026-02-30 over into March; a day that rolled over was no day.
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** A cell as the teacher sees it. */
function textOf(cell: SheetCell): string {
  if (typeof cell === 'string') return cell;
  switch (cell.kind) {
    case 'number':
      return cell.text;
    case 'date':
      return cell.day;
    case 'error':
      return cell.error;
  }
}

/** For comparing what people type: full-width letters and digits as ASCII, no spaces, no case. */
function compact(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** A refused cell quoted back, shortened; an ID number typed in the wrong column is masked. */
function quote(text: string): string | null {
  if (text === '') return null;
  const shown = validateIdNumber(text).ok ? maskIdNumber(text) : text;
  const characters = Array.from(shown);
  return characters.length > quotedLength
    ? `${characters.slice(0, quotedLength - 1).join('')}…`
    : shown;
}
