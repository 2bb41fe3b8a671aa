// The policy form as typed (numbers as strings, so a half-typed value is not lost) and the
// policy body it becomes, with an error per field as a translation code. Pure: every rule is a
// unit test. It mirrors policySchema's limits; the kiosk checks the whole body again on save.
import { shanghaiInputToIso } from '../../../contract/school-time';

export const kinds = ['student', 'staff', 'visitor'] as const;
export const checks = ['temperature', 'healthCode', 'questions'] as const;
export const modes = ['ordinary', 'epidemic'] as const;
export const blockingStatuses = ['isolating', 'needs-certificate'] as const;
export const hubAwayChoices = ['admit', 'refuse'] as const;
export const maxQuestions = 10;

export type Kind = (typeof kinds)[number];
export type Check = (typeof checks)[number];
export type Mode = (typeof modes)[number];
export type BlockingStatus = (typeof blockingStatuses)[number];
export type HubAwayChoice = (typeof hubAwayChoices)[number];
export type Matrix = Record<Mode, Record<Check, Kind[]>>;
export type Body = Record<string, unknown>;

export interface QuestionDraft {
  id: string;
  zh: string;
  en: string;
}

export interface PolicyDraft {
  feverThreshold: string;
  plausibleMin: string;
  plausibleMax: string;
  retestWait: string;
  /** Minutes after the first reading until an open retest is overdue (whole minutes). */
  retestClose: string;
  mode: Mode;
  required: Matrix;
  questions: QuestionDraft[];
  blocking: BlockingStatus[];
  /** At a gate of a school hub that cannot reach it: admit visitors' passes, or refuse them. */
  passesWhileHubAway: HubAwayChoice;
  when: 'now' | 'later';
  /** YYYY-MM-DDTHH:mm in Beijing time, as a datetime-local input gives it. */
  effectiveAt: string;
}

/** Field name → the translation code of what is wrong with it (`policy.error.<code>`). */
export type FieldErrors = Record<string, string>;

export type DraftResult =
  { ok: true; policy: Body; effectiveFrom: string | null } | { ok: false; errors: FieldErrors };

export function toDraft(body: Body): PolicyDraft {
  const required = (body.required ?? {}) as Partial<Record<Mode, Partial<Record<Check, Kind[]>>>>;
  const matrix = Object.fromEntries(
    modes.map((mode) => [
      mode,
      Object.fromEntries(checks.map((check) => [check, [...(required[mode]?.[check] ?? [])]])),
    ]),
  ) as Matrix;
  const questions = Array.isArray(body.questions) ? (body.questions as Body[]) : [];
  return {
    feverThreshold: text(body.feverThresholdCelsius),
    plausibleMin: text(body.plausibleMinCelsius),
    plausibleMax: text(body.plausibleMaxCelsius),
    retestWait: text(body.retestWaitSeconds),
    retestClose: text(body.retestCloseMinutes),
    mode: body.mode === 'epidemic' ? 'epidemic' : 'ordinary',
    required: matrix,
    questions: questions.map((question) => ({
      id: text(question.id),
      zh: text(question['zh-CN']),
      en: text(question.en),
    })),
    blocking: blockingStatuses.filter(
      (status) => Array.isArray(body.blockingStatuses) && body.blockingStatuses.includes(status),
    ),
    passesWhileHubAway: body.passesWhileHubAway === 'refuse' ? 'refuse' : 'admit',
    when: 'now',
    effectiveAt: '',
  };
}

/**
 * The body to save: the stored body with the form's fields put in, so rules the form does not
 * show (the sensor's stability settings …) are kept as they were. `nowMs` judges "not past".
 */
