// decide() for the rest of the gate check (R2 questions, R4 health code, R10 statuses), as a
// table: each new rule in both modes, and that a fever still decides while answers are missing.
import { describe, expect, it } from 'vitest';
import { decide, type Evidence, type TemperatureEvidence } from '../../../backend/checks/decide';
import { defaultPolicy, type Policy } from '../../../backend/checks/policy';
import type { PersonKind } from '../../../contract/api';

const t0 = new Date('2026-11-23T00:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const person = (personKind: PersonKind, status?: string) => ({
  kind: 'person' as const,
  personKind,
  at: at(0),
  status,
});
const pupil = person('student');
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
const policy: Policy = { ...defaultPolicy, retestWaitSeconds: 30, readingFreshSeconds: 10 };

interface Row {
  name: string;
  evidence: Evidence;
  now: number;
  policy?: Policy;
  expected: { decision?: string; reasons?: string[]; missing?: string[]; celsius?: number };
}

/** Questions of the day, health code and roster status (R2, R4, R10), in both modes. */
function gateFlowRows(): Row[] {
  const epidemic: Policy = { ...policy, mode: 'epidemic' };
  const visitor = person('visitor');
  const allNo = { symptoms: 'no', travel: 'no', contact: 'no' } as const;
  const found = (result: 'green' | 'yellow' | 'red' | 'expired' | 'not-found') => ({
    kind: 'found' as const,
    record: { result, method: 'online' as const, by: null },
  });
  const withStatus = (status: string) => person('student', status);
  return [
    {
      name: 'ordinary mode: a pupil needs no health code and passes on temperature alone',
      evidence: { identity: pupil, readings: [reading(36.6, 1)] },
      now: 1,
      expected: { decision: 'pass', reasons: ['temperature-normal'] },
    },
    {
      name: 'epidemic mode: the same pupil waits for the health code, then the temperature',
      evidence: { identity: pupil, readings: [] },
      now: 1,
      policy: epidemic,
      expected: { missing: ['health-code', 'temperature'] },
    },
    {
      name: 'epidemic mode: a normal reading still waits for the health code, keeping the reading',
      evidence: { identity: pupil, readings: [reading(36.6, 1)] },
      now: 1,
      policy: epidemic,
      expected: { missing: ['health-code'], celsius: 36.6 },
    },
    {
      name: 'epidemic mode: green and a normal reading pass',
      evidence: { identity: pupil, readings: [reading(36.6, 1)], healthCode: found('green') },
      now: 1,
      policy: epidemic,
      expected: { decision: 'pass', reasons: ['temperature-normal'] },
    },
    ...(['yellow', 'red', 'expired', 'not-found'] as const).map((result) => ({
      name: `epidemic mode: a ${result} health code is refused at once, before any reading`,
      evidence: { identity: pupil, readings: [], healthCode: found(result) },
      now: 1,
      policy: epidemic,
      expected: { decision: 'deny', reasons: [`health-code-${result}`] },
    })),
    {
      name: 'ordinary mode: a health code nobody asked for does not count',
      evidence: { identity: pupil, readings: [reading(36.6, 1)], healthCode: found('red') },
      now: 1,
      expected: { decision: 'pass' },
    },
    {
      name: 'a health code being verified is still missing',
      evidence: {
        identity: pupil,
        readings: [reading(36.6, 1)],
        healthCode: { kind: 'verifying' },
      },
      now: 1,
      policy: epidemic,
      expected: { missing: ['health-code'] },
    },
    {
      name: 'a verifier that failed or is absent leaves it to the guard',
      evidence: { identity: pupil, readings: [], healthCode: { kind: 'unverified' } },
      now: 1,
      policy: epidemic,
      expected: { missing: ['health-code-guard', 'temperature'] },
    },
    {
      name: "the guard's green is as good as the verifier's",
      evidence: {
        identity: pupil,
        readings: [reading(36.6, 1)],
        healthCode: { kind: 'found', record: { result: 'green', method: 'guard', by: '王保安' } },
      },
      now: 1,
      policy: epidemic,
      expected: { decision: 'pass' },
    },
    {
      name: 'a visitor (ordinary mode) answers the questions first',
      evidence: { identity: visitor, readings: [] },
      now: 1,
      expected: { missing: ['answers', 'temperature'] },
    },
    {
      name: 'a visitor answering no to everything with a normal reading passes',
      evidence: { identity: visitor, readings: [reading(36.6, 1)], answers: allNo },
      now: 1,
      expected: { decision: 'pass', reasons: ['temperature-normal'] },
    },
    {
      name: 'any "yes" is a risk answer: refused at once, even before the temperature',
      evidence: { identity: visitor, readings: [], answers: { ...allNo, travel: 'yes' } },
      now: 1,
      expected: { decision: 'deny', reasons: ['questions-risk'] },
    },
    {
      name: 'epidemic mode: a visitor needs answers, health code and temperature',
      evidence: { identity: visitor, readings: [] },
      now: 1,
      policy: epidemic,
      expected: { missing: ['answers', 'health-code', 'temperature'] },
    },
    {
      name: 'a fever is retested even while the answers are still missing',
      evidence: { identity: visitor, readings: [reading(38, 1)] },
      now: 1,
      expected: { decision: 'retest', reasons: ['temperature-high'] },
    },
    {
      name: 'without a temperature requirement, a missing health code is still waited for',
      evidence: { identity: person('staff'), readings: [] },
      now: 1,
      policy: {
        ...epidemic,
        required: {
          ...epidemic.required,
          epidemic: { temperature: [], healthCode: ['staff'], questions: [] },
        },
      },
      expected: { missing: ['health-code'] },
    },
    {
      name: 'an isolating pupil is refused at once, in any mode',
      evidence: { identity: withStatus('isolating'), readings: [reading(36.6, 1)] },
      now: 1,
      expected: { decision: 'deny', reasons: ['status-isolating'] },
    },
    {
      name: 'a pupil who needs a return-to-school certificate is refused',
      evidence: { identity: withStatus('needs-certificate'), readings: [] },
      now: 1,
      policy: epidemic,
      expected: { decision: 'deny', reasons: ['status-needs-certificate'] },
    },
    {
      name: 'a status the policy does not list as blocking does not keep anyone out',
      evidence: { identity: withStatus('needs-certificate'), readings: [reading(36.6, 1)] },
      now: 1,
      policy: { ...policy, blockingStatuses: ['isolating'] },
      expected: { decision: 'pass' },
    },
    {
      name: 'someone who left the roster is an unknown card',
      evidence: { identity: withStatus('left'), readings: [reading(36.6, 1)] },
      now: 1,
      expected: { decision: 'deny', reasons: ['card-unknown'] },
    },
  ];
}

describe('decide() with questions, health code and statuses', () => {
  it.each(gateFlowRows())('$name', ({ evidence, now, policy: rowPolicy, expected }) => {
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
  });
});
