// Classes in the order a school reads them: grades by their Chinese numeral, classes by number.
import { describe, expect, it } from 'vitest';
import { classOrderKey } from '../../../backend/roster/class-order';

const sorted = (names: string[]) =>
  [...names].sort((first, second) => (classOrderKey(first) < classOrderKey(second) ? -1 : 1));

describe('classOrderKey', () => {
  it('puts 一年级, 二年级, 三年级 … 十二年级 in order (plain text puts 三 before 二)', () => {
    expect(sorted(['三年级2班', '十年级1班', '二年级1班', '一年级3班', '十二年级1班'])).toEqual([
      '一年级3班',
      '二年级1班',
      '三年级2班',
      '十年级1班',
      '十二年级1班',
    ]);
  });

  it('puts 2班 before 10班, and keeps names without numbers as they are', () => {
    expect(sorted(['一年级10班', '一年级2班', '教务处', '一年级1班'])).toEqual([
      '一年级1班',
      '一年级2班',
      '一年级10班',
      '教务处',
    ]);
    expect(classOrderKey('教务处')).toBe('教务处');
  });

  it('reads 二十三 and 两 as numbers', () => {
    expect(classOrderKey('二十三班')).toBe('000023班');
    expect(classOrderKey('两')).toBe('000002');
  });
});
