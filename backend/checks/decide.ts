// The gate decision as a pure function: evidence + policy + now → what is still missing, or
// the decision with its reasons. No I/O, no clock of its own, so every rule is a table test.
// Evidence arrives in any order: a card, readings, the answers to the questions of the day, a
// health-code result; a risk answer, a bad health code or a blocking status decides at once.
import type {
  Answers,
  Decision,
  HealthCodeRecord,
  Missing,
  PersonKind,
  ReasonCode,
} from '../../contract/api';
import { measure, type Measurement, type TemperatureEvidence } from './measurement';
import { isFever, requirementsOf, type Policy } from './policy';

export type { TemperatureEvidence } from './measurement';

export type IdentityEvidence =
  /** status: the roster's (absent: active); a visitor has none. */
  | { kind: 'person'; personKind: PersonKind; at: Date; status?: string }
  | { kind: 'unknown'; cardText: string; at: Date }
  /** A visitor's pass that was shown and not accepted (forged, expired, revoked, …). */
  | { kind: 'refused'; reason: ReasonCode; at: Date };

export interface Evidence {
  identity: IdentityEvidence | null;
  /** Every reading offered for this check, oldest first; decide() picks the usable ones. */
  readings: TemperatureEvidence[];
  /** The answers to the questions of the day, once given (absent: not yet). */
  answers?: Answers | null;
  /** Where the health code stands (absent: not shown yet). */
  healthCode?: HealthCodeEvidence | null;
  /**
   * This check is the retest of a person who waited aside: their first reading (at or over the
   * threshold, already logged as a retest). Only readings from after the wait count now.
   */
  retestOf?: TemperatureEvidence | null;
}

export type HealthCodeEvidence =
  /** Shown, and the online verifier has not answered yet. */
  | { kind: 'verifying' }
  /** The verifier failed, timed out or is not configured: the guard must confirm the colour. */
  | { kind: 'unverified' }
  /** The verifier's answer, or the colour the guard confirmed. */
  | { kind: 'found'; record: HealthCodeRecord };

export type Outcome =
  | {
      kind: 'missing';
      missing: Missing[];
      temperature: TemperatureEvidence | null;
      /** The reading that asks for a re-measure (outside the plausible range), or null. */
      remeasureCelsius: number | null;
      /** A measurement completes at this time even if no other reading arrives. */
      readyAt: Date | null;
    }
  | {
      kind: 'decided';
      decision: Decision;
      reasons: ReasonCode[];
      temperature: TemperatureEvidence | null;
      remeasureCelsius: number | null;
      readyAt: Date | null;
    };

export function decide(evidence: Evidence, policy: Policy, now: Date): Outcome {
  const { identity } = evidence;
  const usable = usableReadings(evidence, policy, now);
  const measured = measure(usable, policy, now);
  const first = measuredReading(measured);
  if (identity === null) {
    return {
      kind: 'missing',
      missing: ['identity'],
      temperature: first,
      remeasureCelsius: null,
      readyAt: null,
    };
  }
  switch (identity.kind) {
    case 'unknown':
      return decided('deny', ['card-unknown'], null);
    case 'refused':
      return decided('deny', [identity.reason], null);
    case 'person':
      break;
    default:
      return assertNever(identity);
  }
  if (identity.status === 'left') return decided('deny', ['card-unknown'], null);
  const blocked = blockingReason(identity.status, policy);
  if (blocked !== null) return decided('deny', [blocked], null);
  const required = requirementsOf(policy);
  const kind = identity.personKind;
  const asked = required.questions.includes(kind);
  if (asked && evidence.answers && Object.values(evidence.answers).includes('yes')) {
    return decided('deny', ['questions-risk'], null);
  }
  const code = required.healthCode.includes(kind) ? (evidence.healthCode ?? null) : undefined;
  if (code?.kind === 'found' && code.record.result !== 'green') {
    return decided('deny', [`health-code-${code.record.result}`], null);
  }
  const waiting: Missing[] = [];
  if (asked && !evidence.answers) waiting.push('answers');
  if (code !== undefined && code?.kind !== 'found') {
    waiting.push(code?.kind === 'unverified' ? 'health-code-guard' : 'health-code');
  }
  if (!required.temperature.includes(kind)) {
    return waiting.length > 0
      ? missing(waiting, null, null, null)
      : decided('pass', ['temperature-not-required'], null);
  }
  const temperature = evidence.retestOf
    ? decideRetest(usable, evidence.retestOf, policy, now)
    : decideTemperature(measured, first, policy);
  // A fever is decided (retest, refer) whatever else is missing; a pass waits for the rest.
  if (temperature.kind === 'decided' && temperature.decision !== 'pass') return temperature;
  if (waiting.length === 0) return temperature;
  if (temperature.kind === 'missing') {
    return { ...temperature, missing: [...waiting, ...temperature.missing] };
  }
  return missing(waiting, temperature.temperature, null, null);
}

