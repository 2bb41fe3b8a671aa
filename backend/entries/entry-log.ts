// The real-name entry log: one row per decision, written with its outbox row (and a fever
// case on refer) in one durable transaction before the screen shows anything. Rows are never
// updated; the database triggers refuse it. ID numbers are stored sealed, never in the clear —
// also a card text that is one (a wedge reading an ID card's number), which views show masked.
// A person's ID number arrives sealed, as the roster stores it, and is stored as it comes.
import type { Database, Statement } from 'better-sqlite3';
import type { TemperatureEvidence } from '../checks/measurement';
import type {
  Answers,
  Decision,
  EntryView,
  HealthCodeRecord,
  IdentitySource,
  PersonKind,
  PersonStatusView,
  ReasonCode,
} from '../../contract/api';
import { maskIdNumber, validateIdNumber } from '../../contract/id-number';
import { createFeverReferral } from '../absences/fever-referral';
import { createEntryChain } from '../integrity/entry-chain';
import { FieldCipherError, isSealed, type FieldCipher } from '../privacy/field-cipher';
import { prepareEntryRead, type StoredEntry } from './entry-rows';

export interface LoggedPerson {
  /** The roster's id; null for a visitor, who is not on the roster. */
  id: number | null;
  name: string;
  kind: PersonKind;
  className: string;
  /**
   * As the roster stores it: sealed (`enc1:`), carried through the check unopened. A number not
   * yet sealed (a roster from before sealing, a test) is sealed when the entry is written.
   */
  idNumber: string | null;
  /** The roster's status ('active', 'isolating', 'left' …); absent for a visitor. */
  status?: string;
}

/**
 * A person as an entry records them. The name may be missing only for a visitor whose
 * appointment the retention purge erased while they were inside: their exit is still written,
 * without a name (the column allows it, as it does for every entry the purge has erased). The
 * view and the district then see no person, as for an unknown card; the kind stays, for counts.
 */
export type EntryPerson = Omit<LoggedPerson, 'name'> & { name: string | null };

export interface NewEntry {
  checkId: string;
  at: Date;
  gateId: string;
  decision: Decision;
  reasons: ReasonCode[];
  cardText: string;
  identitySource: IdentitySource;
  person: EntryPerson | null;
  temperature: TemperatureEvidence | null;
  policyVersion: number;
  followsEntryId: number | null;
  /** The appointment whose pass a visitor showed. */
  appointmentId: string | null;
  /** Out: a person leaving (a visitor's exit); in when not given. */
  direction?: 'in' | 'out';
  /** The answers to the questions of the day, when asked. */
  answers?: Answers | null;
  healthCode?: HealthCodeRecord | null;
  /** The roster status that kept the person out. */
  personStatus?: PersonStatusView | null;
  /** The guard who acted: looked the person up (no card), or ended their retest. */
  guardName?: string | null;
}

/**
 * `gateName` names a gate as people know it (its id where no name is known): the register's
 * fever referral shows it to the school doctor and, as who set the hold, to every gate's guard.
 */
