// School time: the school's clock is Asia/Shanghai, China Standard Time, UTC+8 all year (no
// daylight saving since 1991), so a fixed offset is exact and needs no time-zone data. Both
// the backend (school days, reports, the night for retention) and the page (times shown, a
// datetime-local field read) use this one module, whatever zone the machine itself is set to;
// a local time must never be handed to `new Date()`. Pure; no clock.

/** For Intl formats that need a zone name rather than an offset. */
export const schoolTimeZone = 'Asia/Shanghai';

export const shanghaiOffsetMilliseconds = 8 * 60 * 60 * 1000;

const calendarDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const dateTimeInput = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  const match = calendarDate.exec(text);
  if (match === null) {
    return false;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1970 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

/**
 * The UTC instants of a Shanghai calendar day as stored strings, half-open [from, to):
 * 2026-11-23 is from 2026-11-22T16:00:00.000Z up to (not including) 2026-11-23T16:00:00.000Z.
 */
export function shanghaiDayRange(date: string): { from: string; to: string } {
  if (!isCalendarDate(date)) {
    throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
  }
  const midnight = Date.parse(`${date}T00:00:00.000Z`) - shanghaiOffsetMilliseconds;
  const nextMidnight = midnight + 24 * 60 * 60 * 1000;
  return { from: new Date(midnight).toISOString(), to: new Date(nextMidnight).toISOString() };
}

/** An instant on the Shanghai wall clock, `YYYY-MM-DDTHH:mm:ss.sss` (no zone): slice what you show. */
export function shanghaiWallClock(instant: number): string {
  return new Date(instant + shanghaiOffsetMilliseconds).toISOString().slice(0, 23);
}

/** A stored UTC time as Shanghai wall-clock `YYYY-MM-DD HH:mm:ss`; unparseable text unchanged. */
export function formatShanghaiTime(utc: string): string {
  const instant = Date.parse(utc);
  if (Number.isNaN(instant)) {
    return utc;
  }
  return shanghaiWallClock(instant).slice(0, 19).replace('T', ' ');
}

/** Today's date in Shanghai, for a default. */
export function shanghaiDate(now: Date): string {
  return shanghaiWallClock(now.getTime()).slice(0, 10);
}

/** The hour (0–23) an instant reads on the Shanghai wall clock. */
export function shanghaiHour(instant: number): number {
  return new Date(instant + shanghaiOffsetMilliseconds).getUTCHours();
}

/** The datetime-local value for an instant on the Shanghai wall clock ("2026-11-23T07:30"). */
export function shanghaiInput(instant: number): string {
  return shanghaiWallClock(instant).slice(0, 16);
}

/**
 * "2026-11-23T07:30" (Shanghai, as a datetime-local field gives it) → "2026-11-22T23:30:00.000Z";
 * null if not such a value, or not a real time (2026-02-30 would roll into March in Date.UTC,
 * which is not a date anyone meant).
 */
export function shanghaiInputToIso(value: string): string | null {
  const match = dateTimeInput.exec(value);
  if (match === null) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute) - shanghaiOffsetMilliseconds;
  const back = new Date(ms + shanghaiOffsetMilliseconds);
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59) {
    return null;
  }
  return new Date(ms).toISOString();
}