/** The temperature step alone: what it still needs, or pass / retest. */
function decideTemperature(
  measured: Measurement,
  first: TemperatureEvidence | null,
  policy: Policy,
): Outcome {
  if (first === null) {
    const remeasureCelsius = measured.kind === 'implausible' ? measured.celsius : null;
    const needed: Missing = remeasureCelsius === null ? 'temperature' : 'remeasure';
    return missing([needed], null, remeasureCelsius, readyAt(measured));
  }
  // R3: at or over the threshold the person does not enter yet; they wait aside for a retest,
  // which belongs to them (backend/checks/retest-book.ts), not to this lane.
  return isFever(first.celsius, policy)
    ? decided('retest', ['temperature-high'], first)
    : decided('pass', ['temperature-normal'], first);
}

/** The retest of a person who waited: a new measurement, from readings after the wait only. */
function decideRetest(
  usable: TemperatureEvidence[],
  first: TemperatureEvidence,
  policy: Policy,
  now: Date,
): Outcome {
  const retestFrom = retestDueAt(first, policy);
  const second = measure(
    usable.filter((reading) => reading.at.getTime() >= retestFrom),
    policy,
    now,
  );
  const retest = measuredReading(second);
  if (retest === null) {
    const remeasureCelsius = second.kind === 'implausible' ? second.celsius : null;
    const needed: Missing = remeasureCelsius === null ? 'retest-temperature' : 'remeasure';
    return missing([needed], null, remeasureCelsius, readyAt(second));
  }
  return isFever(retest.celsius, policy)
    ? decided('refer', ['fever-confirmed'], retest)
    : decided('pass', ['temperature-normal-on-retest'], retest);
}

/** R10: a roster status the policy names keeps the person out until an admin clears it. */
function blockingReason(status: string | undefined, policy: Policy): ReasonCode | null {
  switch (status) {
    case 'isolating':
    case 'needs-certificate':
      return policy.blockingStatuses.includes(status) ? `status-${status}` : null;
    default:
      return null;
  }
}

function missing(
  needed: Missing[],
  temperature: TemperatureEvidence | null,
  remeasureCelsius: number | null,
  ready: Date | null,
): Outcome {
  return { kind: 'missing', missing: needed, temperature, remeasureCelsius, readyAt: ready };
}

/**
 * Readings not from the future and not older than the freshness window at the card, in any
 * range: measure() needs the scene's readings too, to see a person come and go.
 */
export function usableReadings(
  evidence: Evidence,
  policy: Policy,
  now: Date,
): TemperatureEvidence[] {
  const anchor = evidence.identity?.at ?? now;
  const oldest = anchor.getTime() - policy.readingFreshSeconds * 1000;
  return evidence.readings.filter(
    (reading) => reading.at.getTime() >= oldest && reading.at.getTime() <= now.getTime(),
  );
}

function readyAt(measurement: Measurement): Date | null {
  return measurement.kind === 'settling' ? measurement.readyAt : null;
}

function measuredReading(measurement: Measurement): TemperatureEvidence | null {
  return measurement.kind === 'measured' ? measurement.reading : null;
}

/** When (ms) a retest reading starts to count: the retest wait after the first reading. */
export function retestDueAt(first: TemperatureEvidence, policy: Policy): number {
  return first.at.getTime() + policy.retestWaitSeconds * 1000;
}

/** Whole seconds until a retest reading counts (0 once it does). */
export function retestWaitRemaining(first: TemperatureEvidence, policy: Policy, now: Date): number {
  const remaining = retestDueAt(first, policy) - now.getTime();
  return Math.max(0, Math.ceil(remaining / 1000));
}

function decided(
  decision: Decision,
  reasons: ReasonCode[],
  temperature: TemperatureEvidence | null,
): Outcome {
  return {
    kind: 'decided',
    decision,
    reasons,
    temperature,
    remeasureCelsius: null,
    readyAt: null,
  };
}

function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
