// The check in front of the kiosk: gathers a card, readings, the answers to the questions of
// the day and a health code in any order, asks decide(), and writes each decision to the entry
// log before anyone is told. The lane holds at most one open check; a retest belongs to the
// person (retest-book.ts reads the open ones from the log), so any number wait aside while
// others pass. It never shows a decision that is not yet durable, never gives a reading taken
// for one person to another, and a verifier's late answer never decides a check that moved on.
// Here the card (or a guard's lookup) that opens a check and the operations the kiosk calls;
// the steps are their own files: the lane's state (gate-lane.ts), the decision and its entry
// (gate-decision.ts), readings (gate-measurement.ts), health codes (gate-health-code.ts) and
// the guard's ending of a retest (gate-retest.ts).
import { randomUUID } from 'node:crypto';
import type {
  Answers,
  CheckView,
  EntryView,
  HealthCodeColour,
  IdentitySource,
  PersonStatusView,
  ReasonCode,
  RetestResolution,
  VisitView,
} from '../../contract/api';
import { ApiError } from '../../contract/errors';
import type { EntryLog, LoggedPerson } from '../entries/entry-log';
import type { HealthCodeVerifier } from '../health-code/health-code-verifier';
import type { StorageErrorCode } from '../store/disk-space';
import { idleView, retestCountdownView, type OpenCheck } from './check-view';
import { retestDueAt, type TemperatureEvidence } from './decide';
import { evaluateCheck } from './gate-decision';
import {
  confirmHealthCode,
  healthCodeShown,
  verifyHealthCode,
  waitsForHealthCode,
} from './gate-health-code';
import { createGateContext, type GateContext } from './gate-lane';
import { takeLooseReadings, takeManualReading, takeReading } from './gate-measurement';
import { resolveRetest } from './gate-retest';
import type { PassRefusal } from './pass-use';
import type { VersionedPolicy } from './policy';
import type { RetestBook } from './retest-book';

/** Who a scanned text says is at the gate. */
export type Identity =
  | { kind: 'person'; person: LoggedPerson }
  /** A visitor with a valid pass: not on the roster, here for an appointment. */
  | { kind: 'visitor'; person: LoggedPerson; visit: VisitView }
  /** A visitor's pass that is not accepted, and why. */
  | { kind: 'refused'; reason: ReasonCode }
  | { kind: 'unknown' };

export interface GateCheckDeps {
  gateId: string;
  policy: () => VersionedPolicy;
  identify: (text: string) => Identity;
  /**
   * Counts one of the appointment's entries when a visitor passes; otherwise answers why the
   * visitor is refused instead: used up (another gate was first), or this gate's hub is away
   * and the policy admits no pass then.
   */
  useVisit: (appointmentId: string) => PassRefusal | null;
  entryLog: Pick<EntryLog, 'append'>;
  now: () => Date;
  onCheck: (view: CheckView) => void;
  onEntry: (entry: EntryView) => void;
  /** A decision could not be written (a full disk or another failure); the guard must see it. */
  onFault: (message: string, code: StorageErrorCode) => void;
  /** The online health-code verifier; null: the guard confirms every health code. */
  verifier?: HealthCodeVerifier | null;
  /** Why and by whom a roster person's status (not active) was set. */
  statusOf?: (personId: number, status: string) => PersonStatusView;
  /** The retests still open, read from the entry log. */
  retests: Pick<RetestBook, 'find' | 'byId'>;
  /** Someone began or stopped waiting for a retest. */
  onRetestsChanged?: () => void;
  /** A scanned text that is a health code (configured patterns), or null; absent: none is. */
  healthCodeOf?: (text: string) => { platform: string } | null;
}

/**
 * The same card again this soon after its final decision is the same person still holding it
 * up (or a scanner's double read): it shows that decision again instead of starting a check.
 */
const repeatWindowMs = 5000;

export function createGateCheck(deps: GateCheckDeps) {
  const context = createGateContext(deps);
  const { lane } = context;

  return {
    scan(text: string, source: IdentitySource): CheckView {
      return scan(context, text, source);
    },

    /**
     * A forgotten card: the signed-in guard found the person on the roster and starts their
     * check (or their retest, when they are waiting for one). The entry names the guard.
     */
    lookup(person: LoggedPerson, card: string, guardName: string): CheckView {
      context.expire();
      if (person.status === 'left') {
        throw new ApiError('bad-input', 'That person is no longer on the roster.');
      }
      return begin(context, { kind: 'person', person }, card, 'lookup', guardName);
    },

    /**
     * Ends a retest without a second reading, for the reason the guard gives: an entry that
     * follows the retest entry and names the guard. Refused when the retest has already ended.
     */
    resolveRetest(entryId: number, resolution: RetestResolution, guardName: string): EntryView {
      return resolveRetest(context, entryId, resolution, guardName);
    },

    reading(reading: TemperatureEvidence): void {
      takeReading(context, reading);
    },

    /**
     * A guard's typed reading: evidence for the open check, or for the next card within the
     * freshness window. Returns the check as it stands when one is open.
     */
    manualReading(reading: TemperatureEvidence): CheckView | null {
      return takeManualReading(context, reading);
    },

    /** The person's answers to the questions of the day, for the check they were shown in. */
    answer(checkId: string, answers: Answers): CheckView {
      return answerQuestions(context, checkId, answers);
    },

    /** The colour the guard saw on the phone, when the code could not be verified online. */
    confirmHealthCode(checkId: string, colour: HealthCodeColour, guardName: string): CheckView {
      return confirmHealthCode(context, checkId, colour, guardName);
    },

    cancel(): boolean {
      if (lane.open === null) return false;
      lane.open = null;
      context.publish(idleView(deps.now()));
      return true;
    },

    /**
     * Drops a check that has waited too long, and completes a measurement whose window has
     * closed with no reading since; call it a few times a second.
     */
    tick(): void {
      context.expire();
      if (lane.notice !== null && deps.now().getTime() >= lane.notice.until) {
        // The notice is over: the screen goes back to the lane's check, or to waiting.
        const { open } = lane;
        context.publish(
          open === null ? idleView(deps.now()) : context.view(open, context.outcomeOf(open), null),
        );
      }
      if (lane.open === null || lane.readyAt === null || deps.now().getTime() < lane.readyAt) {
        return;
      }
      try {
        evaluateCheck(context, lane.open);
      } catch (error) {
        context.fault(error);
      }
    },

    /** The check as it stands now: an open one is recomputed, so countdowns are current. */
    current(): CheckView | null {
      context.expire();
      if (lane.notice !== null && deps.now().getTime() < lane.notice.until) {
        return lane.notice.view();
      }
      if (lane.open === null) return lane.last;
      return context.view(lane.open, context.outcomeOf(lane.open), null);
    },
  };
}

