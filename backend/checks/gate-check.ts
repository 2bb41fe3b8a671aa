// The check in front of the kiosk: gathers a card, readings, the answers to the questions of
// the day and a health code in any order, asks decide(), and writes each decision to the entry
// log before anyone is told. The lane holds at most one open check; a retest belongs to the
// person (retest-book.ts reads the open ones from the log), so any number wait aside while
// others pass. It never shows a decision that is not yet durable, never gives a reading taken
// for one person to another, and a verifier's late answer never decides a check that moved on.
import { randomUUID } from 'node:crypto';
import type {
  Answers,
  CheckView,
  EntryView,
  HealthCodeColour,
  HealthCodeResult,
  IdentitySource,
  Missing,
  PersonStatusView,
  ReasonCode,
  RetestResolution,
  VisitView,
} from '../../contract/api';
import { ApiError } from '../../contract/errors';
import type { EntryLog, LoggedPerson } from '../entries/entry-log';
import type { HealthCodeVerifier } from '../health-code/health-code-verifier';
import { storageErrorCode, type StorageErrorCode } from '../store/disk-space';
import { checkView, evidenceOf, idleView, retestCountdownView, type OpenCheck } from './check-view';
import { decide, retestDueAt, type Outcome, type TemperatureEvidence } from './decide';
import type { VersionedPolicy } from './policy';
import { resolutionEntry, type RetestBook } from './retest-book';

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
   * Counts one of the appointment's entries when a visitor passes; false when it is used up
   * (another gate was first), and the visitor is refused instead.
   */
  useVisit: (appointmentId: string) => boolean;
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

/** Readings kept without a card: enough for the freshness window, never unbounded. */
const looseLimit = 50;
/**
 * The same card again this soon after its final decision is the same person still holding it
 * up (or a scanner's double read): it shows that decision again instead of starting a check.
 */
const repeatWindowMs = 5000;
/** A countdown shown to someone who scanned too early, or a held health code's prompt. */
const noticeMs = 5000;
/** A health code shown before the card waits this long for the card's check. */
const heldCodeMs = 10_000;

