// Tells a fresh camera picture from a stale one. A real sensor never delivers the same pixels
// twice (there is always noise), so a picture seen before is a frozen driver or a looping video:
// its code must not count again, and a picture that stays identical is a camera problem.
// Pure: frames and times in, verdicts out; it must never touch the DOM or keep frames.
import type { RgbaFrame } from './decode/engine';

export interface FrameFingerprint {
  /** Two 32-bit hashes of a sparse grid of pixels, as hex: equal keys mean the same picture. */
  key: string;
  /** Every sampled pixel alike (a covered lens, a black screen): tells nothing about freezing. */
  flat: boolean;
}

const gridColumns = 32;
const gridRows = 18;

/** About 600 pixels of the frame, hashed: ~10 µs, cheap enough for every frame. */
export function frameFingerprint(frame: RgbaFrame): FrameFingerprint {
  let first = 0x811c9dc5;
  let second = 0x01000193;
  let low = 255;
  let high = 0;
  for (let row = 0; row < gridRows; row += 1) {
    const y = Math.floor(((row + 0.5) * frame.height) / gridRows);
    for (let column = 0; column < gridColumns; column += 1) {
      const x = Math.floor(((column + 0.5) * frame.width) / gridColumns);
      const offset = (y * frame.width + x) * 4;
      for (let channel = 0; channel < 3; channel += 1) {
        const value = frame.data[offset + channel] ?? 0;
        first = Math.imul(first ^ value, 0x01000193) >>> 0;
        second = (Math.imul(second, 31) + value + 1) >>> 0;
        low = Math.min(low, value);
        high = Math.max(high, value);
      }
    }
  }
  return { key: `${first.toString(16)}-${second.toString(16)}`, flat: high - low <= 2 };
}

export interface StaleFrameOptions {
  /** An unchanged picture for this long is a frozen camera. */
  frozenMs?: number;
  /** How long pictures that held a code are remembered, to recognise a replay. */
  memoryMs?: number;
  /** At most this many remembered pictures (the oldest go first). */
  memorySize?: number;
}

export interface FrameVerdict {
  /** The code in this frame may count as a sighting (it is not from a picture seen before). */
  fresh: boolean;
  /** The picture has not changed for frozenMs or longer. */
  frozen: boolean;
}

export interface StaleFrameFilter {
  judge(fingerprint: FrameFingerprint, hasCode: boolean, at: number): FrameVerdict;
  reset(): void;
}

export function createStaleFrameFilter(options: StaleFrameOptions = {}): StaleFrameFilter {
  const frozenMs = options.frozenMs ?? 4000;
  const memoryMs = options.memoryMs ?? 10 * 60_000;
  const memorySize = options.memorySize ?? 5000;
  // Picture → when it was first seen with a code. Map keeps insertion order: oldest first.
  const codePictures = new Map<string, number>();
  let previousKey: string | null = null;
  let unchangedSince = 0;

  function forget(at: number): void {
    for (const [key, seenAt] of codePictures) {
      if (at - seenAt < memoryMs && codePictures.size <= memorySize) break;
      codePictures.delete(key);
    }
  }

  return {
    judge(fingerprint, hasCode, at) {
      if (fingerprint.key !== previousKey || fingerprint.flat) unchangedSince = at;
      previousKey = fingerprint.key;
      const frozen = at - unchangedSince >= frozenMs;
      if (!hasCode) return { fresh: true, frozen };
      forget(at);
      if (codePictures.has(fingerprint.key)) return { fresh: false, frozen };
      codePictures.set(fingerprint.key, at);
      return { fresh: true, frozen };
    },
    reset() {
      codePictures.clear();
      previousKey = null;
      unchangedSince = 0;
    },
  };
}
