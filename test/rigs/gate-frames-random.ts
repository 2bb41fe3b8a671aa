// The seeded randomness behind the gate frames: mulberry32, small and fast, so the same seed
// gives the same bytes on every machine and Node version. Never use Math.random here — a
// benchmark that cannot be rerun frame for frame cannot be compared.

export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform in [minimum, maximum). */
  between(minimum: number, maximum: number): number;
  /** Integer in [minimum, maximum], both ends included. */
  integer(minimum: number, maximum: number): number;
  /** Standard normal (mean 0, sigma 1), by Box–Muller. */
  normal(): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  function nextUint32(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return (mixed ^ (mixed >>> 14)) >>> 0;
  }
  function next(): number {
    return nextUint32() / 4294967296;
  }
  return {
    next,
    nextUint32,
    between: (minimum, maximum) => minimum + (maximum - minimum) * next(),
    integer: (minimum, maximum) => minimum + Math.floor(next() * (maximum - minimum + 1)),
    normal() {
      const radius = Math.sqrt(-2 * Math.log(1 - next()));
      return radius * Math.cos(2 * Math.PI * next());
    },
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    chance: (probability) => next() < probability,
  };
}

/** A child seed for one part of a frame, so adding a step does not shift every other draw. */
export function deriveSeed(seed: number, part: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(part + 1, 0xc2b2ae35)) >>> 0;
}