export function createGateCheck(deps: GateCheckDeps) {
  let open: OpenCheck | null = null;
  let loose: TemperatureEvidence[] = [];
  let last: CheckView | null = null;
  let lastFinal: {
    cardText: string;
    healthCodeText: string | null;
    at: number;
    view: CheckView;
  } | null = null;
  const verifier = deps.verifier ?? null;
  /**
   * A streaming sensor still sees the person just decided: their readings must not become
   * the next person's. Cleared when the sensor sees nobody (a reading below the presence
   * floor) or the next card is shown (readings after a card are that person's).
   */
  let lingering = false;
  /** The open check's measurement completes then, even if the sensor sends nothing more. */
  let readyAt: number | null = null;
  /** A short message for the person at the screen that is not a check (nothing is written). */
  let notice: { view: () => CheckView; until: number } | null = null;
  /** A health code shown before the card, kept for the next card's check. */
  let heldCode: { text: string; until: number } | null = null;

  function publish(view: CheckView): CheckView {
    last = view;
    notice = null;
    deps.onCheck(view);
    return view;
  }

  /** Shows a notice for a few seconds without touching the open check or the last decision. */
  function showNotice(make: () => CheckView): CheckView {
    notice = { view: make, until: deps.now().getTime() + noticeMs };
    const shown = make();
    deps.onCheck(shown);
    return shown;
  }

  function view(check: OpenCheck, outcome: Outcome, entry: EntryView | null): CheckView {
    return checkView(check, outcome, entry, deps.policy().policy, deps.now());
  }

  function outcomeOf(check: OpenCheck): Outcome {
    return decide(evidenceOf(check, verifier !== null), deps.policy().policy, deps.now());
  }

  function evaluate(check: OpenCheck): CheckView {
    const now = deps.now();
    const { version, policy } = deps.policy();
    const decided = decide(evidenceOf(check, verifier !== null), policy, now);
    readyAt = decided.readyAt?.getTime() ?? null;
    if (decided.kind === 'missing') return publish(view(check, decided, null));
    // The guard ended this retest meanwhile (went home, observation point): nothing to decide.
    if (check.retest !== null && deps.retests.byId(check.retest.entryId) === null) {
      open = null;
      return publish(idleView(now));
    }
    let outcome = decided;
    let entry: EntryView;
    try {
      // The visitor's entry is counted before the pass is logged: a pass used up meanwhile at
      // another gate refuses, and a crash between the two costs the visitor an entry, never
      // lets one more in than allowed.
      if (outcome.decision === 'pass' && check.visit) {
        if (!deps.useVisit(check.visit.appointmentId)) {
          outcome = { ...outcome, decision: 'deny', reasons: ['pass-used-up'] };
        }
      }
      entry = deps.entryLog.append({
        checkId: check.checkId,
        at: now,
        gateId: deps.gateId,
        decision: outcome.decision,
        reasons: outcome.reasons,
        cardText: check.cardText,
        identitySource: check.source,
        person: check.person,
        temperature: outcome.temperature,
        policyVersion: version,
        followsEntryId: check.retest?.entryId ?? null,
        appointmentId: check.visit?.appointmentId ?? null,
        answers: check.answers,
        healthCode: check.healthCode?.kind === 'found' ? check.healthCode.record : null,
        personStatus: outcome.reasons.some(isStatusReason) ? check.status : null,
        guardName: check.guardName,
      });
    } catch (error) {
      throw refuse(error, outcome.temperature, now);
    }
    const shown = view(check, outcome, entry);
    // Every decision ends the lane's check; a retest goes on as the person's, in the log.
    open = null;
    loose = [];
    lingering = outcome.temperature !== null && !outcome.temperature.settled;
    lastFinal = {
      cardText: check.cardText,
      healthCodeText: check.healthCodeText,
      at: now.getTime(),
      view: shown,
    };
    deps.onEntry(entry);
    if (outcome.decision === 'retest' || check.retest !== null) deps.onRetestsChanged?.();
    return publish(shown);
  }

  /**
   * Nothing was written (the transaction is whole or absent), so nothing is shown as decided:
   * the check is refused and over. The guard records this person on paper, and a later reading
   * cannot record them a second time once the disk has room again.
   */
  function refuse(error: unknown, temperature: TemperatureEvidence | null, now: Date): ApiError {
    open = null;
    loose = [];
    readyAt = null;
    lingering = temperature !== null && !temperature.settled;
    publish(idleView(now));
    return new ApiError(storageErrorCode(error), (error as Error).message);
  }

  function expire(): void {
    const now = deps.now().getTime();
    if (heldCode !== null && now > heldCode.until) heldCode = null;
    if (open === null) return;
    const { policy } = deps.policy();
    const deadline = open.activeAt.getTime() + policy.checkTimeoutSeconds * 1000;
    if (now > deadline) {
      open = null;
      publish(idleView(deps.now()));
    }
  }

  /**
   * A new person at the lane: their check opens (replacing one still gathering evidence, as a
   * new card always has). A person waiting aside is checked for their retest once it is due;
   * before then they see their countdown and nothing changes.
   */
  function begin(
    identity: Identity,
    cardText: string,
    source: IdentitySource,
    guardName: string | null,
  ): CheckView {
    const now = deps.now();
    const person =
      identity.kind === 'person' || identity.kind === 'visitor' ? identity.person : null;
    const retest =
      person === null
        ? null
        : deps.retests.find({
            personId: person.id,
            appointmentId: identity.kind === 'visitor' ? identity.visit.appointmentId : null,
          });
    if (retest !== null && now.getTime() < retestDueAt(retest.first, deps.policy().policy)) {
      return showNotice(() => retestCountdownView(retest, deps.policy().policy, deps.now()));
    }
    open = {
      checkId: randomUUID(),
      startedAt: now,
      activeAt: now,
      cardText,
      source,
      identity,
      person,
      visit: identity.kind === 'visitor' ? identity.visit : null,
      status: statusOf(person),
      // A retest takes only readings from after this scan: a reading the lane took before
      // may be anyone's (README: The gate check).
      readings: retest === null ? loose : [],
      answers: null,
      healthCode: null,
      healthCodeText: null,
      retest,
      guardName,
    };
    loose = [];
    lingering = false;
    const held = heldCode;
    heldCode = null;
    if (held !== null && verifier !== null && waitsForHealthCode(open)) {
      return verifyHealthCode(open, held.text);
    }
    if (held !== null && verifier === null) open.healthCodeText = held.text;
    return evaluate(open);
  }

  /**
   * A health code shown to the scanner (it matched a configured pattern): evidence for the
   * open check that waits for one, or kept for the next card. Never an unknown card, never a
   * deny, never written.
   */
  function healthCodeShown(text: string): CheckView {
    if (open !== null && waitsForHealthCode(open)) return verifyHealthCode(open, text);
    if (open !== null) {
      if (verifier === null && open.healthCodeText === null) open.healthCodeText = text;
      return view(open, outcomeOf(open), null);
    }
    heldCode = { text, until: deps.now().getTime() + heldCodeMs };
    return showNotice(() => ({ ...idleView(deps.now()), healthCodeHeld: true }));
  }

  return {
    scan(text: string, source: IdentitySource): CheckView {
      expire();
      const cardText = text.trim();
      if (open !== null && (open.cardText === cardText || open.healthCodeText === cardText)) {
        return evaluate(open);
      }
      if (deps.healthCodeOf?.(cardText)) return healthCodeShown(cardText);
      const now = deps.now();
      let identity = deps.identify(cardText);
      const repeated = lastFinal?.cardText === cardText || lastFinal?.healthCodeText === cardText;
      if (lastFinal && repeated && now.getTime() - lastFinal.at < repeatWindowMs) {
        lastFinal.at = now.getTime();
        // Someone just told to wait for a retest sees their countdown, not the decision again.
        return lastFinal.view.entry?.decision === 'retest'
          ? begin(identity, cardText, source, null)
          : lastFinal.view;
      }
      // While the person in front is asked for their health code, a scan that is neither a
      // roster card nor a pass is that health code (README: Questions, health code and statuses).
      if (identity.kind === 'unknown' && open !== null && waitsForHealthCode(open)) {
        return verifyHealthCode(open, cardText);
      }
      // Someone removed from the roster holds a card that is no longer theirs to use.
      if (identity.kind === 'person' && identity.person.status === 'left') {
        identity = { kind: 'unknown' };
      }
      return begin(identity, cardText, source, null);
    },

    /**
     * A forgotten card: the signed-in guard found the person on the roster and starts their
     * check (or their retest, when they are waiting for one). The entry names the guard.
     */
    lookup(person: LoggedPerson, card: string, guardName: string): CheckView {
      expire();
      if (person.status === 'left') {
        throw new ApiError('bad-input', 'That person is no longer on the roster.');
      }
      return begin({ kind: 'person', person }, card, 'lookup', guardName);
    },

    /**
     * Ends a retest without a second reading, for the reason the guard gives: an entry that
     * follows the retest entry and names the guard. Refused when the retest has already ended.
     */
    resolveRetest(entryId: number, resolution: RetestResolution, guardName: string): EntryView {
      expire();
      const retest = deps.retests.byId(entryId);
      if (retest === null) {
        throw new ApiError('bad-input', 'That retest has already ended (or never was).');
      }
      const now = deps.now();
      let entry: EntryView;
      try {
        entry = deps.entryLog.append(
          resolutionEntry(retest, resolution, {
            guardName,
            gateId: deps.gateId,
            policyVersion: deps.policy().version,
            checkId: randomUUID(),
            at: now,
          }),
        );
      } catch (error) {
        throw new ApiError(storageErrorCode(error), (error as Error).message);
      }
      // The person's retest check, if they were at the lane just now, is over too.
      if (open?.retest?.entryId === entryId) {
        open = null;
        publish(idleView(now));
      }
      deps.onEntry(entry);
      deps.onRetestsChanged?.();
      return entry;
    },

    reading(reading: TemperatureEvidence): void {
      expire();
      if (open !== null) {
        open.readings.push(reading);
        try {
          evaluate(open);
        } catch (error) {
          fault(error);
        }
        return;
      }
      if (lingering && !reading.settled) {
        if (reading.celsius >= deps.policy().policy.presenceMinCelsius) return;
        lingering = false;
      }
      loose = [...loose, reading].slice(-looseLimit);
    },

    /**
     * A guard's typed reading: evidence for the open check, or for the next card within the
     * freshness window. Returns the check as it stands when one is open.
     */
    manualReading(reading: TemperatureEvidence): CheckView | null {
      expire();
      if (open !== null) {
        open.readings.push(reading);
        return evaluate(open);
      }
      loose = [...loose, reading].slice(-looseLimit);
      return null;
    },

    /** The person's answers to the questions of the day, for the check they were shown in. */
    answer(checkId: string, answers: Answers): CheckView {
      const check = stillOpen(checkId);
      if (!outcomeMissing(check, 'answers')) {
        throw new ApiError('bad-input', 'This check is not waiting for answers.');
      }
      const ids = deps.policy().policy.questions.map((question) => question.id);
      const given = Object.keys(answers);
      if (given.length !== ids.length || !ids.every((id) => Object.hasOwn(answers, id))) {
        throw new ApiError('bad-input', `Answer exactly these questions: ${ids.join(', ')}.`);
      }
      check.answers = { ...answers };
      check.activeAt = deps.now();
      return evaluate(check);
    },

    /** The colour the guard saw on the phone, when the code could not be verified online. */
    confirmHealthCode(checkId: string, colour: HealthCodeColour, guardName: string): CheckView {
      const check = stillOpen(checkId);
      if (!outcomeMissing(check, 'health-code-guard')) {
        throw new ApiError('bad-input', 'This check is not waiting for the guard to confirm.');
      }
      check.healthCode = {
        kind: 'found',
        record: { result: colour, method: 'guard', by: guardName },
      };
      check.activeAt = deps.now();
      return evaluate(check);
    },

    cancel(): boolean {
      if (open === null) return false;
      open = null;
      publish(idleView(deps.now()));
      return true;
    },

    /**
     * Drops a check that has waited too long, and completes a measurement whose window has
     * closed with no reading since; call it a few times a second.
     */
    tick(): void {
      expire();
      if (notice !== null && deps.now().getTime() >= notice.until) {
        // The notice is over: the screen goes back to the lane's check, or to waiting.
        publish(open === null ? idleView(deps.now()) : view(open, outcomeOf(open), null));
      }
      if (open === null || readyAt === null || deps.now().getTime() < readyAt) return;
      try {
        evaluate(open);
      } catch (error) {
        fault(error);
      }
    },

    /** The check as it stands now: an open one is recomputed, so countdowns are current. */
    current(): CheckView | null {
      expire();
      if (notice !== null && deps.now().getTime() < notice.until) return notice.view();
      if (open === null) return last;
      return view(open, outcomeOf(open), null);
    },
  };

  /** The open check with this id; anything else is a check that is over (or never was). */
  function stillOpen(checkId: string): OpenCheck {
    expire();
    if (open === null || open.checkId !== checkId) {
      throw new ApiError('bad-input', 'That check is over; the person must scan again.');
    }
    return open;
  }

  function outcomeMissing(check: OpenCheck, what: Missing): boolean {
    const outcome = outcomeOf(check);
    return outcome.kind === 'missing' && outcome.missing.includes(what);
  }

  function waitsForHealthCode(check: OpenCheck): boolean {
    return check.healthCode === null && verifier !== null && outcomeMissing(check, 'health-code');
  }

  /**
   * Asks the verifier without waiting for it: the check shows "verifying" and other evidence
   * keeps coming. The answer counts only if this same check is still open and still verifying.
   */
  function verifyHealthCode(check: OpenCheck, code: string): CheckView {
    check.healthCodeText = code;
    check.healthCode = { kind: 'verifying' };
    check.activeAt = deps.now();
    void verifier
      ?.verify(code)
      .catch((): HealthCodeResult => 'failed')
      .then((result) => settleHealthCode(check, result));
    return evaluate(check);
  }

  function settleHealthCode(check: OpenCheck, result: HealthCodeResult): void {
    expire();
    if (open !== check || check.healthCode?.kind !== 'verifying') return;
    check.healthCode =
      result === 'failed' || result === 'timeout'
        ? { kind: 'unverified' }
        : { kind: 'found', record: { result, method: 'online', by: null } };
    check.activeAt = deps.now();
    try {
      evaluate(check);
    } catch (error) {
      fault(error);
    }
  }

  /** A check decided in the background (a reading, a tick, a verifier) could not be written. */
  function fault(error: unknown): void {
    deps.onFault((error as Error).message, storageErrorCode(error));
  }

  function statusOf(person: LoggedPerson | null): PersonStatusView | null {
    const status = person?.status;
    if (person === null || person.id === null || !status || status === 'active') return null;
    return deps.statusOf?.(person.id, status) ?? { status, reason: null, setBy: null, setAt: null };
  }
}

function isStatusReason(reason: ReasonCode): boolean {
  return reason.startsWith('status-');
}

export type GateCheck = ReturnType<typeof createGateCheck>;
