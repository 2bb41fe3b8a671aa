import { describe, expect, it } from 'vitest';
import {
  formatShanghaiTime,
  isCalendarDate,
  shanghaiDate,
  shanghaiDayRange,
  shanghaiHour,
  shanghaiInput,
  shanghaiInputToIso,
} from '../../../contract/school-time';

describe('Shanghai school days', () => {
  it('starts a day at Shanghai midnight, 16:00 UTC the day before', () => {
    expect(shanghaiDayRange('2026-11-23')).toEqual({
      from: '2026-11-22T16:00:00.000Z',
      to: '2026-11-23T16:00:00.000Z',
    });
    expect(shanghaiDayRange('2027-01-01').from).toBe('2026-12-31T16:00:00.000Z');
  });

  it('shows stored UTC times on the Shanghai wall clock', () => {
    expect(formatShanghaiTime('2026-11-22T15:59:59.999Z')).toBe('2026-11-22 23:59:59');
    expect(formatShanghaiTime('2026-11-22T16:00:00.000Z')).toBe('2026-11-23 00:00:00');
    expect(formatShanghaiTime('garbage')).toBe('garbage');
  });

  it('gives the Shanghai date of an instant', () => {
    expect(shanghaiDate(new Date('2026-11-22T16:00:00.000Z'))).toBe('2026-11-23');
    expect(shanghaiDate(new Date('2026-11-22T15:59:59.999Z'))).toBe('2026-11-22');
  });

  it.each(['2026-02-29', '2026-13-01', '2026-1-01', '26-11-23', '2026-11-23T00', '', '1969-12-31'])(
    'refuses %j as a date',
    (text) => {
      expect(isCalendarDate(text)).toBe(false);
      expect(() => shanghaiDayRange(text)).toThrow(RangeError);
    },
  );

  it('accepts a leap day', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
  });

  it('reads the hour and a datetime-local value on the Shanghai wall clock', () => {
    expect(shanghaiHour(Date.parse('2026-11-22T15:59:59.999Z'))).toBe(23);
    expect(shanghaiHour(Date.parse('2026-11-22T16:00:00.000Z'))).toBe(0);
    expect(shanghaiInput(Date.parse('2026-11-22T23:30:00.000Z'))).toBe('2026-11-23T07:30');
    expect(shanghaiInputToIso('2026-11-23T07:30')).toBe('2026-11-22T23:30:00.000Z');
  });

  it.each([
    '2026-02-30T07:30',
    '2026-11-23T24:00',
    '2026-11-23T07:60',
    '2026-11-23',
    ' 2026-11-23T07:30',
  ])('refuses %j as a datetime-local value', (text) => {
    expect(shanghaiInputToIso(text)).toBeNull();
  });
});
