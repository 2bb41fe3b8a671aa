// The entries table as its readers see it: the one column list (with a visitor's appointment)
// and the typed entry a row of it is. The entry log's view, the retest book, the outbox and the
// exports all read whole entries through here, so a column is read the same way everywhere.
// Sealed values stay sealed: whoever shows or sends an ID number opens it, nobody before.
import type { Database, Statement } from 'better-sqlite3';
import type { Decision, HealthCodeRecord, IdentitySource, PersonKind } from '../../contract/api';

/** One entry as stored, each column under the name it is read by. Written once, never updated. */
export interface StoredEntry {
  id: number;
  checkId: string;
  at: string;
  gateId: string;
  direction: 'in' | 'out';
  decision: Decision;
  /** The reason codes as stored, a JSON array: the screen, the district and the export read it. */
  reasons: string;
  /** As stored: sealed (`enc1:`) when it is an ID number; openCardText() gives the scan back. */
  cardText: string;
  identitySource: IdentitySource;
  /** The roster's id; null for a visitor or an unknown card. */
  personId: number | null;
  /** Null for an unknown card, and once the retention purge has erased the personal fields. */
  name: string | null;
  kind: PersonKind | null;
  className: string | null;
  /** Sealed (`enc1:`), as the roster stores it too; opened only where it is shown or sent. */
  idNumber: string | null;
  /** °C, as decided on. */
  temperature: number | null;
  temperatureSource: string | null;
  temperatureAt: string | null;
  temperatureMethod: 'device' | 'manual' | null;
  measuredBy: string | null;
  instrument: string | null;
  policyVersion: number;
  followsEntryId: number | null;
  /** A visitor's appointment, and its host, area, end and document number (sealed). */
  appointmentId: string | null;
  visitHost: string | null;
  visitArea: string | null;
  visitUntil: string | null;
  visitDocument: string | null;
  /** The answers to the questions of the day as stored, a JSON object. */
  answers: string | null;
  healthCode: HealthCodeRecord['result'] | null;
  healthCodeMethod: HealthCodeRecord['method'] | null;
  healthCodeBy: string | null;
  personStatus: string | null;
  personStatusReason: string | null;
  personStatusSetBy: string | null;
  personStatusSetAt: string | null;
  guardName: string | null;
}

// The aliases are StoredEntry's names, so a row is the typed entry as SQLite returns it. The
// appointment is one primary-key probe per entry (LEFT JOIN: most entries have none).
const storedEntryColumns = `e.id, e.check_id AS checkId, e.at, e.gate_id AS gateId, e.direction,
  e.decision, e.reasons, e.card_text AS cardText, e.identity_source AS identitySource,
  e.person_id AS personId, e.name, e.kind, e.class_name AS className, e.id_number AS idNumber,
  e.temperature_c AS temperature, e.temperature_source AS temperatureSource,
  e.temperature_at AS temperatureAt, e.temperature_method AS temperatureMethod,
  e.measured_by AS measuredBy, e.instrument, e.policy_version AS policyVersion,
  e.follows_entry_id AS followsEntryId, e.appointment_id AS appointmentId, ap.host AS visitHost,
  ap.area AS visitArea, ap.valid_to AS visitUntil, ap.document_number AS visitDocument,
  e.answers, e.health_code AS healthCode, e.health_code_method AS healthCodeMethod,
  e.health_code_by AS healthCodeBy, e.person_status AS personStatus,
  e.person_status_reason AS personStatusReason, e.person_status_set_by AS personStatusSetBy,
  e.person_status_set_at AS personStatusSetAt, e.guard_name AS guardName`;

/**
 * A SELECT of whole entries. `from` names the entries `e` (a join may put another table first,
 * as the outbox does); `rest` is the WHERE, ORDER BY and LIMIT.
 */
export function selectEntriesSql(rest: string, from = 'entries e'): string {
  return `SELECT ${storedEntryColumns}
  FROM ${from} LEFT JOIN appointments ap ON ap.id = e.appointment_id
  ${rest}`;
}

/** selectEntriesSql() prepared: its rows are StoredEntry. */
export function prepareEntryRead<P extends unknown[]>(
  db: Database,
  rest: string,
  from?: string,
): Statement<P, StoredEntry> {
  return db.prepare<P, StoredEntry>(selectEntriesSql(rest, from));
}
