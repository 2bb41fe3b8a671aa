import { describe, expect, it } from 'vitest';
import {
  decide,
  type Evidence,
  type IdentityEvidence,
  type TemperatureEvidence,
} from '../../../backend/checks/decide';
import { defaultPolicy, policySchema, type Policy } from '../../../backend/checks/policy';

const t0 = new Date('2026-11-23T00:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const pupil: IdentityEvidence = { kind: 'person', personKind: 'student', at: at(0) };
/** A finished measurement: a triggered device's reading. */
const reading = (celsius: number, seconds: number): TemperatureEvidence => ({
  celsius,
  at: at(seconds),
  source: 'gy906',
  settled: true,
  rawCelsius: celsius,
  offsetCelsius: 0,
  ambientCelsius: null,
  manual: null,
});
/** A streaming sensor's readings, 0.2 s apart from `seconds`. */
const stream = (celsius: number[], seconds: number): TemperatureEvidence[] =>
  celsius.map((value, index) => ({
    ...reading(value, seconds + index * 0.2),
    settled: false,
  }));
const policy: Policy = { ...defaultPolicy, retestWaitSeconds: 30, readingFreshSeconds: 10 };

interface Row {
  name: string;
  evidence: Evidence;
  now: number;
  policy?: Policy;
  expected: {
    decision?: string;
    reasons?: string[];
    missing?: string[];
    celsius?: number | null;
    remeasure?: number | null;
  };
}

const rows: Row[] = [
  {
    name: 'nothing yet waits for a card',
    evidence: { identity: null, readings: [] },
    now: 0,
    expected: { missing: ['identity'] },
  },
  {
    name: 'a reading before any card still waits for the card',
    evidence: { identity: null, readings: [reading(36.6, 0)] },
    now: 1,
    expected: { missing: ['identity'], celsius: 36.6 },
  },
  {
    name: 'an unknown card is denied at once, without waiting for a temperature',
    evidence: { identity: { kind: 'unknown', cardText: 'XYZ', at: at(0) }, readings: [] },
    now: 0,
    expected: { decision: 'deny', reasons: ['card-unknown'] },
  },
  {
    name: 'a known pupil without a reading waits for the temperature',
    evidence: { identity: pupil, readings: [] },
    now: 1,
    expected: { missing: ['temperature'] },
  },
  {
    name: '36.6 passes',
    evidence: { identity: pupil, readings: [reading(36.6, 1)] },
    now: 1,
    expected: { decision: 'pass', reasons: ['temperature-normal'], celsius: 36.6 },
  },
  {
    name: '37.2 is just below the threshold and passes',
    evidence: { identity: pupil, readings: [reading(37.2, 1)] },
    now: 1,
    expected: { decision: 'pass', reasons: ['temperature-normal'] },
  },
  {
    name: '37.3 is at the threshold and is retested (R3: below 37.3 is normal)',
    evidence: { identity: pupil, readings: [reading(37.3, 1)] },
    now: 1,
    expected: { decision: 'retest', reasons: ['temperature-high'], celsius: 37.3 },
  },
  {
    name: '37.29 (the devices resolve 0.01 °C) is below the threshold',
    evidence: { identity: pupil, readings: [reading(37.29, 1)] },
    now: 1,
    expected: { decision: 'pass' },
  },
  {
    name: 'a 37.3 that arithmetic turned into 37.29999999 is still at the threshold',
    evidence: { identity: pupil, readings: [reading(37.1 + 0.19999999, 1)] },
    now: 1,
    expected: { decision: 'retest' },
  },
  {
    name: 'a reading taken shortly before the card counts',
    evidence: { identity: { ...pupil, at: at(5) }, readings: [reading(36.5, 0)] },
    now: 5,
    expected: { decision: 'pass', celsius: 36.5 },
  },
  {
    name: 'a reading older than the freshness window does not count',
    evidence: { identity: { ...pupil, at: at(11) }, readings: [reading(36.5, 0)] },
    now: 11,
    expected: { missing: ['temperature'] },
  },
  {
    name: 'a triggered reading of 22 °C (the wall, not a forehead) asks to measure again',
    evidence: { identity: pupil, readings: [reading(22, 1)] },
    now: 1,
    expected: { missing: ['remeasure'], remeasure: 22 },
  },
  {
    name: 'a streaming sensor seeing only the lane (24 °C) is waited for, not questioned',
    evidence: { identity: pupil, readings: stream([24.1, 24.0, 24.2, 24.1], 0) },
    now: 1,
    expected: { missing: ['temperature'], remeasure: null },
  },
  {
    name: 'a forehead coming closer is waited for until three readings agree',
    evidence: { identity: pupil, readings: stream([24, 33.1, 35.2, 36.3, 36.5], 0) },
    now: 1,
    expected: { missing: ['temperature'], remeasure: null },
  },
  {
    name: 'three readings within 0.3 °C start a short window for the highest stable one',
    evidence: { identity: pupil, readings: stream([24, 35.2, 36.3, 36.5, 36.4], 0) },
    now: 0.8,
    expected: { missing: ['temperature'] },
  },
  {
    name: 'when the window closes, the highest stable reading is the temperature',
    evidence: { identity: pupil, readings: stream([24, 35.2, 36.3, 36.5, 36.4], 0) },
    now: 1.4,
    expected: { decision: 'pass', celsius: 36.5 },
  },
  {
    name: 'a forehead still coming closer reads steady but low: the window catches the fever',
    evidence: {
      identity: pupil,
      readings: stream([36.9, 37.0, 37.1, 37.5, 37.6, 37.6, 37.7], 0),
    },
    now: 1.2,
    expected: { decision: 'retest', celsius: 37.7 },
  },
  {
    name: 'a person stepping away ends the window at once',
    evidence: { identity: pupil, readings: stream([36.4, 36.5, 36.4, 24.3], 0) },
    now: 0.6,
    expected: { decision: 'pass', celsius: 36.5 },
  },
  {
    name: 'readings that jump about (a hand waved past) are not stable',
    evidence: { identity: pupil, readings: stream([36.1, 37.4, 35.9, 37.0, 36.0], 0) },
    now: 1,
    expected: { missing: ['temperature'] },
  },
  {
    name: 'a person too far away (31–32 °C, steady) is asked to measure again',
    evidence: { identity: pupil, readings: stream([31.2, 31.3, 31.2, 31.3], 0) },
    now: 1,
    expected: { missing: ['remeasure'], remeasure: 31.3 },
  },
  {
    name: 'a steady 43 °C (a hot cup) asks to measure again instead of deciding',
    evidence: { identity: pupil, readings: stream([43.1, 43.2, 43.1], 0) },
    now: 1,
    expected: { missing: ['remeasure'], remeasure: 43.1 },
  },
  {
    name: 'an implausible 45 °C is ignored and the next plausible reading decides',
    evidence: { identity: pupil, readings: [reading(45, 1), reading(36.4, 2)] },
    now: 2,
    expected: { decision: 'pass', celsius: 36.4 },
  },
  {
    name: 'a second high reading in the same check is still only a retest: the first decides',
    evidence: { identity: pupil, readings: [reading(37.8, 1), reading(37.9, 31)] },
    now: 31,
    expected: { decision: 'retest', celsius: 37.8 },
  },
  {
    name: 'the retest check waits for a reading taken after the wait',
    evidence: { identity: pupil, readings: [reading(37.9, 10)], retestOf: reading(37.8, 1) },
    now: 10,
    expected: { missing: ['retest-temperature'] },
  },
  {
    name: 'a second high reading after the wait is a confirmed fever: refer',
    evidence: { identity: pupil, readings: [reading(37.9, 31)], retestOf: reading(37.8, 1) },
    now: 31,
    expected: { decision: 'refer', reasons: ['fever-confirmed'], celsius: 37.9 },
  },
  {
    name: 'a normal retest after the wait passes',
    evidence: { identity: pupil, readings: [reading(36.9, 40)], retestOf: reading(37.5, 1) },
    now: 40,
    expected: { decision: 'pass', reasons: ['temperature-normal-on-retest'], celsius: 36.9 },
  },
  {
    name: 'a retest exactly at the end of the wait counts',
    evidence: { identity: pupil, readings: [reading(37.0, 31)], retestOf: reading(37.5, 1) },
    now: 31,
    expected: { decision: 'pass', reasons: ['temperature-normal-on-retest'] },
  },
  {
    name: 'a normal retest still waits for the questions the policy asks',
    evidence: {
      identity: { kind: 'person', personKind: 'visitor', at: at(0) },
      readings: [reading(36.9, 40)],
      retestOf: reading(37.5, 1),
    },
    now: 40,
    expected: { missing: ['answers'], celsius: 36.9 },
  },
  {
    name: 'a refused status denies on the retest too',
    evidence: {
      identity: { ...pupil, status: 'isolating' },
      readings: [reading(37.9, 31)],
      retestOf: reading(37.8, 1),
    },
    now: 31,
    policy: { ...policy, blockingStatuses: ['isolating'] },
    expected: { decision: 'deny', reasons: ['status-isolating'] },
  },
  {
    name: 'a reading from the future (clock skew) is not used',
    evidence: { identity: pupil, readings: [reading(36.6, 5)] },
    now: 1,
    expected: { missing: ['temperature'] },
  },
  {
    name: 'a lowered threshold of 37.0 retests 37.0',
    evidence: { identity: pupil, readings: [reading(37.0, 1)] },
    now: 1,
    policy: { ...policy, feverThresholdCelsius: 37.0 },
    expected: { decision: 'retest' },
  },
  {
    name: 'staff pass without a temperature when the policy does not require one for them',
    evidence: { identity: { kind: 'person', personKind: 'staff', at: at(0) }, readings: [] },
    now: 0,
    policy: {
      ...policy,
      required: {
        ...policy.required,
        ordinary: { ...policy.required.ordinary, temperature: ['student'] },
      },
    },
    expected: { decision: 'pass', reasons: ['temperature-not-required'] },
  },
];

describe('decide()', () => {
  it.each(rows)('$name', ({ evidence, now, policy: rowPolicy, expected }) => {
    const outcome = decide(evidence, rowPolicy ?? policy, at(now));
    if (expected.missing) {
      expect(outcome).toMatchObject({ kind: 'missing', missing: expected.missing });
    } else {
      expect(outcome).toMatchObject({ kind: 'decided', decision: expected.decision });
      if (expected.reasons && outcome.kind === 'decided') {
        expect(outcome.reasons).toEqual(expected.reasons);
      }
    }
    if (expected.celsius !== undefined) {
      expect(outcome.temperature?.celsius ?? null).toBe(expected.celsius);
    }
    if (expected.remeasure !== undefined) {
      expect(outcome.remeasureCelsius).toBe(expected.remeasure);
    }
  });

  it('asks for a re-measure on the retest too, and keeps the check waiting', () => {
    const readings = stream([43.0, 43.1, 43.0], 32);
    const outcome = decide(
      { identity: pupil, readings, retestOf: reading(37.8, 1) },
      policy,
      at(33),
    );
    expect(outcome).toMatchObject({
      kind: 'missing',
      missing: ['remeasure'],
      remeasureCelsius: 43,
    });
  });

  it("takes a guard's typed reading as a finished measurement by itself", () => {
    const typed = { ...reading(36.7, 2), source: 'manual', rawCelsius: null, offsetCelsius: null };
    const manual = { ...typed, manual: { guardName: '王老师', instrument: 'clinical' as const } };
    const outcome = decide({ identity: pupil, readings: [manual] }, policy, at(2));
    expect(outcome).toMatchObject({ decision: 'pass', temperature: { celsius: 36.7 } });
  });

  it('never decides a retest from readings taken before the wait ended', () => {
    const early = [reading(36.5, 5), reading(36.4, 29.9)];
    const outcome = decide(
      { identity: pupil, readings: early, retestOf: reading(38, 0) },
      policy,
      at(30),
    );
    expect(outcome).toMatchObject({ kind: 'missing', missing: ['retest-temperature'] });
  });
});

describe('policySchema', () => {
  it('defaults to a 37.3 °C threshold', () => {
    expect(defaultPolicy.feverThresholdCelsius).toBe(37.3);
  });

  it.each([33.9, 39.1, 37.25])('refuses a threshold of %s', (threshold) => {
    expect(policySchema.safeParse({ feverThresholdCelsius: threshold }).success).toBe(false);
  });

  it.each([34, 37.3, 39])('accepts a threshold of %s', (threshold) => {
    expect(policySchema.safeParse({ feverThresholdCelsius: threshold }).success).toBe(true);
  });

  it('refuses unknown keys so a typo in the config is not silently ignored', () => {
    expect(policySchema.safeParse({ feverThreshold: 37.5 }).success).toBe(false);
  });
});
