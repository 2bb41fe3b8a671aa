// How long to wait before trying the district again: exponential backoff with full jitter
// (a random wait between zero and the capped exponential), so a hundred kiosks that lost the
// network together do not all come back in the same second. Pure: the random source is given.

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

/** The protocol's: from 1 s, doubling, to at most 5 minutes. */
export const defaultBackoff: BackoffOptions = { baseMs: 1000, capMs: 5 * 60 * 1000 };

/**
 * The wait before attempt `failures + 1`, after `failures` failures in a row (1 or more). A
 * Retry-After from the district is a floor: never sooner than it asked.
 */
export function backoffDelay(
  failures: number,
  random: () => number,
  options: BackoffOptions = defaultBackoff,
  retryAfterMs: number | null = null,
): number {
  const exponent = Math.min(Math.max(0, failures - 1), 30);
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** exponent);
  const jittered = Math.floor(random() * ceiling);
  return retryAfterMs === null
    ? jittered
    : Math.max(jittered, Math.min(retryAfterMs, options.capMs));
}
