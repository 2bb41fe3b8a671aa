// Recognises a keyboard-wedge barcode scanner among ordinary key presses: a burst of printable
// keys ending in Enter, faster on average than any person types. Pure (fed timestamps, no DOM),
// so a person typing, or Enter on its own, must never come out as a scan.

export interface WedgeKey {
  /** KeyboardEvent.key: one character for printable keys, a name ('Enter', 'Shift') otherwise. */
  key: string;
  /** Milliseconds on any monotonic clock (KeyboardEvent.timeStamp works). */
  at: number;
}

export interface WedgeDetectorOptions {
  /**
   * The mean time per key, Enter included, of a scan. Judged on the mean, not on each gap:
   * one key delayed by a busy page (a render, the audio starting) must not cut a card number.
   */
  maxMeanGapMs?: number;
  /** A longer pause between two keys breaks the burst; the burst restarts at the later key. */
  maxGapMs?: number;
  /** Shorter bursts are not scans (a person can type two keys quickly). */
  minLength?: number;
  /**
   * Keys this far apart or more are a person's. A scan that comes while the guard types runs
   * on from their last keys (within `maxGapMs`); two or more keys at a person's pace in front
   * of the fast run are the guard's, not the card's.
   */
  personGapMs?: number;
}

export interface WedgeDetector {
  /** The scanned text when this key ends a scan, otherwise null. */
  feed(event: WedgeKey): string | null;
  reset(): void;
}

// Scanners press Shift for capitals; these keys neither add to nor break a burst.
const neutralKeys = new Set(['Shift', 'CapsLock']);

export function createWedgeDetector(options: WedgeDetectorOptions = {}): WedgeDetector {
  const maxMeanGapMs = options.maxMeanGapMs ?? 35;
  const maxGapMs = options.maxGapMs ?? 200;
  const minLength = options.minLength ?? 4;
  const personGapMs = options.personGapMs ?? 60;
  let buffer = '';
  /** When each key of the buffer came. */
  let times: number[] = [];
  let lastAt = Number.NEGATIVE_INFINITY;

  function reset(): void {
    buffer = '';
    times = [];
    lastAt = Number.NEGATIVE_INFINITY;
  }

  /** The scanned text this Enter ends, or null. */
  function scanOf(enterAt: number): string | null {
    if (!inBurst(enterAt)) return null;
    const start = personPrefixLength();
    const text = buffer.slice(start);
    const meanGap = (enterAt - (times[start] ?? enterAt)) / text.length;
    return text.length >= minLength && meanGap <= maxMeanGapMs ? text : null;
  }

  /**
   * How many keys in front of the final fast run a person typed: all of them at a person's
   * pace, and at least two (one slow key in front is more likely a scanner's key held up).
   */
  function personPrefixLength(): number {
    let start = times.length - 1;
    while (start > 0 && (times[start] ?? 0) - (times[start - 1] ?? 0) < personGapMs) start -= 1;
    if (start < 2) return 0;
    for (let index = 1; index <= start; index += 1) {
      if ((times[index] ?? 0) - (times[index - 1] ?? 0) < personGapMs) return 0;
    }
    return start;
  }

  function inBurst(at: number): boolean {
    return buffer.length > 0 && at - lastAt <= maxGapMs;
  }

  return {
    feed({ key, at }) {
      if (neutralKeys.has(key)) return null;
      if (key === 'Enter') {
        const text = scanOf(at);
        reset();
        return text;
      }
      if (key.length !== 1) {
        reset(); // Tab, Backspace, arrows: a person is at the keyboard.
        return null;
      }
      if (inBurst(at)) {
        buffer += key;
        times.push(at);
      } else {
        buffer = key;
        times = [at];
      }
      lastAt = at;
      return null;
    },
    reset,
  };
}
