// The open check's state, the evidence decide() sees of it, and the view the screen gets.
// Pure shaping, no I/O: the health code's text lives only in memory here and is never part of
// a view or an entry (it may carry personal data); a card text that is an ID number is shown
// masked, as every screen shows one.
import { randomUUID } from 'node:crypto';
import type {
  Answers,
  CheckView,
  EntryView,
  IdentitySource,
  Missing,
  PersonStatusView,
  VisitView,
} from '../../contract/api';
import { shownCardText, type LoggedPerson } from '../entries/entry-log';
import {
  retestWaitRemaining,
  type Evidence,
  type HealthCodeEvidence,
  type IdentityEvidence,
  type Outcome,
  type TemperatureEvidence,
} from './decide';
import type { Identity } from './gate-check';
import type { Policy } from './policy';
import type { OpenRetestRecord } from './retest-book';

export interface OpenCheck {
  checkId: string;
  startedAt: Date;
  /** The last time the person gave evidence by hand (answers, health code); the timeout runs from it. */
  activeAt: Date;
  cardText: string;
  source: IdentitySource;
  identity: Identity;
  person: LoggedPerson | null;
  visit: VisitView | null;
  /** A roster status other than active, with why and who set it. */
  status: PersonStatusView | null;
  readings: TemperatureEvidence[];
  answers: Answers | null;
  healthCode: HealthCodeEvidence | null;
  /** The health code as scanned, to know it again when the camera sees it once more. */
  healthCodeText: string | null;
  /** This check is the retest of a person who waited aside; the final entry points at it. */
  retest: OpenRetestRecord | null;
  /** The guard who started this check from a lookup (a forgotten card), or null. */
  guardName: string | null;
}

/** What decide() sees. Without a verifier a health code can only be the guard's word. */
export function evidenceOf(check: OpenCheck, hasVerifier: boolean): Evidence {
  const identity: IdentityEvidence =
    check.identity.kind === 'refused'
      ? { kind: 'refused', reason: check.identity.reason, at: check.startedAt }
      : check.person
        ? {
            kind: 'person',
            personKind: check.person.kind,
            at: check.startedAt,
            status: check.status?.status,
          }
        : { kind: 'unknown', cardText: check.cardText, at: check.startedAt };
  const healthCode = check.healthCode ?? (hasVerifier ? null : { kind: 'unverified' as const });
  return {
    identity,
    readings: check.readings,
    answers: check.answers,
    healthCode,
    retestOf: check.retest?.first ?? null,
  };
}

export function checkView(
  check: OpenCheck,
  outcome: Outcome,
  entry: EntryView | null,
  policy: Policy,
  now: Date,
): CheckView {
  const shown: Missing[] = outcome.kind === 'missing' ? outcome.missing : [];
  // A retest decided now: the person is told how long to wait aside before scanning again.
  const retestOf =
    outcome.kind === 'decided' && outcome.decision === 'retest' ? outcome.temperature : null;
  return {
    checkId: check.checkId,
    startedAt: check.startedAt.toISOString(),
    cardText: shownCardText(check.cardText),
    person: check.person && {
      name: check.person.name,
      kind: check.person.kind,
      className: check.person.className,
    },
    visit: check.visit,
    temperatureCelsius: outcome.temperature?.celsius ?? null,
    missing: shown,
    remeasureCelsius: outcome.remeasureCelsius,
    retestWaitSeconds: retestOf ? retestWaitRemaining(retestOf, policy, now) : null,
    entry,
    questions: shown.includes('answers')
      ? policy.questions.map((question) => ({ ...question }))
      : [],
    healthCodeVerifying: check.healthCode?.kind === 'verifying',
  };
}

/**
 * A person waiting aside who scanned before their retest is due: their countdown, nothing
 * written, and the check of whoever is at the lane left as it was.
 */
export function retestCountdownView(
  retest: OpenRetestRecord,
  policy: Policy,
  now: Date,
): CheckView {
  return {
    ...idleView(now),
    cardText: shownCardText(retest.cardText),
    person: retest.person && {
      name: retest.person.name ?? '',
      kind: retest.person.kind,
      className: retest.person.className,
    },
    temperatureCelsius: Number.isNaN(retest.first.celsius) ? null : retest.first.celsius,
    missing: ['retest-temperature'],
    retestWaitSeconds: retestWaitRemaining(retest.first, policy, now),
  };
}

export function idleView(now: Date): CheckView {
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
    questions: [],
    healthCodeVerifying: false,
  };
}
