// The retests still open, read from the entry log itself: a retest entry that no entry follows
// (the unique index of migration 0160 lets exactly one entry end it). Nothing is kept in memory,
// so a reloaded window or a kiosk restarted after a SIGKILL sees the same people waiting. Reads
// only; the entry that ends a retest is written by the gate check through the entry log.
import type { Database } from 'better-sqlite3';
import type {
  IdentitySource,
  OpenRetest,
  ReasonCode,
  RetestCounts,
  RetestResolution,
} from '../../contract/api';
import { shanghaiDate, shanghaiDayRange } from '../../contract/school-time';
import { openCardText, type EntryPerson, type NewEntry } from '../entries/entry-log';
import { prepareEntryRead, type StoredEntry } from '../entries/entry-rows';
import { retestStillOpenSql } from '../entries/retest-queries';
import type { FieldCipher } from '../privacy/field-cipher';
import { retestDueAt } from './decide';
import type { TemperatureEvidence } from './measurement';
import type { Policy } from './policy';

/** A retest entry nothing follows yet, with what the entry that ends it must repeat. */
export interface OpenRetestRecord {
  entryId: number;
  at: Date;
  cardText: string;
  identitySource: IdentitySource;
  person: EntryPerson | null;
  appointmentId: string | null;
  /** The first reading, at or over the threshold: the retest counts from its time. */
  first: TemperatureEvidence;
}

// The partial index entries_open_retests walks only retest entries; entries_follows answers
// NOT EXISTS with one index probe each.
const stillOpen = retestStillOpenSql;

export function createRetestBook(db: Database, cipher: FieldCipher, now: () => Date) {
  const openSince = prepareEntryRead<[string]>(
    db,
    `WHERE e.at >= ? AND ${stillOpen} ORDER BY e.id`,
  );
  const byPerson = prepareEntryRead<[string, number]>(
    db,
    `WHERE e.at >= ? AND e.person_id = ? AND ${stillOpen} ORDER BY e.id DESC LIMIT 1`,
  );
  const byAppointment = prepareEntryRead<[string, string]>(
    db,
    `WHERE e.at >= ? AND e.appointment_id = ? AND ${stillOpen} ORDER BY e.id DESC LIMIT 1`,
  );
  const byId = prepareEntryRead<[number]>(db, `WHERE e.id = ? AND ${stillOpen}`);

  /** The gate's list is the Beijing school day's: yesterday's open ones are in its report. */
  function dayStart(): string {
    return shanghaiDayRange(shanghaiDate(now())).from;
  }

  function record(entry: StoredEntry | undefined): OpenRetestRecord | null {
    if (entry === undefined) return null;
    const at = new Date(entry.at);
    return {
      entryId: entry.id,
      at,
      // As scanned: the countdown shows it masked, and the entry that ends the retest stores
      // (seals) it again (the log seals a text that only looks sealed, so it cannot pass sealed).
      cardText: openCardText(cipher, entry.cardText),
      identitySource: entry.identitySource,
      person:
        entry.kind === null
          ? null
          : {
              id: entry.personId,
              name: entry.name,
              kind: entry.kind,
              className: entry.className ?? '',
              // Sealed, as the entry that ends the retest stores it.
              idNumber: entry.idNumber,
            },
      appointmentId: entry.appointmentId,
      first: {
        celsius: entry.temperature ?? Number.NaN,
        at: entry.temperatureAt === null ? at : new Date(entry.temperatureAt),
        source: entry.temperatureSource ?? 'unknown',
        settled: true,
        rawCelsius: null,
        offsetCelsius: null,
        ambientCelsius: null,
        manual: null,
      },
    };
  }

  return {
    /** The open retest of a roster person or of a visitor's appointment today, or null. */
    find(who: { personId: number | null; appointmentId: string | null }): OpenRetestRecord | null {
      if (who.personId !== null) return record(byPerson.get(dayStart(), who.personId));
      if (who.appointmentId !== null) {
        return record(byAppointment.get(dayStart(), who.appointmentId));
      }
      return null;
    },
    /** The retest entry `entryId` while nothing has ended it (any day), else null. */
    byId(entryId: number): OpenRetestRecord | null {
      return record(byId.get(entryId));
    },
    /** Everyone waiting today, the longest waiting first. */
    open(): OpenRetestRecord[] {
      return openSince
        .all(dayStart())
        .map(record)
        .filter((found) => found !== null);
    },
  };
}

export type RetestBook = ReturnType<typeof createRetestBook>;

/** When the retest reading starts to count, and when the retest is overdue. */
export function retestTimes(first: TemperatureEvidence, policy: Policy) {
  return {
    dueAt: new Date(retestDueAt(first, policy)),
    overdueAt: new Date(first.at.getTime() + policy.retestCloseMinutes * 60_000),
  };
}

/** One waiting person as the guard's station shows them; the countdowns are counted here. */
export function openRetestView(retest: OpenRetestRecord, policy: Policy, now: Date): OpenRetest {
  const { dueAt, overdueAt } = retestTimes(retest.first, policy);
  const overdueBy = now.getTime() - overdueAt.getTime();
  return {
    entryId: retest.entryId,
    name: retest.person?.name ?? null,
    kind: retest.person?.kind ?? null,
    className: retest.person?.className ?? null,
    firstCelsius: Number.isNaN(retest.first.celsius) ? null : retest.first.celsius,
    firstAt: retest.first.at.toISOString(),
    dueAt: dueAt.toISOString(),
    dueInSeconds: Math.max(0, Math.ceil((dueAt.getTime() - now.getTime()) / 1000)),
    overdueAt: overdueAt.toISOString(),
    overdueMinutes: overdueBy >= 0 ? Math.floor(overdueBy / 60_000) : null,
  };
}

export function retestCounts(retests: OpenRetestRecord[], policy: Policy, now: Date): RetestCounts {
  const overdue = retests.filter(
    (retest) => retestTimes(retest.first, policy).overdueAt.getTime() <= now.getTime(),
  ).length;
  return { waiting: retests.length, overdue };
}

/** Why a guard ended a retest, as the entry's decision and reason. */
const resolutions: Record<RetestResolution, { decision: 'refer' | 'deny'; reason: ReasonCode }> = {
  // Sent to the observation point without a second reading: a refer, so a fever case opens.
  observation: { decision: 'refer', reason: 'retest-sent-to-observation' },
  'went-home': { decision: 'deny', reason: 'retest-went-home' },
  left: { decision: 'deny', reason: 'retest-left' },
};

/** The entry that ends `retest` by the guard's word: it follows the retest and names the guard. */
export function resolutionEntry(
  retest: OpenRetestRecord,
  resolution: RetestResolution,
  by: { guardName: string; gateId: string; policyVersion: number; checkId: string; at: Date },
): NewEntry {
  const { decision, reason } = resolutions[resolution];
  return {
    checkId: by.checkId,
    at: by.at,
    gateId: by.gateId,
    decision,
    reasons: [reason],
    cardText: retest.cardText,
    identitySource: retest.identitySource,
    person: retest.person,
    temperature: null,
    policyVersion: by.policyVersion,
    followsEntryId: retest.entryId,
    appointmentId: retest.appointmentId,
    guardName: by.guardName,
  };
}
