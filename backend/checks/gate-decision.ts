// The decision step of the gate check: decide() on the open check's evidence and, once the
// decision is final, the entry written before anyone is told. A check still missing evidence is
// only shown. A decision the disk refuses ends the check with nothing shown as decided.
import type { CheckView, EntryView, ReasonCode } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import type { NewEntry } from '../entries/entry-log';
import { storageErrorCode } from '../store/disk-space';
import { evidenceOf, idleView, type OpenCheck } from './check-view';
import { decide, type Outcome, type TemperatureEvidence } from './decide';
import type { GateContext } from './gate-lane';

/** Decides the check; a final decision is written, ends the lane's check and is shown. */
export function evaluateCheck(context: GateContext, check: OpenCheck): CheckView {
  const { deps, lane } = context;
  const now = deps.now();
  const { version, policy } = deps.policy();
  const decided = decide(evidenceOf(check, context.verifier !== null), policy, now);
  lane.readyAt = decided.readyAt?.getTime() ?? null;
  if (decided.kind === 'missing') return context.publish(context.view(check, decided, null));
  // The guard ended this retest meanwhile (went home, observation point): nothing to decide.
  if (check.retest !== null && deps.retests.byId(check.retest.entryId) === null) {
    lane.open = null;
    return context.publish(idleView(now));
  }
  let outcome = decided;
  let entry: EntryView;
  try {
    // The visitor's entry is counted before the pass is logged: a pass used up meanwhile at
    // another gate refuses, and a crash between the two costs the visitor an entry, never
    // lets one more in than allowed.
    if (outcome.decision === 'pass' && check.visit) {
      const refused = deps.useVisit(check.visit.appointmentId);
      if (refused !== null) outcome = { ...outcome, decision: 'deny', reasons: [refused] };
    }
    entry = deps.entryLog.append(entryOf(check, outcome, now, deps.gateId, version));
  } catch (error) {
    throw refuse(context, error, outcome.temperature, now);
  }
  const shown = context.view(check, outcome, entry);
  // Every decision ends the lane's check; a retest goes on as the person's, in the log.
  lane.open = null;
  lane.loose = [];
  lane.lingering = outcome.temperature !== null && !outcome.temperature.settled;
  lane.lastFinal = {
    cardText: check.cardText,
    healthCodeText: check.healthCodeText,
    at: now.getTime(),
    view: shown,
  };
  deps.onEntry(entry);
  if (outcome.decision === 'retest' || check.retest !== null) deps.onRetestsChanged?.();
  return context.publish(shown);
}

/** The entry a final decision writes: who, the evidence decide() used, and the decision. */
function entryOf(
  check: OpenCheck,
  outcome: Extract<Outcome, { kind: 'decided' }>,
  at: Date,
  gateId: string,
  policyVersion: number,
): NewEntry {
  return {
    checkId: check.checkId,
    at,
    gateId,
    decision: outcome.decision,
    reasons: outcome.reasons,
    cardText: check.cardText,
    identitySource: check.source,
    person: check.person,
    temperature: outcome.temperature,
    policyVersion,
    followsEntryId: check.retest?.entryId ?? null,
    appointmentId: check.visit?.appointmentId ?? null,
    answers: check.answers,
    healthCode: check.healthCode?.kind === 'found' ? check.healthCode.record : null,
    personStatus: outcome.reasons.some(isStatusReason) ? check.status : null,
    guardName: check.guardName,
  };
}

/**
 * Nothing was written (the transaction is whole or absent), so nothing is shown as decided:
 * the check is refused and over. The guard records this person on paper, and a later reading
 * cannot record them a second time once the disk has room again.
 */
function refuse(
  context: GateContext,
  error: unknown,
  temperature: TemperatureEvidence | null,
  now: Date,
): ApiError {
  const { lane } = context;
  lane.open = null;
  lane.loose = [];
  lane.readyAt = null;
  lane.lingering = temperature !== null && !temperature.settled;
  context.publish(idleView(now));
  return new ApiError(storageErrorCode(error), (error as Error).message);
}

function isStatusReason(reason: ReasonCode): boolean {
  return reason.startsWith('status-');
}
