// A refusal that names every wrong field: what the backend writes, the console reads back, and
// any other message is not mistaken for one.
import { describe, expect, it } from 'vitest';
import { formatFieldProblems, parseFieldProblems } from '../../../contract/field-problems';

describe('field problems in a refusal', () => {
  it('round-trips one field and several, in order', () => {
    const one = { documentNumber: 'wrong-check-character' };
    expect(formatFieldProblems(one)).toBe('documentNumber: wrong-check-character');
    const several = { visitorName: 'required', phone: 'bad-phone', validTo: 'ends-in-past' };
    const message = formatFieldProblems(several);
    expect(message).toBe('visitorName: required; phone: bad-phone; validTo: ends-in-past');
    expect(Object.entries(parseFieldProblems(message) ?? {})).toEqual(Object.entries(several));
  });

  it('reads nothing out of other messages', () => {
    for (const message of [
      '',
      'The phone number is not valid',
      '✖ Too small: expected string to have >=7 characters\n  → at phone',
      'phone: bad-phone; and more',
      'phone: Bad phone',
    ]) {
      expect(parseFieldProblems(message)).toBeNull();
    }
  });
});
