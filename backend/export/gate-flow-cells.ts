// The export's words for the gate-flow evidence of an entry: the answers to the questions of
// the day, the health code and how it was obtained, and a roster status that kept someone out.
// Text only (the caller neutralises formulas); a stored value this version does not know is
// shown as it is rather than lost.
import { healthCodeWords, statusWords, wordFor } from './export-labels';

export interface GateFlowColumns {
  answers: string | null;
  healthCode: string | null;
  healthCodeMethod: string | null;
  healthCodeBy: string | null;
  personStatus: string | null;
  personStatusReason: string | null;
  personStatusSetBy: string | null;
}

/**
 * "最近14天内您是否有发热、咳嗽等症状？否；…": each answer after its question's text in the
 * entry's own policy version (`questions`, id → Chinese text); an id that version does not
 * name is shown as it is.
 */
export function answersWords(
  answers: string | null,
  questions: Readonly<Record<string, string>> = {},
): string {
  if (answers === null) return '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(answers);
  } catch {
    return answers;
  }
  if (typeof parsed !== 'object' || parsed === null) return answers;
  return Object.entries(parsed)
    .map(
      ([id, answer]) =>
        `${questionLabel(id, questions)}${answer === 'yes' ? '是' : answer === 'no' ? '否' : String(answer)}`,
    )
    .join('；');
}

/** A question's text (it ends in ？, so the answer follows it); an unknown id and a space. */
function questionLabel(id: string, questions: Readonly<Record<string, string>>): string {
  const text = Object.hasOwn(questions, id) ? questions[id] : undefined;
  return text === undefined ? `${id} ` : text;
}

/** "绿码（在线核验）", or "绿码（保安确认，未核验：王保安）". */
export function healthCodeCell(row: GateFlowColumns): string {
  if (row.healthCode === null) return '';
  const colour = wordFor(healthCodeWords, row.healthCode);
  if (row.healthCodeMethod === 'online') return `${colour}（在线核验）`;
  return `${colour}（保安确认，未核验：${row.healthCodeBy ?? ''}）`;
}

/** "居家隔离：密接者（设置人 李老师）". */
export function personStatusCell(row: GateFlowColumns): string {
  if (row.personStatus === null) return '';
  const status = wordFor(statusWords, row.personStatus);
  const reason = row.personStatusReason ? `：${row.personStatusReason}` : '';
  const by = row.personStatusSetBy ? `（设置人 ${row.personStatusSetBy}）` : '';
  return `${status}${reason}${by}`;
}
