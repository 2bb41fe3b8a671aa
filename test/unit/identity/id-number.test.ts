import { describe, expect, it } from 'vitest';
import {
  idNumberCheckCharacter,
  maskIdNumber,
  validateIdNumber,
} from '../../../electron/identity/id-number';

const today = new Date('2026-11-23T00:00:00.000Z');

/** A valid 18-character number from its first 17 digits. */
function withCheck(first17: string): string {
  return first17 + idNumberCheckCharacter(first17);
}

describe('validateIdNumber', () => {
  it.each([
    ['11010519491231002X', 'resident-id-card', '11010519491231002X'],
    ['11010519491231002x', 'resident-id-card', '11010519491231002X'],
    ['  11010519491231002X ', 'resident-id-card', '11010519491231002X'],
    ['１１０１０５１９４９１２３１００２Ｘ', 'resident-id-card', '11010519491231002X'],
    ['110105201908220243', 'resident-id-card', '110105201908220243'],
    [withCheck('81000019900101123'), 'residence-permit', withCheck('81000019900101123')],
    [withCheck('82000020000229456'), 'residence-permit', withCheck('82000020000229456')],
    [withCheck('83000019851111789'), 'residence-permit', withCheck('83000019851111789')],
    [
      withCheck('93115619800101001'),
      'foreign-permanent-residence-card',
      withCheck('93115619800101001'),
    ],
    ['H12345678', 'home-return-permit', 'H12345678'],
    ['m87654321', 'home-return-permit', 'M87654321'],
  ])('accepts %s as %s', (input, kind, value) => {
    expect(validateIdNumber(input, { today })).toEqual({ ok: true, value, kind });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['110105194912310021', 'wrong-check-character'],
    ['11010519491231002Y', 'wrong-format'],
    ['1101051949123100', 'wrong-format'],
    ['1101051949123100211', 'wrong-format'],
    ['X10105194912310021', 'wrong-format'],
    ['H1234567', 'wrong-format'],
    ['A12345678', 'wrong-format'],
    ['1.10105E+17', 'wrong-format'],
    [withCheck('11010519490231002'), 'bad-birth-date'],
    [withCheck('11010519491301002'), 'bad-birth-date'],
    [withCheck('11010519490000002'), 'bad-birth-date'],
    [withCheck('11010518991231002'), 'bad-birth-date'],
    [withCheck('11010520270101002'), 'bad-birth-date'],
    [withCheck('11010520250229002'), 'bad-birth-date'],
    [withCheck('84000019900101123'), 'unknown-region'],
    [withCheck('81010019900101123'), 'unknown-region'],
    [withCheck('00010519491231002'), 'unknown-region'],
  ])('refuses %s: %s', (input, reason) => {
    expect(validateIdNumber(input, { today })).toEqual({ ok: false, reason });
  });

  it('accepts 29 February of a leap year', () => {
    expect(validateIdNumber(withCheck('11010520240229002'), { today }).ok).toBe(true);
  });

  it('computes the GB 11643 check character', () => {
    expect(idNumberCheckCharacter('11010519491231002')).toBe('X');
    expect(() => idNumberCheckCharacter('1234')).toThrow(RangeError);
  });
});

describe('maskIdNumber', () => {
  it.each([
    ['11010519491231002X', '110***********002X'],
    ['H12345678', 'H1*****78'],
    ['12345678', '12****78'],
    ['1234', '1**4'],
    ['123', '***'],
    ['1', '*'],
    ['', ''],
  ])('masks %s as %s', (input, masked) => {
    expect(maskIdNumber(input)).toBe(masked);
  });

  it('never shows more than half of a value', () => {
    for (let length = 1; length <= 24; length += 1) {
      const shown = maskIdNumber('7'.repeat(length)).replaceAll('*', '').length;
      expect(shown * 2).toBeLessThanOrEqual(length);
    }
  });
});
