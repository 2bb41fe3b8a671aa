// The kinds of frame a gate camera sees, as recipes of seeded options: easy cards, small
// modules, tilt, blur, noise, bad light, glare, combinations, and empty scenes (about a quarter,
// since an empty frame is the kiosk's common case). Changing a recipe changes the benchmark.
import type { GateFrameOptions } from './gate-frames';
import type { SeededRandom } from './gate-frames-random';

export interface GateFrameRecipe {
  kind: string;
  make(random: SeededRandom): Omit<GateFrameOptions, 'seed'>;
}

const studentCards = Array.from({ length: 9 }, (_, index) => `S202600${index + 1}`);
const staffCards = ['T0001', 'T0002', 'T0003'];

/** A card number from the demo roster. */
function cardText(random: SeededRandom): string {
  return random.chance(0.8) ? random.pick(studentCards) : random.pick(staffCards);
}

/** A visitor pass: about a hundred characters, so a denser QR (version 6 or 7 at level M). */
export function visitorPassText(random: SeededRandom): string {
  const number = String(random.integer(1, 999)).padStart(3, '0');
  const host = random.pick(studentCards);
  const signature = Array.from({ length: 22 }, () =>
    random.pick([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_']),
  ).join('');
  return [
    'VISIT',
    `V20260915-${number}`,
    `host=${host}`,
    'gate=south',
    'from=2026-09-15T07:30',
    'to=2026-09-15T17:00',
    `sig=${signature}`,
  ].join('|');
}

const signed = (random: SeededRandom, minimum: number, maximum: number): number =>
  Math.round(random.between(minimum, maximum) * (random.chance(0.5) ? -1 : 1));
const tenths = (value: number): number => Math.round(value * 10) / 10;

export const gateFrameRecipes: readonly GateFrameRecipe[] = [
  {
    kind: 'qr-easy',
    make: (random) => ({
      text: cardText(random),
      modulePx: random.integer(5, 6),
      tiltDegrees: signed(random, 0, 4),
      noise: 3,
    }),
  },
  {
    kind: 'c128-easy',
    make: (random) => ({
      text: cardText(random),
      format: 'CODE_128',
      modulePx: random.integer(3, 4),
      tiltDegrees: signed(random, 0, 3),
      noise: 3,
      background: 'clutter',
    }),
  },
  { kind: 'empty-plain', make: () => ({ text: null, noise: 3 }) },
  {
    kind: 'qr-small',
    make: (random) => ({
      text: cardText(random),
      modulePx: random.pick([2, 2, 2.5]),
      tiltDegrees: signed(random, 0, 5),
      noise: 4,
      background: 'clutter',
    }),
  },
  {
    kind: 'qr-tilt',
    make: (random) => ({
      text: cardText(random),
      modulePx: random.integer(3, 4),
      tiltDegrees: signed(random, 15, 30),
      noise: 4,
      background: 'clutter',
    }),
  },
  {
    kind: 'qr-blur',
    make: (random) => ({
      text: cardText(random),
      modulePx: random.integer(3, 4),
      blur: tenths(random.between(1.5, 2.5)),
      noise: 4,
    }),
  },
  { kind: 'empty-clutter', make: () => ({ text: null, noise: 4, background: 'clutter' }) },
  {
    kind: 'qr-noise',
    make: (random) => ({
      text: cardText(random),
      modulePx: 3,
      noise: random.integer(12, 20),
      background: 'clutter',
    }),
  },
  {
    kind: 'qr-uneven',
    make: (random) => ({
      text: cardText(random),
      modulePx: 3,
      tiltDegrees: signed(random, 0, 10),
      noise: 4,
      light: 'uneven',
      background: 'clutter',
    }),
  },
  {
    kind: 'qr-dim',
    make: (random) => ({
      text: cardText(random),
      modulePx: random.integer(3, 4),
      noise: random.integer(4, 6),
      light: 'dim',
    }),
  },
  {
    kind: 'qr-bright',
    make: (random) => ({
      text: cardText(random),
      modulePx: random.integer(3, 4),
      blur: 1,
      noise: 4,
      light: 'bright',
      background: 'clutter',
    }),
  },
  {
    kind: 'empty-uneven',
    make: () => ({ text: null, noise: 6, light: 'uneven', background: 'clutter' }),
  },
  {
    kind: 'qr-glare',
    make: (random) => ({
      text: cardText(random),
      modulePx: 4,
      tiltDegrees: signed(random, 0, 8),
      noise: 4,
      glare: true,
      background: 'clutter',
    }),
  },
  {
    kind: 'qr-visitor',
    make: (random) => ({
      text: visitorPassText(random),
      modulePx: 3,
      tiltDegrees: signed(random, 0, 10),
      noise: 4,
      background: 'clutter',
    }),
  },
  {
    kind: 'qr-visitor-small',
    make: (random) => ({ text: visitorPassText(random), modulePx: 2, noise: 4 }),
  },
  {
    kind: 'empty-dim',
    make: () => ({ text: null, noise: 5, light: 'dim', background: 'clutter' }),
  },
  {
    kind: 'c128-small',
    make: (random) => ({
      text: cardText(random),
      format: 'CODE_128',
      modulePx: 2,
      noise: 4,
      background: 'clutter',
    }),
  },
  {
    kind: 'c128-tilt',
    make: (random) => ({
      text: cardText(random),
      format: 'CODE_128',
      modulePx: 3,
      tiltDegrees: signed(random, 10, 30),
      noise: 4,
    }),
  },
  {
    kind: 'c128-blur',
    make: (random) => ({
      text: cardText(random),
      format: 'CODE_128',
      modulePx: random.pick([2.5, 3]),
      blur: 1.5,
      noise: 4,
      background: 'clutter',
    }),
  },
  {
    kind: 'qr-hard',
    make: (random) => ({
      text: cardText(random),
      modulePx: 2,
      tiltDegrees: signed(random, 20, 30),
      blur: 1,
      noise: 4,
      light: 'uneven',
      background: 'clutter',
    }),
  },
  {
    kind: 'qr-hard-dim-glare',
    make: (random) => ({
      text: cardText(random),
      modulePx: 3,
      tiltDegrees: signed(random, 10, 20),
      blur: 1.5,
      noise: 6,
      light: 'dim',
      glare: true,
    }),
  },
  {
    kind: 'empty-glare',
    make: () => ({
      text: null,
      blur: 1,
      noise: 4,
      light: 'bright',
      glare: true,
      background: 'clutter',
    }),
  },
];

/** A name that says what makes the frame hard, e.g. 'qr-2px-tilt25-blur1-uneven-clutter'. */
export function describeGateFrame(options: GateFrameOptions): string {
  const parts: string[] = [];
  if (options.text === null) {
    parts.push('empty');
  } else {
    const format = options.format === 'CODE_128' ? 'c128' : 'qr';
    parts.push(
      options.text.length > 40 ? `${format}-visitor` : format,
      `${options.modulePx ?? 4}px`,
    );
    if (options.tiltDegrees) parts.push(`tilt${Math.abs(options.tiltDegrees)}`);
  }
  if (options.blur) parts.push(`blur${options.blur}`);
  if ((options.noise ?? 0) >= 6) parts.push(`noise${options.noise}`);
  if (options.light && options.light !== 'even') parts.push(options.light);
  if (options.glare) parts.push('glare');
  parts.push(options.background ?? 'plain');
  return parts.join('-');
}
