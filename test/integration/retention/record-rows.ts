// Test helper for the retention of appointments, walk-in requests, courier drop-offs and fever
// cases: rows written straight into a database (as of migration 0140 or later), each with
// personal fields distinctive enough to be searched for in the file's bytes afterwards. For
// tests only; the kiosk writes these records through backend/visitors and backend/cases.
import type { Database } from 'better-sqlite3';
import type { FieldCipher, FieldKind } from '../../../backend/privacy/field-cipher';
import { insertEntryRow } from '../../fixtures/entry-rows';

/** A stored number: sealed with its lookup hash when a cipher is given, else plain text. */
function stored(cipher: FieldCipher | null, kind: FieldKind, plain: string) {
  return cipher === null
    ? { value: plain, hash: null }
    : { value: cipher.seal(kind, plain), hash: cipher.lookup(kind, plain) };
}

const hoursBefore = (at: string, hours: number) =>
  new Date(Date.parse(at) - hours * 3_600_000).toISOString();

export interface Visitor {
  name: string;
  documentNumber: string;
  phone: string;
}

/** An approved appointment whose visit ends at `validTo` (it began two hours earlier). */
export function insertAppointmentRow(
  db: Database,
  id: string,
  validTo: string,
  visitor: Visitor,
  cipher: FieldCipher | null = null,
): void {
  const document = stored(cipher, 'document-number', visitor.documentNumber);
  const phone = stored(cipher, 'phone', visitor.phone);
  db.prepare(
    `INSERT INTO appointments (id, visitor_name, document_type, document_number,
       document_number_hash, phone, phone_hash, host, reason, area, vehicle_plate, valid_from,
       valid_to, entries_allowed, state, created_at, created_by, approved_at, approved_by,
       pass_token)
     VALUES (?, ?, 'resident-id', ?, ?, ?, ?, '王老师', '家长会', 'A座', ?, ?, ?, 2, 'approved', ?, 1,
       ?, 1, ?)`,
  ).run(
    id,
    visitor.name,
    document.value,
    document.hash,
    phone.value,
    phone.hash,
    `京A${visitor.phone.slice(-5)}`,
    hoursBefore(validTo, 2),
    validTo,
    hoursBefore(validTo, 24),
    hoursBefore(validTo, 23),
    `pass-token-of-${visitor.name}`,
  );
}

/** A walk-in request made at `createdAt`; declined ones say why, approved ones name `appointmentId`. */
export function insertWalkInRow(
  db: Database,
  createdAt: string,
  visitor: Visitor,
  decision:
    { state: 'pending' } | { state: 'declined' } | { state: 'approved'; appointmentId: string },
  cipher: FieldCipher | null = null,
): number {
  const document = stored(cipher, 'document-number', visitor.documentNumber);
  const phone = stored(cipher, 'phone', visitor.phone);
  const decided = decision.state === 'pending' ? null : hoursBefore(createdAt, -0.25);
  const result = db
    .prepare(
      `INSERT INTO walk_in_requests (created_at, gate_id, visitor_name, document_type,
         document_number, document_number_hash, phone, phone_hash, host, reason, area,
         requested_by, requested_by_name, state, decided_at, decided_by, decided_by_name,
         decline_reason, appointment_id)
       VALUES (?, 'north', ?, 'resident-id', ?, ?, ?, ?, '王老师', '送教材', 'A座', 2, '王保安', ?,
         ?, ?, ?, ?, ?)`,
    )
    .run(
      createdAt,
      visitor.name,
      document.value,
      document.hash,
      phone.value,
      phone.hash,
      decision.state,
      decided,
      decided === null ? null : 1,
      decided === null ? null : '李老师',
      decision.state === 'declined' ? `${visitor.name}不是学生家长` : null,
      decision.state === 'approved' ? decision.appointmentId : null,
    );
  return Number(result.lastInsertRowid);
}

export interface Courier {
  name: string;
  phone: string;
  recipient: string;
}

export function insertCourierRow(
  db: Database,
  at: string,
  courier: Courier,
  cipher: FieldCipher | null = null,
): number {
  const phone = stored(cipher, 'phone', courier.phone);
  const result = db
    .prepare(
      `INSERT INTO courier_drop_offs (at, gate_id, courier_name, phone, phone_hash, company,
         recipient, parcels, note, guard_id, guard_name)
       VALUES (?, 'north', ?, ?, ?, '顺丰', ?, 2, ?, 2, '王保安')`,
    )
    .run(
      at,
      courier.name,
      phone.value,
      phone.hash,
      courier.recipient,
      `${courier.recipient}不在，放门卫室`,
    );
  return Number(result.lastInsertRowid);
}

/**
 * A fever case opened by a refer entry at `openedAt`, with a retest and a guardian told (by
 * name, with a note); closed at `closedAt` with an outcome note, or left open (null).
 */
export function insertFeverCaseRow(
  db: Database,
  openedAt: string,
  closedAt: string | null,
  guardian: string,
): number {
  const entryId = insertEntryRow(db, {
    at: openedAt,
    checkId: `fever-${openedAt}`,
    decision: 'refer',
    reasons: ['fever'],
    name: '发热学生',
    kind: 'student',
    temperatureCelsius: 38.2,
  });
  const caseId = Number(
    db.prepare('INSERT INTO fever_cases (entry_id, opened_at) VALUES (?, ?)').run(entryId, openedAt)
      .lastInsertRowid,
  );
  const event = db.prepare(
    `INSERT INTO fever_case_events (case_id, at, kind, celsius, person, method, note,
       recorded_by, recorded_by_name, recorded_by_role)
     VALUES (?, ?, ?, ?, ?, ?, ?, 2, '王保安', 'guard')`,
  );
  event.run(caseId, hoursBefore(openedAt, -0.1), 'retest-reading', 38.0, null, null, null);
  event.run(
    caseId,
    hoursBefore(openedAt, -0.2),
    'guardian-informed',
    null,
    guardian,
    'phone',
    `${guardian}说马上来接`,
  );
  if (closedAt !== null) {
    db.prepare(
      `UPDATE fever_cases SET outcome = 'other', outcome_note = ?, closed_at = ?, closed_by = 1,
         closed_by_name = '李老师' WHERE id = ?`,
    ).run(`${guardian}接回家，去医院`, closedAt, caseId);
  }
  return caseId;
}

/** Rows per day of each record table, by the column that dates it. */
export function recordsPerDay(db: Database): Record<string, unknown[]> {
  const perDay = (table: string, column: string) =>
    db
      .prepare(`SELECT date(${column}) AS day, count(*) AS n FROM ${table} GROUP BY 1 ORDER BY 1`)
      .all();
  return {
    appointments: perDay('appointments', 'valid_to'),
    walkInRequests: perDay('walk_in_requests', 'created_at'),
    courierDropOffs: perDay('courier_drop_offs', 'at'),
    feverCases: perDay('fever_cases', 'opened_at'),
    feverCaseEvents: perDay('fever_case_events', 'at'),
  };
}
