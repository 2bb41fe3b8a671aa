// Times on the policy screen are Beijing time (UTC+8, no daylight saving), whatever zone the
// office PC is set to: a datetime-local value is read and written as Beijing time here, and
// must never be handed to `new Date()` as a local time.
const offsetMs = 8 * 3_600_000;

/** "2026-11-23T07:30" (Beijing) → "2026-11-22T23:30:00.000Z"; null if not such a value. */
export function beijingInputToIso(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (match === null) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute) - offsetMs;
  const back = new Date(ms + offsetMs);
  // 2026-02-30 rolls over into March in Date.UTC; that is not a date anyone meant.
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23) return null;
  return new Date(ms).toISOString();
}

/** The datetime-local value for a moment, in Beijing time ("2026-11-23T07:30"). */
export function isoToBeijingInput(ms: number): string {
  return new Date(ms + offsetMs).toISOString().slice(0, 16);
}

/** "2026-11-23 07:30" in Beijing time, for the version history. */
export function formatBeijing(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '--';
  return new Date(ms + offsetMs).toISOString().slice(0, 16).replace('T', ' ');
}
