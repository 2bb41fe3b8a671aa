// School days in Asia/Shanghai: which UTC instants belong to a calendar day, and how a stored
// UTC time reads on a Chinese wall clock. China Standard Time is UTC+8 all year (no daylight
// saving since 1991), so a fixed offset is exact and needs no time-zone data. Pure; no clock.

export const shanghaiOffsetMilliseconds = 8 * 60 * 60 * 1000;

const calendarDate = /^(\d{4})-(\d{2})-(\d{2})$/;

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

/** A stored UTC time as Shanghai wall-clock `YYYY-MM-DD HH:mm:ss`; unparseable text unchanged. */
export function formatShanghaiTime(utc: string): string {
  const instant = Date.parse(utc);
  if (Number.isNaN(instant)) {
    return utc;
  }
  return new Date(instant + shanghaiOffsetMilliseconds)
    .toISOString()
    .slice(0, 19)
    .replace('T', ' ');
}

/** Today's date in Shanghai, for a default. */
export function shanghaiDate(now: Date): string {
  return new Date(now.getTime() + shanghaiOffsetMilliseconds).toISOString().slice(0, 10);
}
