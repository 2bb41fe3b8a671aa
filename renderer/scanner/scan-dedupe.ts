// Turns a stream of code sightings into scans: the same code seen again within the window
// counts as one scan, so a card held in front of the camera is not checked ten times a second.
// Pure: the clock is injected; it must never touch the DOM or the client.

export interface ScanDedupeOptions {
  /** How long a code stays "already scanned" after it was last seen. */
  windowMs?: number;
  now?: () => number;
}

export interface ScanDedupe {
  /** True when this sighting is a new scan; false when it repeats one still in the window. */
  accept(text: string): boolean;
  /** Forget everything seen, e.g. after the guard cancels a check. */
  clear(): void;
}

export const defaultDedupeWindowMs = 3000;

export function createScanDedupe(options: ScanDedupeOptions = {}): ScanDedupe {
  const windowMs = options.windowMs ?? defaultDedupeWindowMs;
  const now = options.now ?? (() => Date.now());
  // Code → when it was last seen. The window slides: a code that never leaves the camera's
  // view keeps refreshing its time and stays one scan until it has been away for windowMs.
  const lastSeen = new Map<string, number>();

  function forgetOld(at: number): void {
    for (const [text, seenAt] of lastSeen) {
      if (at - seenAt >= windowMs) lastSeen.delete(text);
    }
  }

  return {
    accept(text) {
      const at = now();
      forgetOld(at);
      const repeated = lastSeen.has(text);
      lastSeen.set(text, at);
      return !repeated;
    },
    clear() {
      lastSeen.clear();
    },
  };
}
