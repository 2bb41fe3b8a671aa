// The absence register's rules as the page applies them before asking the kiosk, and its words
// that depend on data: a cause with its reading, a refused sheet row (第 N 行, column, cell,
// problem), which endings an absence offers. Pure: no DOM, no clock; the kiosk checks again.
import type { TFunction } from 'i18next';
import type {
  Absence,
  AbsenceSheetProblem,
  NewAbsence,
} from '../../../contract/operations/absence-operations';
import { isCalendarDate } from '../../../contract/school-time';
import { formatCelsius } from '../../display/display-format';

type Method = 'phone' | 'message' | 'visit';
type Outcome = 'recovering' | 'seen-doctor' | 'in-hospital' | 'recovered' | 'no-answer' | 'other';

export interface FollowUpInput {
  absenceId: number;
  method: Method;
  outcome: Outcome;
  contact: string | null;
  note: string | null;
}

/** The fields of the follow-up form as typed. */
export interface FollowUpFields {
  method: Method;
  outcome: Outcome | '';
  contact: string;
  note: string;
}

/** A follow-up to record, or the translation key of what is missing. */
export function followUpFrom(absenceId: number, fields: FollowUpFields): FollowUpInput | string {
  const note = fields.note.trim() || null;
  if (fields.outcome === '') return 'absences.follow-up.need-outcome';
  // What was learned when none of the outcomes fits is the whole record: it must be written.
  if (fields.outcome === 'other' && note === null) return 'absences.follow-up.need-note';
  return {
    absenceId,
    method: fields.method,
    outcome: fields.outcome,
    contact: fields.contact.trim() || null,
    note,
  };
}

/** The fields of the new-absence form as typed. */
export interface NewAbsenceFields {
  cause: 'illness' | 'other';
  symptoms: string;
  since: string;
  expectedReturn: string;
  note: string;
}

export const symptomsMaxLength = 200;

/** An absence to open, or the translation key of what is wrong. */
export function newAbsenceFrom(
  personId: number | null,
  fields: NewAbsenceFields,
): NewAbsence | string {
  if (personId === null) return 'absences.new.need-person';
  const symptoms = fields.symptoms.trim() || null;
  if (symptoms !== null && symptoms.length > symptomsMaxLength) {
    return 'absences.new.symptoms-too-long';
  }
  if (!isCalendarDate(fields.since)) return 'absences.new.need-since';
  const expectedReturn = fields.expectedReturn.trim() || null;
  if (expectedReturn !== null) {
    if (!isCalendarDate(expectedReturn)) return 'absences.new.bad-return';
    // Dates written YYYY-MM-DD compare as text.
    if (expectedReturn < fields.since) return 'absences.new.return-before-since';
  }
  return {
    personId,
    cause: fields.cause,
    symptoms,
    since: fields.since,
    expectedReturn,
    note: fields.note.trim() || null,
  };
}

/** 因病 / 门口发热 38.4 °C / 其他. */
export function causeText(t: TFunction, absence: Pick<Absence, 'cause' | 'celsius'>): string {
  if (absence.cause === 'fever-at-gate' && absence.celsius !== null) {
    return t('absences.cause.fever-at-gate-reading', { celsius: formatCelsius(absence.celsius) });
  }
  return t(`absences.cause.${absence.cause}`);
}

/**
 * How an open absence may be ended here: back at school only when it was not for illness (an
 * illness absence ends with the return certificate), and recorded in error always.
 */
export function endChoices(absence: Pick<Absence, 'cause'>): ('returned' | 'cancelled')[] {
  return absence.cause === 'other' ? ['returned', 'cancelled'] : ['cancelled'];
}

const knownColumns = ['card', 'name', 'class', 'cause', 'symptoms', 'since', 'expected-return'];

/** A column named by the kiosk (an id such as `cause`) in words; a header as written stays. */
function columnText(t: TFunction, column: string): string {
  return knownColumns.includes(column) ? t(`absences.import.column.${column}`) : column;
}

/** 第 5 行 · 原因 · “发烧” · 看不懂原因：请写“因病”或“其他”. */
export function importProblemText(t: TFunction, problem: AbsenceSheetProblem): string {
  const parts = [t('absences.import.line', { line: problem.line })];
  if (problem.column !== null) parts.push(columnText(t, problem.column));
  if (problem.value !== null) parts.push(t('absences.import.value', { value: problem.value }));
  parts.push(t(`absences.import.problem.${problem.problem}`));
  return parts.join(' · ');
}
