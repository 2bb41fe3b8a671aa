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
  let buffer = '';
  let firstAt = 0;
  let lastAt = Number.NEGATIVE_INFINITY;

  function reset(): void {
    buffer = '';
    lastAt = Number.NEGATIVE_INFINITY;
  }

  function isScan(enterAt: number): boolean {
    const meanGap = (enterAt - firstAt) / buffer.length;
    return inBurst(enterAt) && buffer.length >= minLength && meanGap <= maxMeanGapMs;
  }

  function inBurst(at: number): boolean {
    return buffer.length > 0 && at - lastAt <= maxGapMs;
  }

  return {
    feed({ key, at }) {
      if (neutralKeys.has(key)) return null;
      if (key === 'Enter') {
        const text = isScan(at) ? buffer : null;
        reset();
        return text;
      }
      if (key.length !== 1) {
        reset(); // Tab, Backspace, arrows: a person is at the keyboard.
        return null;
      }
      if (inBurst(at)) {
        buffer += key;
      } else {
        buffer = key;
        firstAt = at;
      }
      lastAt = at;
      return null;
    },
    reset,
  };
}
