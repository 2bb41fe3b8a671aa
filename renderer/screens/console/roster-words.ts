// The roster page's words that depend on data: a refused row's reason from its code and details
// (the backend sends codes, the screen words them in the chosen language), a column's name, a
// status. Only looks words up; never holds one itself.
import type { TFunction } from 'i18next';
import type { RosterProblemView } from '../../../contract/operations/roster-operations';

export type RosterPlace = 'line' | 'row';

/** "Row 5: the ID number 110***…0021 has a wrong last character …". */
export function problemText(t: TFunction, problem: RosterProblemView, place: RosterPlace): string {
  const params: Record<string, string | number> = { ...problem.params };
  if (typeof params.column === 'string') params.column = columnName(t, params.column);
  if (typeof params.problem === 'string') {
    params.problem = t(`console.roster.id-problem.${params.problem}`);
  }
  // Why a file could not be read, in words; the reader's English detail is never shown.
  if (typeof params.why === 'string') {
    const family = problem.code === 'csv-syntax' ? 'csv-why' : 'workbook-why';
    params.why = t(`console.roster.${family}.${params.why}`);
  }
  delete params.detail;
  params.place = t(`console.roster.place.${place}`);
  const reason = t(`console.roster.problem.${problem.code}`, {
    ...params,
    defaultValue: t('console.roster.problem.other', { code: problem.code }),
  });
  return t(`console.roster.at-${place}`, { line: problem.line, reason });
}

export function columnName(t: TFunction, column: string): string {
  return t(`console.roster.column.${column}`, { defaultValue: column });
}

export function statusName(t: TFunction, status: string): string {
  return t(`console.people.status.${status}`, { defaultValue: status });
}

export function kindName(t: TFunction, kind: string): string {
  return t(`console.people.kind.${kind}`, { defaultValue: kind });
}