export function fromDraft(draft: PolicyDraft, base: Body, nowMs: number): DraftResult {
  const errors: FieldErrors = {};
  const threshold = number(draft.feverThreshold);
  const min = number(draft.plausibleMin);
  const max = number(draft.plausibleMax);
  const wait = number(draft.retestWait);
  const close = number(draft.retestClose);
  const presence = typeof base.presenceMinCelsius === 'number' ? base.presenceMinCelsius : 30;

  if (threshold === null) errors.feverThreshold = 'not-a-number';
  else if (threshold < 34 || threshold > 39) errors.feverThreshold = 'threshold-range';
  else if (!inTenths(threshold)) errors.feverThreshold = 'threshold-step';
  if (min === null) errors.plausibleMin = 'not-a-number';
  else if (min < 25 || min > 40) errors.plausibleMin = 'plausible-min-range';
  else if (min < presence) errors.plausibleMin = 'plausible-below-presence';
  else if (threshold !== null && min > threshold) errors.plausibleMin = 'plausible-min-order';
  if (max === null) errors.plausibleMax = 'not-a-number';
  else if (max < 38 || max > 45) errors.plausibleMax = 'plausible-max-range';
  else if (threshold !== null && max <= threshold) errors.plausibleMax = 'plausible-max-order';
  if (wait === null) errors.retestWait = 'not-a-number';
  else if (wait < 0 || wait > 900) errors.retestWait = 'retest-wait-range';
  if (close === null) errors.retestClose = 'not-a-number';
  else if (!Number.isInteger(close) || close < 1 || close > 240) {
    errors.retestClose = 'retest-close-range';
  }
  questionErrors(draft.questions, errors);

  let effectiveFrom: string | null = null;
  if (draft.when === 'later') {
    effectiveFrom = shanghaiInputToIso(draft.effectiveAt.trim());
    if (effectiveFrom === null) errors.effectiveAt = 'effective-missing';
    else if (Date.parse(effectiveFrom) < nowMs - 60_000) errors.effectiveAt = 'effective-past';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    effectiveFrom,
    policy: {
      ...base,
      feverThresholdCelsius: threshold,
      plausibleMinCelsius: min,
      plausibleMaxCelsius: max,
      retestWaitSeconds: wait,
      retestCloseMinutes: close,
      mode: draft.mode,
      required: draft.required,
      questions: draft.questions.map((question) => ({
        id: question.id.trim(),
        'zh-CN': question.zh.trim(),
        en: question.en.trim(),
      })),
      blockingStatuses: blockingStatuses.filter((status) => draft.blocking.includes(status)),
      passesWhileHubAway: draft.passesWhileHubAway,
    },
  };
}

function questionErrors(questions: QuestionDraft[], errors: FieldErrors): void {
  if (questions.length > maxQuestions) errors.questions = 'questions-too-many';
  const seen = new Set<string>();
  questions.forEach((question, index) => {
    const id = question.id.trim();
    if (!/^[a-z0-9-]{1,32}$/.test(id)) errors[`question.${index}.id`] = 'question-id-format';
    else if (seen.has(id)) errors[`question.${index}.id`] = 'question-id-duplicate';
    seen.add(id);
    const zh = question.zh.trim();
    const en = question.en.trim();
    if (zh === '') errors[`question.${index}.zh`] = 'question-text-empty';
    else if (zh.length > 120) errors[`question.${index}.zh`] = 'question-text-long';
    if (en === '') errors[`question.${index}.en`] = 'question-text-empty';
    else if (en.length > 200) errors[`question.${index}.en`] = 'question-text-long';
  });
}

/** A new question with an id not yet used ("q-4"); its texts are for the admin to write. */
export function newQuestion(questions: QuestionDraft[]): QuestionDraft {
  const used = new Set(questions.map((question) => question.id));
  let number = questions.length + 1;
  while (used.has(`q-${number}`)) number += 1;
  return { id: `q-${number}`, zh: '', en: '' };
}

/** Ticks or unticks one cell of a mode's requirements, keeping the kinds in their order. */
export function toggle(matrix: Matrix, mode: Mode, check: Check, kind: Kind): Matrix {
  const current = matrix[mode][check];
  const next = current.includes(kind)
    ? current.filter((item) => item !== kind)
    : kinds.filter((item) => item === kind || current.includes(item));
  return { ...matrix, [mode]: { ...matrix[mode], [check]: next } };
}

/** The cells where the two modes differ: what switching the mode changes at the gate. */
export function modeDifferences(matrix: Matrix): { check: Check; kind: Kind }[] {
  return checks.flatMap((check) =>
    kinds
      .filter(
        (kind) => matrix.ordinary[check].includes(kind) !== matrix.epidemic[check].includes(kind),
      )
      .map((kind) => ({ check, kind })),
  );
}

function text(value: unknown): string {
  return typeof value === 'number' || typeof value === 'string' ? String(value) : '';
}

function number(value: string): number | null {
  const trimmed = value.trim();
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) return null;
  return Number(trimmed);
}

function inTenths(value: number): boolean {
  return Math.abs(value * 10 - Math.round(value * 10)) < 1e-9;
}
