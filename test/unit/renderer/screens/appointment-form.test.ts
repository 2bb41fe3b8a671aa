// The appointment form's logic: Beijing date-times whatever the PC's zone, the default window,
// the checks made before sending, and reading which fields the kiosk refused.
import { describe, expect, it } from 'vitest';
import {
  shanghaiInput as beijingLocal,
  shanghaiInputToIso as beijingToIso,
} from '../../../../contract/school-time';
import {
  defaultWindow,
  emptyDraft,
  formatWindow,
  refusedFields,
  toInput,
} from '../../../../renderer/screens/console/appointment-form';

const morning = Date.parse('2026-11-23T01:30:00.000Z'); // 09:30 in Beijing
const lateAfternoon = Date.parse('2026-11-23T07:45:00.000Z'); // 15:45 in Beijing

describe('the appointment form', () => {
  it('reads and writes Beijing time', () => {
    expect(beijingLocal(morning)).toBe('2026-11-23T09:30');
    expect(beijingToIso('2026-11-23T08:00')).toBe('2026-11-23T00:00:00.000Z');
    expect(beijingToIso('2026-11-23')).toBeNull();
    expect(formatWindow('2026-11-23T00:00:00.000Z', '2026-11-23T09:00:00.000Z')).toBe(
      '11-23 08:00–17:00',
    );
    expect(formatWindow('2026-11-23T00:00:00.000Z', '2026-11-24T09:00:00.000Z')).toBe(
      '11-23 08:00 – 11-24 17:00',
    );
  });

  it('defaults to the school day, or to two hours from now late in the day', () => {
    expect(defaultWindow(morning)).toEqual({
      validFrom: '2026-11-23T08:00',
      validTo: '2026-11-23T17:00',
    });
    expect(defaultWindow(lateAfternoon)).toEqual({
      validFrom: '2026-11-23T15:45',
      validTo: '2026-11-23T17:45',
    });
  });

  it('names empty fields and a bad entry count before sending, and sends trimmed input', () => {
    const draft = { ...emptyDraft(morning), entriesAllowed: '0' };
    expect(toInput(draft)).toEqual({
      input: null,
      problems: {
        visitorName: 'required',
        documentNumber: 'required',
        phone: 'required',
        host: 'required',
        reason: 'required',
        area: 'required',
        entriesAllowed: 'bad-entries',
      },
    });
    const filled = {
      ...emptyDraft(morning),
      visitorName: ' 张伟 ',
      documentNumber: '11010519491231002X',
      phone: '13800138000',
      host: '王老师',
      reason: '家长会',
      area: '教学楼A座',
      entriesAllowed: '2',
    };
    expect(toInput(filled)).toMatchObject({
      input: {
        visitorName: '张伟',
        vehiclePlate: null,
        validFrom: '2026-11-23T00:00:00.000Z',
        validTo: '2026-11-23T09:00:00.000Z',
        entriesAllowed: 2,
      },
    });
  });

  it('names every problem it can see at once, and still sends what the kiosk must judge', () => {
    const draft = {
      ...emptyDraft(morning),
      visitorName: '',
      documentNumber: '110105194912310021',
      phone: '12345',
      host: '王老师',
      reason: '家长会',
      area: '教学楼A座',
      validTo: '2026-11-23T07:00',
    };
    const checked = toInput(draft);
    expect(checked.problems).toEqual({
      visitorName: 'required',
      phone: 'bad-phone',
      validTo: 'ends-before-start',
    });
    // Sent all the same: only the kiosk says what is wrong with the document number.
    expect(checked.input).toMatchObject({ documentNumber: '110105194912310021', phone: '12345' });
    // A full-width or grouped mobile number is a phone number.
    expect(toInput({ ...draft, phone: '１３８ ００１３ ８０００' }).problems.phone).toBeUndefined();
  });

  it('sends nothing when a field cannot be sent at all', () => {
    const filled = { ...emptyDraft(morning), visitorName: '张伟', validFrom: '2026-11' };
    expect(toInput(filled)).toMatchObject({ input: null, problems: { validFrom: 'bad-date' } });
    expect(
      toInput({ ...filled, validFrom: emptyDraft(morning).validFrom, host: '教'.repeat(41) }),
    ).toMatchObject({ input: null, problems: { host: 'too-long' } });
  });

  it('reads every field out of a refusal, and nothing out of other errors', () => {
    expect(refusedFields(new Error('documentNumber: wrong-check-character'))).toEqual({
      documentNumber: 'wrong-check-character',
    });
    expect(refusedFields(new Error('visitorName: required; phone: bad-phone'))).toEqual({
      visitorName: 'required',
      phone: 'bad-phone',
    });
    expect(refusedFields(new Error('✖ Too small: expected string\n  → at phone'))).toBeNull();
    expect(refusedFields(new Error('guardName: name-needed'))).toBeNull();
    expect(refusedFields('documentNumber: wrong-format')).toBeNull();
  });
});
