// The check in front of the kiosk: gathers a card and readings in any order, asks decide(),
// and writes each decision to the entry log before anyone is told. It holds at most one open
// check; it never shows a decision that is not yet durable.
import { randomUUID } from 'node:crypto';
import type { CheckView, EntryView, IdentitySource, Missing } from '../contract/api';
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

export interface GateCheckDeps {
  gateId: string;
  policy: () => VersionedPolicy;
  findPerson: (card: string) => LoggedPerson | null;
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
  person: LoggedPerson | null;
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
      temperatureCelsius: outcome.temperature?.celsius ?? null,
      missing: waiting ? ['retest-temperature'] : missing,
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
    const outcome = decide(evidenceOf(check), policy, now);
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
      });
    } catch (error) {
      // Nothing was written, so nothing is shown as decided: the guard sees why.
      throw new ApiError('storage-failed', (error as Error).message);
    }
    const shown = view(check, outcome, entry);
    if (outcome.final) {
      open = null;
      loose = [];
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
      open = {
        checkId: randomUUID(),
        startedAt: now,
        cardText,
        source,
        person: deps.findPerson(cardText),
        readings: loose,
        retest: null,
      };
      loose = [];
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
      loose = [...loose, reading].slice(-looseLimit);
    },

    cancel(): boolean {
      if (open === null) return false;
      open = null;
      publish(idleView(deps.now()));
      return true;
    },

    /** Drops a check that has waited too long; call it about once a second. */
    tick: expire,

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
  const identity: IdentityEvidence = check.person
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
    missing: ['identity'],
    retestWaitSeconds: null,
    entry: null,
  };
}
