// Shared by the fuzz tests (test/unit/fuzz, test/integration/fuzz): how many inputs each
// property tries, and the hostile values every boundary is fed. CI runs the defaults, a few
// hundred inputs per property; the soak sets FUZZ_RUNS to try many more. A failure prints
// fast-check's seed and path; FUZZ_SEED (and FUZZ_PATH) replay it.
import fc from 'fast-check';

/** Runs for a property: its CI default, or FUZZ_RUNS when the soak sets it. */
export function fuzzRuns(defaultRuns: number): number {
  const runs = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(runs) && runs > 0 ? runs : defaultRuns;
}

/** fast-check parameters: the runs, and a seed to replay when FUZZ_SEED is set. */
export function fuzzParameters(defaultRuns: number): fc.Parameters<unknown> {
  const seed = Number(process.env.FUZZ_SEED);
  const path = process.env.FUZZ_PATH;
  return {
    numRuns: fuzzRuns(defaultRuns),
    ...(Number.isInteger(seed) ? { seed } : {}),
    ...(path ? { path } : {}),
  };
}

/**
 * The test's own time limit: `defaultMs` for the CI runs, scaled up with FUZZ_RUNS, so a long
 * soak is not cut short while a real hang (one input that never ends) still fails.
 */
export function fuzzTimeout(defaultRuns: number, defaultMs: number): number {
  return Math.max(defaultMs, Math.ceil((defaultMs * fuzzRuns(defaultRuns)) / defaultRuns) * 2);
}

/** Rejects when `promise` takes longer than `ms`: a hang is a failure, not a slow test. */
export async function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not end within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Pieces people and attackers put into text fields. */
export const hostileFragments: readonly string[] = [
  "'; DROP TABLE people; --",
  "' OR '1'='1",
  '" OR 1=1 --',
  "S2026001' UNION SELECT id_number FROM people --",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg/onload=alert(1)>',
  '{{constructor.constructor("return process")()}}',
  '__proto__',
  'constructor',
  '\u202eS2026001', // right-to-left override
  '\u200fS2026001\u200e', // right-to-left and left-to-right marks
  'S2026\u200b001', // zero-width space inside a card
  '\ufeffS2026001', // byte-order mark
  'S2026001\u200d', // zero-width joiner
  '\u0000',
  '\u0000S2026001',
  '\ud800', // a lone surrogate
  '\udfff\ud800',
  '🏫👨‍👩‍👧‍👦',
  'Ｓ２０２６００１', // full-width
  '　', // ideographic space
  '\r\n',
  '\t',
  'GP1.',
  'GP1..',
  'GP1.e30.',
  'GP1.eyJ2IjoxfQ.AAAA',
  '%s%s%s%n',
  '../../../../etc/passwd',
  'null',
  'NaN',
  '1e309',
  '-0',
  "=cmd|'/C calc'!A0",
  "@SUM(1+1)*cmd|'/C calc'!A0",
];

/** Text of every kind: plain, any code unit (lone surrogates too), and hostile fragments. */
export function hostileText(maxLength = 600): fc.Arbitrary<string> {
  const fragment = fc.constantFrom(...hostileFragments);
  return fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'grapheme', maxLength: Math.min(maxLength, 80) }),
    fragment,
    fc
      .array(fc.oneof(fragment, fc.string({ maxLength: 8 })), { maxLength: 12 })
      .map((parts) => parts.join('').slice(0, maxLength)),
  );
}

/** Numbers that break arithmetic: NaN, infinities, -0, huge, tiny, fractions. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    Number.NaN,
    Infinity,
    -Infinity,
    -0,
    0,
    1,
    -1,
    2 ** 31,
    2 ** 53,
    -(2 ** 53),
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    36.6,
  ),
  fc.integer(),
  fc.double(),
);

/** Any JSON-ish value a transport could hand over, hostile strings and numbers included. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileText(80),
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), fc.constant('__proto__')), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;
