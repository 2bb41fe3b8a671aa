import { describe, expect, it } from 'vitest';
import { maskPhone, normalizePhone } from '../../../contract/phone-number';

describe('normalizePhone', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['１３８００１３８０００', '13800138000'],
    ['19912345678', '19912345678'],
    ['010-62751234', '010-62751234'],
    ['0755 8888 8888', '075588888888'],
    ['0571-8765432', '0571-8765432'],
  ])('takes %s as %s', (input, stored) => {
    expect(normalizePhone(input)).toBe(stored);
  });

  it.each([
    ['12345678901', 'a mobile must start 13–19'],
    ['1380013800', 'ten digits'],
    ['138001380001', 'twelve digits'],
    ['62751234', 'a fixed line without area code'],
    ['010-123456', 'a fixed line too short'],
    ['', 'nothing'],
    ['+86 13800138000', 'a country code'],
  ])('refuses %s (%s)', (input) => {
    expect(normalizePhone(input)).toBeNull();
  });
});

describe('maskPhone', () => {
  it('keeps the first three and last four digits and the dashes', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('010-62751234')).toBe('010-****1234');
    expect(maskPhone('0571-8765432')).toBe('057*-***5432');
  });

  it('shows no more than two digits of a short value', () => {
    expect(maskPhone('123456')).toBe('****56');
    expect(maskPhone('12')).toBe('**');
  });
});
