// The policy form's rules: each bad field is named with its own code, the body keeps the rules
// the form does not show, the form and the kiosk's policySchema agree on what is valid, and
// Beijing times are read as Beijing times whatever the machine's zone.
import { describe, expect, it } from 'vitest';
import { defaultPolicy, policySchema } from '../../../../../backend/checks/policy';
import {
  shanghaiInputToIso as beijingInputToIso,
  shanghaiInput as isoToBeijingInput,
} from '../../../../../contract/school-time';
import { formatBeijing } from '../../../../../renderer/screens/console/console-files';
import {
  fromDraft,
  modeDifferences,
  newQuestion,
  toDraft,
  toggle,
  type Body,
  type PolicyDraft,
} from '../../../../../renderer/screens/console/policy-draft';

const base = { ...defaultPolicy, stableReadings: 5 } as Body;
const now = Date.parse('2026-11-23T00:00:00.000Z');
const draftWith = (fields: Partial<PolicyDraft>): PolicyDraft => ({ ...toDraft(base), ...fields });
const errorsOf = (fields: Partial<PolicyDraft>) => {
  const result = fromDraft(draftWith(fields), base, now);
  return result.ok ? {} : result.errors;
};

describe('the policy draft', () => {
  it('round-trips the stored policy and keeps the rules the form does not show', () => {
    const result = fromDraft(toDraft(base), base, now);
    expect(result).toMatchObject({ ok: true, effectiveFrom: null });
    if (!result.ok) return;
    expect(policySchema.parse(result.policy)).toEqual(policySchema.parse(base));
    expect(result.policy.stableReadings).toBe(5);
  });

  it('edits the minutes until an open retest is overdue', () => {
    expect(toDraft(base).retestClose).toBe('10');
    const result = fromDraft(draftWith({ retestClose: ' 25 ' }), base, now);
    expect(result).toMatchObject({ ok: true, policy: { retestCloseMinutes: 25 } });
  });

  it.each([
    [{ feverThreshold: '39.5' }, 'feverThreshold', 'threshold-range'],
    [{ feverThreshold: '37.25' }, 'feverThreshold', 'threshold-step'],
    [{ feverThreshold: '37,3' }, 'feverThreshold', 'not-a-number'],
    [{ feverThreshold: '' }, 'feverThreshold', 'not-a-number'],
    [{ plausibleMin: '37.5' }, 'plausibleMin', 'plausible-min-order'],
    [{ plausibleMin: '29' }, 'plausibleMin', 'plausible-below-presence'],
    [{ plausibleMax: '37.3' }, 'plausibleMax', 'plausible-max-range'],
    [{ feverThreshold: '38.5', plausibleMax: '38.5' }, 'plausibleMax', 'plausible-max-order'],
    [{ retestWait: '1000' }, 'retestWait', 'retest-wait-range'],
    [{ retestClose: '0' }, 'retestClose', 'retest-close-range'],
    [{ retestClose: '241' }, 'retestClose', 'retest-close-range'],
    [{ retestClose: '2.5' }, 'retestClose', 'retest-close-range'],
    [{ retestClose: '' }, 'retestClose', 'not-a-number'],
  ])('refuses %o naming %s', (fields, field, code) => {
    expect(errorsOf(fields)).toEqual({ [field]: code });
  });

  it('refuses an empty text, a repeated id and an eleventh question', () => {
    const questions = toDraft(base).questions;
    expect(
      errorsOf({ questions: [...questions, { id: 'symptoms', zh: '  ', en: 'Fever?' }] }),
    ).toEqual({ 'question.3.id': 'question-id-duplicate', 'question.3.zh': 'question-text-empty' });
    const eleven = Array.from({ length: 11 }, (_, index) => ({
      id: `q-${index}`,
      zh: '问题',
      en: 'Question',
    }));
    expect(errorsOf({ questions: eleven })).toEqual({ questions: 'questions-too-many' });
  });

  it('agrees with the kiosk’s policySchema on what may be saved', () => {
    const cases: Partial<PolicyDraft>[] = [
      { feverThreshold: '34' },
      { feverThreshold: '39' },
      { feverThreshold: '33.9' },
      { feverThreshold: '37.25' },
      { plausibleMin: '37.4' },
      { plausibleMax: '37.3' },
      { questions: [{ id: 'Bad Id', zh: '问', en: 'Q' }] },
      { questions: [{ id: 'a', zh: '问'.repeat(121), en: 'Q' }] },
      { retestWait: '0' },
      { retestClose: '1' },
      { retestClose: '240' },
      { retestClose: '0' },
      { retestClose: '241' },
      { retestClose: '2.5' },
      { mode: 'epidemic' },
    ];
    for (const fields of cases) {
      const draft = draftWith(fields);
      const form = fromDraft(draft, base, now);
      // The body as the form would send it, without the form's own checks.
      const unchecked = fromDraft({ ...toDraft(base), mode: draft.mode }, base, now);
      if (!unchecked.ok) throw new Error('the base policy is valid');
      const sent = {
        ...unchecked.policy,
        feverThresholdCelsius: Number(draft.feverThreshold),
        plausibleMinCelsius: Number(draft.plausibleMin),
        plausibleMaxCelsius: Number(draft.plausibleMax),
        retestWaitSeconds: Number(draft.retestWait),
        retestCloseMinutes: Number(draft.retestClose),
        questions: draft.questions.map((q) => ({ id: q.id, 'zh-CN': q.zh, en: q.en })),
      };
      expect([fields, form.ok]).toEqual([fields, policySchema.safeParse(sent).success]);
    }
  });

  it('takes a later effective time in Beijing time and refuses one in the past', () => {
    expect(
      fromDraft(draftWith({ when: 'later', effectiveAt: '2026-11-23T09:30' }), base, now),
    ).toMatchObject({ ok: true, effectiveFrom: '2026-11-23T01:30:00.000Z' });
    expect(errorsOf({ when: 'later', effectiveAt: '2026-11-23T07:00' })).toEqual({
      effectiveAt: 'effective-past',
    });
    expect(errorsOf({ when: 'later', effectiveAt: '' })).toEqual({
      effectiveAt: 'effective-missing',
    });
  });

  it('ticks the requirements per mode and lists what switching the mode changes', () => {
    const matrix = toggle(toDraft(base).required, 'ordinary', 'healthCode', 'visitor');
    expect(matrix.ordinary.healthCode).toEqual(['visitor']);
    expect(matrix.epidemic.healthCode).toEqual(['student', 'staff', 'visitor']);
    expect(modeDifferences(matrix)).toEqual([
      { check: 'healthCode', kind: 'student' },
      { check: 'healthCode', kind: 'staff' },
    ]);
    expect(toggle(matrix, 'ordinary', 'healthCode', 'visitor').ordinary.healthCode).toEqual([]);
  });

  it('gives a new question an id not yet used', () => {
    expect(
      newQuestion([
        { id: 'q-2', zh: '', en: '' },
        { id: 'x', zh: '', en: '' },
      ]).id,
    ).toBe('q-3');
    expect(newQuestion([{ id: 'q-2', zh: '', en: '' }]).id).toBe('q-3');
  });
});

describe('Beijing time', () => {
  it('reads and writes datetime-local values as UTC+8', () => {
    expect(beijingInputToIso('2026-11-23T07:30')).toBe('2026-11-22T23:30:00.000Z');
    expect(beijingInputToIso('2026-02-30T07:30')).toBeNull();
    expect(beijingInputToIso('tomorrow')).toBeNull();
    expect(isoToBeijingInput(Date.parse('2026-11-22T23:30:00.000Z'))).toBe('2026-11-23T07:30');
    expect(formatBeijing('2026-11-22T23:30:00.000Z')).toBe('2026-11-23 07:30');
  });
});

describe('a legacy policy body', () => {
  it('with only temperatureRequiredFor still parses, as the ordinary mode', () => {
    const policy = policySchema.parse({ temperatureRequiredFor: ['student', 'staff'] });
    expect(policy.mode).toBe('ordinary');
    expect(policy.required.ordinary.temperature).toEqual(['student', 'staff']);
    expect(policy.required.epidemic).toEqual(defaultPolicy.required.epidemic);
  });
});
