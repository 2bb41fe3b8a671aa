// How values look on the gate screen: clock times in the school's zone (Asia/Shanghai, whatever
// the kiosk's own zone), temperatures with one decimal, untrusted card text cut to a safe length.
// Pure string work; it must never build HTML — the screen shows these as React text only.
import { shanghaiWallClock } from '../../contract/school-time';

export const cardTextDisplayLength = 40;

/** HH:mm:ss in Asia/Shanghai; an unparseable time shows as dashes, not "Invalid Date". */
export function formatClockTime(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '--:--:--';
  return shanghaiWallClock(time).slice(11, 19);
}

/** HH:mm in Asia/Shanghai, for times people plan by ("17:00 前离校"), not log times. */
export function formatClockMinutes(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '--:--';
  return shanghaiWallClock(time).slice(11, 16);
}

/** One decimal, the way a thermometer reads ("36.5"). */
export function formatCelsius(celsius: number): string {
  return celsius.toFixed(1);
}

/**
 * Card text as it may be shown: control characters replaced, whitespace collapsed, at most
 * `limit` characters (counted as code points, so a character is never cut in half).
 */
export function displayCardText(text: string, limit = cardTextDisplayLength): string {
  const cleaned = text
    .replace(/\p{Cc}|\p{Cf}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const characters = [...cleaned];
  if (characters.length <= limit) return cleaned;
  return `${characters.slice(0, limit - 1).join('')}…`;
}

/** Seconds left until a deadline, rounded up, never below zero. */
export function secondsLeft(deadlineMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((deadlineMs - nowMs) / 1000));
}
