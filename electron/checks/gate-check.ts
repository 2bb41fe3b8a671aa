// The check in front of the kiosk: gathers a card and readings in any order, asks decide(),
// and writes each decision to the entry log before anyone is told. It holds at most one open
// check; it never shows a decision that is not yet durable.
import { randomUUID } from 'node:crypto';
import type {
  CheckView,
  EntryView,
  IdentitySource,
  Missing,
  ReasonCode,
  VisitView,
} from '../contract/api';
import { ApiError } from '../contract/errors';
import type { EntryLog, LoggedPerson } from '../entries/entry-log';
import {
  decide,
  retestWaitRemaining,
  type Evidence,
  type IdentityEvidence,
  type Outcome,
  type TemperatureEvidence,
} from './decide';
import type { VersionedPolicy } from './policy';

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
  /** A decision could not be written; the guard must see it. */
  onFault: (message: string) => void;
}

interface OpenCheck {
  checkId: string;
  startedAt: Date;
  cardText: string;
  source: IdentitySource;
  identity: Identity;
  person: LoggedPerson | null;
  visit: VisitView | null;
  readings: TemperatureEvidence[];
  /** Set once the retest decision is logged; the final entry points at it. */
  retest: { entry: EntryView; first: TemperatureEvidence } | null;
}

/** Readings kept without a card: enough for the freshness window, never unbounded. */
const looseLimit = 50;
/**
 * The same card again this soon after its final decision is the same person still holding it
 * up (or a scanner's double read): it shows that decision again instead of starting a check.
 */
const repeatWindowMs = 5000;

export function createGateCheck(deps: GateCheckDeps) {
  let open: OpenCheck | null = null;
  let loose: TemperatureEvidence[] = [];
  let last: CheckView | null = null;
  let lastFinal: { cardText: string; at: number; view: CheckView } | null = null;
  /**
   * A streaming sensor still sees the person just decided: their readings must not become
   * the next person's. Cleared when the sensor sees nobody (a reading below the presence
   * floor) or the next card is shown (readings after a card are that person's).
   */
  let lingering = false;
  /** The open check's measurement completes then, even if the sensor sends nothing more. */
  let readyAt: number | null = null;

  function publish(view: CheckView): CheckView {
    last = view;
    deps.onCheck(view);
    return view;
  }

  function view(check: OpenCheck, outcome: Outcome, entry: EntryView | null): CheckView {
    const { policy } = deps.policy();
    const waiting = check.retest !== null && entry === null;
    const missing: Missing[] = outcome.kind === 'missing' ? outcome.missing : [];
    return {
      checkId: check.checkId,
      startedAt: check.startedAt.toISOString(),
      cardText: check.cardText,
      person: check.person && {
        name: check.person.name,
        kind: check.person.kind,
        className: check.person.className,
      },
      visit: check.visit,
      temperatureCelsius: outcome.temperature?.celsius ?? null,
      missing: waiting ? ['retest-temperature'] : missing,
      remeasureCelsius: outcome.remeasureCelsius,
      retestWaitSeconds:
        waiting && check.retest
          ? retestWaitRemaining(check.retest.first, policy, deps.now())
          : null,
      entry,
    };
  }

  function evaluate(check: OpenCheck): CheckView {
    const now = deps.now();
    const { version, policy } = deps.policy();
    let outcome = decide(evidenceOf(check), policy, now);
    // The visitor's entry is counted before the pass is logged: a pass used up meanwhile at
    // another gate refuses, and a crash between the two costs the visitor an entry, never
    // lets one more in than allowed.
    if (outcome.kind === 'decided' && outcome.decision === 'pass' && check.visit) {
      if (!deps.useVisit(check.visit.appointmentId)) {
        outcome = { ...outcome, decision: 'deny', reasons: ['pass-used-up'] };
      }
    }
    readyAt = outcome.readyAt?.getTime() ?? null;
    if (outcome.kind === 'missing') return publish(view(check, outcome, null));
    if (outcome.decision === 'retest' && check.retest !== null) {
      return publish(view(check, outcome, null));
    }
    let entry: EntryView;
    try {
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
        followsEntryId: check.retest?.entry.id ?? null,
        appointmentId: check.visit?.appointmentId ?? null,
      });
    } catch (error) {
      // Nothing was written, so nothing is shown as decided: the guard sees why.
      throw new ApiError('storage-failed', (error as Error).message);
    }
    const shown = view(check, outcome, entry);
    if (outcome.final) {
      open = null;
      loose = [];
      lingering = outcome.temperature !== null && !outcome.temperature.settled;
      lastFinal = { cardText: check.cardText, at: now.getTime(), view: shown };
    } else if (outcome.temperature !== null) {
      check.retest = { entry, first: outcome.temperature };
    }
    deps.onEntry(entry);
    return publish(shown);
  }

  function expire(): void {
    if (open === null) return;
    const { policy } = deps.policy();
    const extra = open.retest !== null ? policy.retestWaitSeconds : 0;
    const deadline = open.startedAt.getTime() + (policy.checkTimeoutSeconds + extra) * 1000;
    if (deps.now().getTime() > deadline) {
      open = null;
      publish(idleView(deps.now()));
    }
  }

  return {
    scan(text: string, source: IdentitySource): CheckView {
      expire();
      const cardText = text.trim();
      if (open !== null && open.cardText === cardText) return evaluate(open);
      const now = deps.now();
      if (lastFinal?.cardText === cardText && now.getTime() - lastFinal.at < repeatWindowMs) {
        lastFinal.at = now.getTime();
        return lastFinal.view;
      }
      const identity = deps.identify(cardText);
      open = {
        checkId: randomUUID(),
        startedAt: now,
        cardText,
        source,
        identity,
        person: identity.kind === 'person' || identity.kind === 'visitor' ? identity.person : null,
        visit: identity.kind === 'visitor' ? identity.visit : null,
        readings: loose,
        retest: null,
      };
      loose = [];
      lingering = false;
      return evaluate(open);
    },

    reading(reading: TemperatureEvidence): void {
      expire();
      if (open !== null) {
        open.readings.push(reading);
        try {
          evaluate(open);
        } catch (error) {
          deps.onFault((error as Error).message);
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
      if (open === null || readyAt === null || deps.now().getTime() < readyAt) return;
      try {
        evaluate(open);
      } catch (error) {
        deps.onFault((error as Error).message);
      }
    },

    /** The check as it stands now: an open one is recomputed, so countdowns are current. */
    current(): CheckView | null {
      expire();
      if (open === null) return last;
      const { policy } = deps.policy();
      return view(open, decide(evidenceOf(open), policy, deps.now()), null);
    },
  };
}

export type GateCheck = ReturnType<typeof createGateCheck>;

function evidenceOf(check: OpenCheck): Evidence {
  const identity: IdentityEvidence =
    check.identity.kind === 'refused'
      ? { kind: 'refused', reason: check.identity.reason, at: check.startedAt }
      : check.person
        ? { kind: 'person', personKind: check.person.kind, at: check.startedAt }
        : { kind: 'unknown', cardText: check.cardText, at: check.startedAt };
  return { identity, readings: check.readings };
}

function idleView(now: Date): CheckView {
  return {
    checkId: randomUUID(),
    startedAt: now.toISOString(),
    cardText: null,
    person: null,
    temperatureCelsius: null,
    visit: null,
    missing: ['identity'],
    remeasureCelsius: null,
    retestWaitSeconds: null,
    entry: null,
  };
}
