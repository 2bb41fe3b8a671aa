// The lane between calls, as the gate check keeps it: the one open check, readings taken before
// a card, the last view and final decision shown, a short notice, a health code held for the next
// card. And what every step of the check does with it: show a view or a notice, drop a check
// that waited too long, report a decision made in the background that could not be written.
// Nothing is decided here (gate-decision.ts decides and writes).
import type { CheckView, EntryView, Missing } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import type { HealthCodeVerifier } from '../health-code/health-code-verifier';
import { storageErrorCode } from '../store/disk-space';
import { checkView, evidenceOf, idleView, type OpenCheck } from './check-view';
import { decide, type Outcome, type TemperatureEvidence } from './decide';
import type { GateCheckDeps } from './gate-check';

/** A countdown shown to someone who scanned too early, or a held health code's prompt. */
const noticeMs = 5000;

export interface GateLane {
  open: OpenCheck | null;
  /** Readings taken without a card, for the next card's check. */
  loose: TemperatureEvidence[];
  /** The view shown last (not a notice). */
  last: CheckView | null;
  /** The last final decision, shown again when the same card (or health code) comes back. */
  lastFinal: {
    cardText: string;
    healthCodeText: string | null;
    at: number;
    view: CheckView;
  } | null;
  /**
   * A streaming sensor still sees the person just decided: their readings must not become
   * the next person's. Cleared when the sensor sees nobody (a reading below the presence
   * floor) or the next card is shown (readings after a card are that person's).
   */
  lingering: boolean;
  /** The open check's measurement completes then, even if the sensor sends nothing more. */
  readyAt: number | null;
  /** A short message for the person at the screen that is not a check (nothing is written). */
  notice: { view: () => CheckView; until: number } | null;
  /** A health code shown before the card, kept for the next card's check. */
  heldCode: { text: string; until: number } | null;
}

/** The lane, the check's dependencies, and what every step does with them. */
export interface GateContext {
  deps: GateCheckDeps;
  lane: GateLane;
  /** The online health-code verifier; null: the guard confirms every health code. */
  verifier: HealthCodeVerifier | null;
  /** Shows a view of the lane's check (or of nothing) and keeps it as the last one. */
  publish(view: CheckView): CheckView;
  /** Shows a notice for a few seconds without touching the open check or the last decision. */
  showNotice(make: () => CheckView): CheckView;
  view(check: OpenCheck, outcome: Outcome, entry: EntryView | null): CheckView;
  outcomeOf(check: OpenCheck): Outcome;
  /** Forgets a held health code and drops an open check that have waited too long. */
  expire(): void;
  /** A check decided in the background (a reading, a tick, a verifier) could not be written. */
  fault(error: unknown): void;
  /** The open check with this id; anything else is a check that is over (or never was). */
  stillOpen(checkId: string): OpenCheck;
  outcomeMissing(check: OpenCheck, what: Missing): boolean;
}

export function createGateContext(deps: GateCheckDeps): GateContext {
  const lane: GateLane = {
    open: null,
    loose: [],
    last: null,
    lastFinal: null,
    lingering: false,
    readyAt: null,
    notice: null,
    heldCode: null,
  };
  const verifier = deps.verifier ?? null;
  const context: GateContext = {
    deps,
    lane,
    verifier,
    publish(view) {
      lane.last = view;
      lane.notice = null;
      deps.onCheck(view);
      return view;
    },
    showNotice(make) {
      lane.notice = { view: make, until: deps.now().getTime() + noticeMs };
      const shown = make();
      deps.onCheck(shown);
      return shown;
    },
    view(check, outcome, entry) {
      return checkView(check, outcome, entry, deps.policy().policy, deps.now());
    },
    outcomeOf(check) {
      return decide(evidenceOf(check, verifier !== null), deps.policy().policy, deps.now());
    },
    expire() {
      const now = deps.now().getTime();
      if (lane.heldCode !== null && now > lane.heldCode.until) lane.heldCode = null;
      if (lane.open === null) return;
      const { policy } = deps.policy();
      const deadline = lane.open.activeAt.getTime() + policy.checkTimeoutSeconds * 1000;
      if (now > deadline) {
        lane.open = null;
        context.publish(idleView(deps.now()));
      }
    },
    fault(error) {
      deps.onFault((error as Error).message, storageErrorCode(error));
    },
    stillOpen(checkId) {
      context.expire();
      if (lane.open === null || lane.open.checkId !== checkId) {
        throw new ApiError('bad-input', 'That check is over; the person must scan again.');
      }
      return lane.open;
    },
    outcomeMissing(check, what) {
      const outcome = context.outcomeOf(check);
      return outcome.kind === 'missing' && outcome.missing.includes(what);
    },
  };
  return context;
}
