// How the today and fever-case pages show times and overstays: Beijing wall-clock day and time
// whatever the machine's zone, and an overstay in whole hours and minutes.
import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { formatDayTime, formatOverstay } from '../../../../../renderer/screens/console/case-format';

const t = ((key: string, values: Record<string, number>) =>
  `${key} ${JSON.stringify(values)}`) as unknown as TFunction;

describe('case format', () => {
  it('shows a UTC time as the Beijing day and time, across UTC midnight', () => {
    expect(formatDayTime('2026-11-23T16:05:00.000Z')).toBe('11-24 00:05');
    expect(formatDayTime('2026-11-23T03:59:00.000Z')).toBe('11-23 11:59');
    expect(formatDayTime('not a time')).toBe('--');
  });

  it('shows an overstay in minutes, or hours and minutes', () => {
    expect(formatOverstay(45, t)).toBe('cases.overstay.minutes {"minutes":45}');
    expect(formatOverstay(65, t)).toBe('cases.overstay.hours {"hours":1,"minutes":5}');
  });
});
