// The gate decision as a pure function: evidence + policy + now → what is still missing, or
// the decision with its reasons. No I/O, no clock of its own, so every rule is a table test.
import type { Decision, Missing, PersonKind, ReasonCode } from '../contract/api';
import { isFever, isPlausible, type Policy } from './policy';

export interface TemperatureEvidence {
  celsius: number;
  at: Date;
  /** How it was obtained: the driver's name ('gy906', 'simulated'). */
  source: string;
}

export type IdentityEvidence =
  | { kind: 'person'; personKind: PersonKind; at: Date }
  | { kind: 'unknown'; cardText: string; at: Date };

export interface Evidence {
  identity: IdentityEvidence | null;
  /** Every reading offered for this check, oldest first; decide() picks the usable ones. */
  readings: TemperatureEvidence[];
}

export type Outcome =
  | { kind: 'missing'; missing: Missing[]; temperature: TemperatureEvidence | null }
  | {
      kind: 'decided';
      decision: Decision;
      reasons: ReasonCode[];
      /** Retest is a decision shown and logged, but the check goes on for the second reading. */
      final: boolean;
      temperature: TemperatureEvidence | null;
    };

export function decide(evidence: Evidence, policy: Policy, now: Date): Outcome {
  const { identity } = evidence;
  const usable = usableReadings(evidence, policy, now);
  const first = usable[0] ?? null;
  if (identity === null) {
    return { kind: 'missing', missing: ['identity'], temperature: first };
  }
  switch (identity.kind) {
    case 'unknown':
      return decided('deny', ['card-unknown'], null);
    case 'person':
      break;
    default:
      return assertNever(identity);
  }
  if (!policy.temperatureRequiredFor.includes(identity.personKind)) {
    return decided('pass', ['temperature-not-required'], null);
  }
  if (first === null) {
    return { kind: 'missing', missing: ['temperature'], temperature: null };
  }
  if (!isFever(first.celsius, policy)) {
    return decided('pass', ['temperature-normal'], first);
  }
  const retestFrom = first.at.getTime() + policy.retestWaitSeconds * 1000;
  const retest = usable.find((reading) => reading.at.getTime() >= retestFrom && reading !== first);
  if (retest === undefined) {
    return {
      kind: 'decided',
      decision: 'retest',
      reasons: ['temperature-high'],
      final: false,
      temperature: first,
    };
  }
  return isFever(retest.celsius, policy)
    ? decided('refer', ['fever-confirmed'], retest)
    : decided('pass', ['temperature-normal-on-retest'], retest);
}

/** Plausible readings, not from the future, and not older than the freshness window at the card. */
export function usableReadings(
  evidence: Evidence,
  policy: Policy,
  now: Date,
): TemperatureEvidence[] {
  const anchor = evidence.identity?.at ?? now;
  const oldest = anchor.getTime() - policy.readingFreshSeconds * 1000;
  return evidence.readings.filter(
    (reading) =>
      isPlausible(reading.celsius, policy) &&
      reading.at.getTime() >= oldest &&
      reading.at.getTime() <= now.getTime(),
  );
}

/** Seconds until a retest reading counts, or null when no retest is pending. */
export function retestWaitRemaining(first: TemperatureEvidence, policy: Policy, now: Date): number {
  const remaining = first.at.getTime() + policy.retestWaitSeconds * 1000 - now.getTime();
  return Math.max(0, Math.ceil(remaining / 1000));
}

function decided(
  decision: Decision,
  reasons: ReasonCode[],
  temperature: TemperatureEvidence | null,
): Outcome {
  return { kind: 'decided', decision, reasons, final: true, temperature };
}

function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