export function createEntryLog(
  db: Database,
  cipher: FieldCipher,
  gateName: (gateId: string) => string = (gateId) => gateId,
) {
  // Tamper evidence (backend/integrity): entries an older version wrote are chained now.
  const chain = createEntryChain(db);
  chain.chainUnchained();
  const insertEntry = db.prepare(`INSERT INTO entries (check_id, at, gate_id, decision, reasons,
      card_text, identity_source, person_id, name, kind, class_name, id_number, temperature_c,
      temperature_source, temperature_at, policy_version, follows_entry_id, temperature_raw_c,
      temperature_offset_c, ambient_c, temperature_method, measured_by, instrument,
      appointment_id, direction, answers, health_code, health_code_method, health_code_by,
      person_status, person_status_reason, person_status_set_by, person_status_set_at, guard_name)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
      ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertOutbox = db.prepare('INSERT INTO outbox (entry_id, created_at) VALUES (?, ?)');
  const insertFeverCase = db.prepare('INSERT INTO fever_cases (entry_id, opened_at) VALUES (?, ?)');
  // A refer opens the person's absence on the register, where there is one (not at a gate).
  const refer = createFeverReferral(db, gateName);
  const openFeverCase = (entryId: number, at: string): void =>
    refer(entryId, Number(insertFeverCase.run(entryId, at).lastInsertRowid));
  const selectById = prepareEntryRead<[number]>(db, 'WHERE e.id = ?');
  const selectRecent = prepareEntryRead<[number]>(db, 'ORDER BY e.id DESC LIMIT ?');

  const append = db.transaction((entry: NewEntry): number => {
    const at = entry.at.toISOString();
    const { person, temperature } = entry;
    const healthCode = entry.healthCode ?? null;
    const status = entry.personStatus ?? null;
    const result = insertEntry.run(
      entry.checkId,
      at,
      entry.gateId,
      entry.decision,
      JSON.stringify(entry.reasons),
      // Sealed like id_number, before the chain hashes the row (it covers the stored form).
      storedCardText(cipher, entry.cardText),
      entry.identitySource,
      person?.id ?? null,
      person?.name ?? null,
      person?.kind ?? null,
      person?.className ?? null,
      // Sealed before the chain hashes the row: the chain covers the stored (sealed) form.
      storedIdNumber(cipher, person?.idNumber ?? null),
      temperature?.celsius ?? null,
      temperature?.source ?? null,
      temperature?.at.toISOString() ?? null,
      entry.policyVersion,
      entry.followsEntryId,
      temperature?.rawCelsius ?? null,
      temperature?.offsetCelsius ?? null,
      temperature?.ambientCelsius ?? null,
      temperature === null ? null : temperature.manual ? 'manual' : 'device',
      temperature?.manual?.guardName ?? null,
      temperature?.manual?.instrument ?? null,
      entry.appointmentId,
      entry.direction ?? 'in',
      entry.answers ? JSON.stringify(entry.answers) : null,
      healthCode?.result ?? null,
      healthCode?.method ?? null,
      healthCode?.by ?? null,
      status?.status ?? null,
      status?.reason ?? null,
      status?.setBy ?? null,
      status?.setAt ?? null,
      entry.guardName ?? null,
    );
    const id = Number(result.lastInsertRowid);
    insertOutbox.run(id, at);
    if (entry.decision === 'refer') openFeverCase(id, at);
    chain.chainPending();
    return id;
  });

  // A gate's entry as the hub stores it (backend/hub/hub-intake.ts): the gate's columns as they
  // are, with the hub's own id, outbox row, fever case and place in the hub's chain.
  const copyStatements = new Map<string, Statement>();
  const appendCopy = db.transaction(
    (columns: Record<string, string | number | null>, toDistrict: boolean): number => {
      const names = Object.keys(columns).filter((name) => name !== 'id');
      const sql = `INSERT INTO entries (${names.join(', ')})
      VALUES (${names.map((name) => '@' + name).join(', ')})`;
      let statement = copyStatements.get(sql);
      if (statement === undefined) copyStatements.set(sql, (statement = db.prepare(sql)));
      const values = Object.fromEntries(names.map((name) => [name, columns[name] ?? null]));
      values.id_number = storedIdNumber(
        cipher,
        typeof values.id_number === 'string' ? values.id_number : null,
      );
      values.card_text = storedCardText(cipher, String(values.card_text ?? ''));
      const id = Number(statement.run(values).lastInsertRowid);
      if (toDistrict) insertOutbox.run(id, String(values.at));
      if (values.decision === 'refer') openFeverCase(id, String(values.at));
      chain.chainPending();
      return id;
    },
  );

  const toView = (entry: StoredEntry) => entryView(entry, cipher);
  // Every way an entry is written (a check, a retest's end, a visitor's exit) is announced
  // here once, to the screens and the uploader, after it is committed. A listener that fails is
  // logged, not thrown: the entry is saved, and its writer must not take the failure for the
  // disk's.
  const savedListeners = new Set<(entry: EntryView) => void>();
  const announce = (view: EntryView): void => {
    for (const listener of savedListeners) {
      try {
        listener(view);
      } catch (error) {
        console.error('A listener to saved entries failed:', error);
      }
    }
  };
  return {
    /**
     * Durable when it returns (synchronous = FULL), and announced then; throws if the disk
     * refuses. A writer inside its own transaction passes `announce: false` and calls
     * `announce` once that transaction has committed: until then the entry may yet be undone.
     */
    append(entry: NewEntry, options: { announce: boolean } = { announce: true }): EntryView {
      if (options.announce && db.inTransaction) {
        throw new Error('An entry appended inside a transaction is announced after its commit.');
      }
      const id = append.immediate(entry);
      const row = selectById.get(id);
      if (row === undefined) throw new Error(`entry ${id} vanished after commit`);
      const view = toView(row);
      if (options.announce) announce(view);
      return view;
    },
    announce,
    /**
     * Stores another kiosk's entry (a gate's, at its hub) inside the caller's transaction; the
     * caller announces it after the commit. Column names come from the hub's own code, never
     * from the wire unchecked (hub-intake.ts keeps only the entries table's columns).
     * `toDistrict`: this kiosk uploads the entry (the hub uploads for a gate that does not).
     */
    appendCopy(columns: Record<string, string | number | null>, toDistrict: boolean): EntryView {
      const id = appendCopy(columns, toDistrict);
      const row = selectById.get(id);
      if (row === undefined) throw new Error(`entry ${id} vanished after insert`);
      return toView(row);
    },
    /** Calls `listener` with every entry appended from now on; answers its removal. */
    onSaved(listener: (entry: EntryView) => void): () => void {
      savedListeners.add(listener);
      return () => savedListeners.delete(listener);
    },
    recent(limit: number): EntryView[] {
      return selectRecent.all(limit).map(toView);
    },
  };
}

export type EntryLog = ReturnType<typeof createEntryLog>;

/**
 * A card text as `entries.card_text` stores it: sealed when it is an ID number (or a Home
 * Return Permit number) as validateIdNumber reads one, and when it merely starts like a sealed
 * value, so that every stored `enc1:` is one; any other text as it is.
 */
export function storedCardText(cipher: FieldCipher, cardText: string): string {
  const sealIt = validateIdNumber(cardText).ok || isSealed(cardText);
  return sealIt ? cipher.seal('id-number', cardText) : cardText;
}

/** A person's ID number as `entries.id_number` stores it: sealed, the roster's seal kept. */
function storedIdNumber(cipher: FieldCipher, idNumber: string | null): string | null {
  if (idNumber === null || isSealed(idNumber)) return idNumber;
  return cipher.seal('id-number', idNumber);
}

/**
 * The card text as scanned, from its stored form. A stored `enc1:` that does not open is shown
 * as it is: an older version stored scans that began with `enc1:` unsealed (the chain's
 * personal digest, not this, is what notices an altered value).
 */
export function openCardText(cipher: FieldCipher, stored: string): string {
  if (!isSealed(stored)) return stored;
  try {
    return cipher.open('id-number', stored);
  } catch (error) {
    if (error instanceof FieldCipherError) return stored;
    throw error;
  }
}

/** A card text for a screen: an ID number masked as everywhere (110***********002X). */
export function shownCardText(cardText: string): string {
  return validateIdNumber(cardText).ok ? maskIdNumber(cardText) : cardText;
}

function entryView(entry: StoredEntry, cipher: FieldCipher): EntryView {
  return {
    id: entry.id,
    checkId: entry.checkId,
    at: entry.at,
    direction: entry.direction,
    decision: entry.decision,
    reasons: JSON.parse(entry.reasons) as ReasonCode[],
    cardText: shownCardText(openCardText(cipher, entry.cardText)),
    person:
      entry.name !== null && entry.kind !== null
        ? { name: entry.name, kind: entry.kind, className: entry.className ?? '' }
        : null,
    temperatureCelsius: entry.temperature,
    temperatureMethod: entry.temperatureMethod,
    measuredBy: entry.measuredBy,
    visit:
      entry.appointmentId === null
        ? null
        : {
            appointmentId: entry.appointmentId,
            host: entry.visitHost ?? '',
            area: entry.visitArea ?? '',
            until: entry.visitUntil ?? '',
          },
    policyVersion: entry.policyVersion,
    followsEntryId: entry.followsEntryId,
    guardName: entry.guardName,
    answers: entry.answers === null ? null : (JSON.parse(entry.answers) as Answers),
    healthCode:
      entry.healthCode === null || entry.healthCodeMethod === null
        ? null
        : { result: entry.healthCode, method: entry.healthCodeMethod, by: entry.healthCodeBy },
    personStatus:
      entry.personStatus === null
        ? null
        : {
            status: entry.personStatus,
            reason: entry.personStatusReason,
            setBy: entry.personStatusSetBy,
            setAt: entry.personStatusSetAt,
          },
  };
}
