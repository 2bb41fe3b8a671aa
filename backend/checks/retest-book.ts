// The retests still open, read from the entry log itself: a retest entry that no entry follows
// (the unique index of migration 0160 lets exactly one entry end it). Nothing is kept in memory,
// so a reloaded window or a kiosk restarted after a SIGKILL sees the same people waiting. Reads
// only; the entry that ends a retest is written by the gate check through the entry log.
import type { Database } from 'better-sqlite3';
import type {
  IdentitySource,
  OpenRetest,
  PersonKind,
  ReasonCode,
  RetestCounts,
  RetestResolution,
} from '../../contract/api';
import { shanghaiDate, shanghaiDayRange } from '../../contract/school-time';
import { openCardText, type EntryPerson, type NewEntry } from '../entries/entry-log';
import { retestStillOpenSql } from '../entries/retest-queries';
import { openNullable, type FieldCipher } from '../privacy/field-cipher';
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

interface RetestRow {
  id: number;
  at: string;
  card_text: string;
  identity_source: IdentitySource;
  person_id: number | null;
  name: string | null;
  kind: PersonKind | null;
  class_name: string | null;
  id_number: string | null;
  appointment_id: string | null;
  temperature_c: number | null;
  temperature_at: string | null;
  temperature_source: string | null;
}

const columns = `e.id, e.at, e.card_text, e.identity_source, e.person_id, e.name, e.kind,
  e.class_name, e.id_number, e.appointment_id, e.temperature_c, e.temperature_at,
  e.temperature_source`;
// The partial index entries_open_retests walks only retest entries; entries_follows answers
// NOT EXISTS with one index probe each.
const stillOpen = retestStillOpenSql;

export function createRetestBook(db: Database, cipher: FieldCipher, now: () => Date) {
  const openSince = db.prepare<[string], RetestRow>(
    `SELECT ${columns} FROM entries e WHERE e.at >= ? AND ${stillOpen} ORDER BY e.id`,
  );
  const byPerson = db.prepare<[string, number], RetestRow>(
    `SELECT ${columns} FROM entries e WHERE e.at >= ? AND e.person_id = ? AND ${stillOpen}
     ORDER BY e.id DESC LIMIT 1`,
  );
  const byAppointment = db.prepare<[string, string], RetestRow>(
    `SELECT ${columns} FROM entries e WHERE e.at >= ? AND e.appointment_id = ? AND ${stillOpen}
     ORDER BY e.id DESC LIMIT 1`,
  );
  const byId = db.prepare<[number], RetestRow>(
    `SELECT ${columns} FROM entries e WHERE e.id = ? AND ${stillOpen}`,
  );

  /** The gate's list is the Beijing school day's: yesterday's open ones are in its report. */
  function dayStart(): string {
    return shanghaiDayRange(shanghaiDate(now())).from;
  }

  function record(row: RetestRow | undefined): OpenRetestRecord | null {
    if (row === undefined) return null;
    const at = new Date(row.at);
    return {
      entryId: row.id,
      at,
      // As scanned: the entry that ends the retest stores (seals) it again.
      cardText: openCardText(cipher, row.card_text),
      identitySource: row.identity_source,
      person:
        row.kind === null
          ? null
          : {
              id: row.person_id,
              name: row.name,
              kind: row.kind,
              className: row.class_name ?? '',
              idNumber: openNullable(cipher, 'id-number', row.id_number),
            },
      appointmentId: row.appointment_id,
      first: {
        celsius: row.temperature_c ?? Number.NaN,
        at: row.temperature_at === null ? at : new Date(row.temperature_at),
        source: row.temperature_source ?? 'unknown',
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
