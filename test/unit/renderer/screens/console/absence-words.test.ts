// What the absence register's forms send, checked before the kiosk is asked: a follow-up needs
// an outcome, and an outcome of 其他 needs a note saying what was learned (as the contract's own
// rule does); a new absence needs a chosen person and a start date, and no return before it.
import { describe, expect, it } from 'vitest';
import { operations } from '../../../../../contract/api';
import {
  endChoices,
  followUpFrom,
  newAbsenceFrom,
  type NewAbsenceFields,
} from '../../../../../renderer/screens/console/absence-words';

const call = { method: 'phone', contact: '', note: '' } as const;

describe('a follow-up call', () => {
  it('needs an outcome chosen', () => {
    expect(followUpFrom(7, { ...call, outcome: '' })).toBe('absences.follow-up.need-outcome');
  });

  it('needs a note when the outcome is other, a blank one not counting', () => {
    expect(followUpFrom(7, { ...call, outcome: 'other', note: '   ' })).toBe(
      'absences.follow-up.need-note',
    );
    const written = followUpFrom(7, { ...call, outcome: 'other', note: ' 在外婆家 ' });
    expect(written).toEqual({
      absenceId: 7,
      method: 'phone',
      outcome: 'other',
      contact: null,
      note: '在外婆家',
    });
    // What the page sends, the contract takes; what it holds back, the contract refuses too.
    expect(operations.addAbsenceFollowUp.input.safeParse(written).success).toBe(true);
    expect(
      operations.addAbsenceFollowUp.input.safeParse({ ...(written as object), note: null }).success,
    ).toBe(false);
  });

  it('takes any other outcome without a note, the contact trimmed', () => {
    const input = followUpFrom(7, {
      method: 'visit',
      outcome: 'recovering',
      contact: ' 父亲 ',
      note: '',
    });
    expect(input).toEqual({
      absenceId: 7,
      method: 'visit',
      outcome: 'recovering',
      contact: '父亲',
      note: null,
    });
    expect(operations.addAbsenceFollowUp.input.safeParse(input).success).toBe(true);
  });
});

describe('a new absence', () => {
  const fields: NewAbsenceFields = {
    cause: 'illness',
    symptoms: ' 发热 ',
    since: '2026-11-23',
    expectedReturn: '',
    note: '',
  };

  it('needs someone chosen from the roster', () => {
    expect(newAbsenceFrom(null, fields)).toBe('absences.new.need-person');
  });

  it('needs a start date, and a return (if any) not before it', () => {
    expect(newAbsenceFrom(31, { ...fields, since: '' })).toBe('absences.new.need-since');
    expect(newAbsenceFrom(31, { ...fields, since: '2026-02-30' })).toBe('absences.new.need-since');
    expect(newAbsenceFrom(31, { ...fields, expectedReturn: '2026-11-22' })).toBe(
      'absences.new.return-before-since',
    );
    expect(newAbsenceFrom(31, { ...fields, symptoms: '咳'.repeat(201) })).toBe(
      'absences.new.symptoms-too-long',
    );
  });

  it('sends what the contract takes, blanks as null', () => {
    const input = newAbsenceFrom(31, { ...fields, expectedReturn: '2026-11-23' });
    expect(input).toEqual({
      personId: 31,
      cause: 'illness',
      symptoms: '发热',
      since: '2026-11-23',
      expectedReturn: '2026-11-23',
      note: null,
    });
    expect(operations.openAbsence.input.safeParse(input).success).toBe(true);
  });
});

describe('the endings an open absence offers', () => {
  it('back at school only when not for illness; recorded in error always', () => {
    expect(endChoices({ cause: 'other' })).toEqual(['returned', 'cancelled']);
    expect(endChoices({ cause: 'illness' })).toEqual(['cancelled']);
    expect(endChoices({ cause: 'fever-at-gate' })).toEqual(['cancelled']);
  });
});
