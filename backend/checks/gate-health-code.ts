// The health-code step of the gate check: a code shown to the scanner before or after the card,
// asked of the online verifier without waiting for it, or confirmed by the guard from the
// phone's colour. The code's text stays in memory only: never part of a view or an entry.
import type { CheckView, HealthCodeColour, HealthCodeResult } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import { idleView, type OpenCheck } from './check-view';
import { evaluateCheck } from './gate-decision';
import type { GateContext } from './gate-lane';

/** A health code shown before the card waits this long for the card's check. */
const heldCodeMs = 10_000;

/**
 * A health code shown to the scanner (it matched a configured pattern): evidence for the
 * open check that waits for one, or kept for the next card. Never an unknown card, never a
 * deny, never written.
 */
export function healthCodeShown(context: GateContext, text: string): CheckView {
  const { deps, lane } = context;
  const { open } = lane;
  if (open !== null && waitsForHealthCode(context, open)) {
    return verifyHealthCode(context, open, text);
  }
  if (open !== null) {
    if (context.verifier === null && open.healthCodeText === null) open.healthCodeText = text;
    return context.view(open, context.outcomeOf(open), null);
  }
  lane.heldCode = { text, until: deps.now().getTime() + heldCodeMs };
  return context.showNotice(() => ({ ...idleView(deps.now()), healthCodeHeld: true }));
}

export function waitsForHealthCode(context: GateContext, check: OpenCheck): boolean {
  return (
    check.healthCode === null &&
    context.verifier !== null &&
    context.outcomeMissing(check, 'health-code')
  );
}

/**
 * Asks the verifier without waiting for it: the check shows "verifying" and other evidence
 * keeps coming. The answer counts only if this same check is still open and still verifying.
 */
export function verifyHealthCode(context: GateContext, check: OpenCheck, code: string): CheckView {
  check.healthCodeText = code;
  check.healthCode = { kind: 'verifying' };
  check.activeAt = context.deps.now();
  void context.verifier
    ?.verify(code)
    .catch((): HealthCodeResult => 'failed')
    .then((result) => settleHealthCode(context, check, result));
  return evaluateCheck(context, check);
}

function settleHealthCode(context: GateContext, check: OpenCheck, result: HealthCodeResult): void {
  context.expire();
  if (context.lane.open !== check || check.healthCode?.kind !== 'verifying') return;
  check.healthCode =
    result === 'failed' || result === 'timeout'
      ? { kind: 'unverified' }
      : { kind: 'found', record: { result, method: 'online', by: null } };
  check.activeAt = context.deps.now();
  try {
    evaluateCheck(context, check);
  } catch (error) {
    context.fault(error);
  }
}

/** The colour the guard saw on the phone, when the code could not be verified online. */
export function confirmHealthCode(
  context: GateContext,
  checkId: string,
  colour: HealthCodeColour,
  guardName: string,
): CheckView {
  const check = context.stillOpen(checkId);
  if (!context.outcomeMissing(check, 'health-code-guard')) {
    throw new ApiError('bad-input', 'This check is not waiting for the guard to confirm.');
  }
  check.healthCode = {
    kind: 'found',
    record: { result: colour, method: 'guard', by: guardName },
  };
  check.activeAt = context.deps.now();
  return evaluateCheck(context, check);
}
