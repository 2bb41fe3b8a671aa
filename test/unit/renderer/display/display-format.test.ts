// Display formatting: school-zone clock times whatever the machine's zone, one-decimal
// temperatures, and untrusted card text cleaned and cut to a safe length.
import { describe, expect, it } from 'vitest';
import {
  cardTextDisplayLength,
  displayCardText,
  formatCelsius,
  formatClockMinutes,
  formatClockTime,
  secondsLeft,
} from '../../../../renderer/display/display-format';

describe('display formatting', () => {
  it('shows times as HH:mm:ss in Asia/Shanghai', () => {
    expect(formatClockTime('2025-03-03T23:05:09Z')).toBe('07:05:09');
    expect(formatClockTime('2025-03-03T16:00:00Z')).toBe('00:00:00');
    expect(formatClockTime('not a time')).toBe('--:--:--');
  });

  it('shows a time people plan by (the end of a visit) as HH:mm, without seconds', () => {
    expect(formatClockMinutes('2026-11-22T09:00:00.000Z')).toBe('17:00');
    expect(formatClockMinutes('not a time')).toBe('--:--');
  });

  it('shows temperatures with one decimal', () => {
    expect(formatCelsius(36.549)).toBe('36.5');
    expect(formatCelsius(37)).toBe('37.0');
  });

  it('cuts long card text to the display length and keeps short text as is', () => {
    expect(displayCardText('S20240001')).toBe('S20240001');
    const long = displayCardText('X'.repeat(500));
    expect([...long]).toHaveLength(cardTextDisplayLength);
    expect(long.endsWith('…')).toBe(true);
  });

  it('replaces control and direction-override characters and never splits a character', () => {
    expect(displayCardText('A\u0000B\u202EC\nD')).toBe('A B C D');
    expect([...displayCardText('😀'.repeat(60))]).toHaveLength(cardTextDisplayLength);
  });

  it('leaves markup as plain text (React shows it as text)', () => {
    expect(displayCardText('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });

  it('counts seconds left up, never below zero', () => {
    expect(secondsLeft(10_000, 8_500)).toBe(2);
    expect(secondsLeft(10_000, 12_000)).toBe(0);
  });
});