export type GateCheck = ReturnType<typeof createGateCheck>;

/**
 * A scanned text: the open check's card or health code again, a health code, the card of a
 * final decision just shown (shown again), or a card that opens a check.
 */
function scan(context: GateContext, text: string, source: IdentitySource): CheckView {
  const { deps, lane } = context;
  context.expire();
  const cardText = text.trim();
  const { open } = lane;
  if (open !== null && (open.cardText === cardText || open.healthCodeText === cardText)) {
    return evaluateCheck(context, open);
  }
  if (deps.healthCodeOf?.(cardText)) return healthCodeShown(context, cardText);
  const now = deps.now();
  let identity = deps.identify(cardText);
  const { lastFinal } = lane;
  const repeated = lastFinal?.cardText === cardText || lastFinal?.healthCodeText === cardText;
  if (lastFinal && repeated && now.getTime() - lastFinal.at < repeatWindowMs) {
    lastFinal.at = now.getTime();
    // Someone just told to wait for a retest sees their countdown, not the decision again.
    return lastFinal.view.entry?.decision === 'retest'
      ? begin(context, identity, cardText, source, null)
      : lastFinal.view;
  }
  // While the person in front is asked for their health code, a scan that is neither a
  // roster card nor a pass is that health code (docs/guard.md: Questions, health code and
  // statuses).
  if (identity.kind === 'unknown' && open !== null && waitsForHealthCode(context, open)) {
    return verifyHealthCode(context, open, cardText);
  }
  // Someone removed from the roster holds a card that is no longer theirs to use.
  if (identity.kind === 'person' && identity.person.status === 'left') {
    identity = { kind: 'unknown' };
  }
  return begin(context, identity, cardText, source, null);
}

/**
 * A new person at the lane: their check opens (replacing one still gathering evidence, as a
 * new card always has). A person waiting aside is checked for their retest once it is due;
 * before then they see their countdown and nothing changes.
 */
function begin(
  context: GateContext,
  identity: Identity,
  cardText: string,
  source: IdentitySource,
  guardName: string | null,
): CheckView {
  const { deps, lane } = context;
  const now = deps.now();
  const person = identity.kind === 'person' || identity.kind === 'visitor' ? identity.person : null;
  const retest =
    person === null
      ? null
      : deps.retests.find({
          personId: person.id,
          appointmentId: identity.kind === 'visitor' ? identity.visit.appointmentId : null,
        });
  if (retest !== null && now.getTime() < retestDueAt(retest.first, deps.policy().policy)) {
    return context.showNotice(() => retestCountdownView(retest, deps.policy().policy, deps.now()));
  }
  const earlier = takeLooseReadings(context);
  const open: OpenCheck = {
    checkId: randomUUID(),
    startedAt: now,
    activeAt: now,
    cardText,
    source,
    identity,
    person,
    visit: identity.kind === 'visitor' ? identity.visit : null,
    status: statusOf(deps, person),
    // A retest takes only readings from after this scan: a reading the lane took before
    // may be anyone's (docs/guard.md: The gate check).
    readings: retest === null ? earlier : [],
    answers: null,
    healthCode: null,
    healthCodeText: null,
    retest,
    guardName,
  };
  lane.open = open;
  const held = lane.heldCode;
  lane.heldCode = null;
  if (held !== null && context.verifier !== null && waitsForHealthCode(context, open)) {
    return verifyHealthCode(context, open, held.text);
  }
  if (held !== null && context.verifier === null) open.healthCodeText = held.text;
  return evaluateCheck(context, open);
}

/** Every question of the policy answered, for a check that waits for the answers. */
function answerQuestions(context: GateContext, checkId: string, answers: Answers): CheckView {
  const { deps } = context;
  const check = context.stillOpen(checkId);
  if (!context.outcomeMissing(check, 'answers')) {
    throw new ApiError('bad-input', 'This check is not waiting for answers.');
  }
  const ids = deps.policy().policy.questions.map((question) => question.id);
  const given = Object.keys(answers);
  if (given.length !== ids.length || !ids.every((id) => Object.hasOwn(answers, id))) {
    throw new ApiError('bad-input', `Answer exactly these questions: ${ids.join(', ')}.`);
  }
  check.answers = { ...answers };
  check.activeAt = deps.now();
  return evaluateCheck(context, check);
}

function statusOf(deps: GateCheckDeps, person: LoggedPerson | null): PersonStatusView | null {
  const status = person?.status;
  if (person === null || person.id === null || !status || status === 'active') return null;
  return deps.statusOf?.(person.id, status) ?? { status, reason: null, setBy: null, setAt: null };
}
