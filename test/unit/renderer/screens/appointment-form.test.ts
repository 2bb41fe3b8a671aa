// The appointment form's logic: Beijing date-times whatever the PC's zone, the default window,
// the checks made before sending, and reading which field the kiosk refused.
import { describe, expect, it } from 'vitest';
import {
  beijingLocal,
  beijingToIso,
  defaultWindow,
  emptyDraft,
  formatWindow,
  refusedField,
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

  it('reads the field out of a refusal, and nothing out of other errors', () => {
    expect(refusedField(new Error('documentNumber: wrong-check-character'))).toEqual({
      documentNumber: 'wrong-check-character',
    });
    expect(refusedField(new Error('✖ Too small: expected string\n  → at phone'))).toBeNull();
    expect(refusedField('documentNumber: wrong-format')).toBeNull();
  });
});
