// Walk-in requests (R5, "谁审核、谁负责"): a visitor without an appointment is refused at the
// gate; the guard may ask, and an admin approves — which makes an appointment for a short
// window through appointments.ts and issues its pass, the approver recorded — or declines with
// a reason. A request is decided once. Document and phone numbers are stored sealed with their
// lookup hashes (sealed-numbers.ts) and leave this module masked only. A request the retention
// purge erased (0150) is shown without them, never decided, and left out of the pending list.
import type { Database } from 'better-sqlite3';
import type { ActorView } from '../../contract/schemas';
import type { z } from 'zod';
import type {
  documentProblemSchema,
  WalkInInput,
  WalkInRequestView,
} from '../../contract/operations/courier-operations';
import { ApiError } from '../../contract/errors';
import { normalizePhone } from '../../contract/phone-number';
import type { VisitorNumberQuery } from '../../contract/visitor-schemas';
import { validateDocument, type DocumentProblem } from '../../contract/id-number';
import type { FieldCipher } from '../privacy/field-cipher';
import { foundLimit, type AppointmentInput, type Appointments } from './appointments';
import { lookupHashes, openNumber, type LookupHashes } from './sealed-numbers';
import { visitorValues, visitorView, type VisitorColumns } from './visitor-columns';

/** A walk-in's visit: from now, two hours unless the admin says otherwise, one entry. */
export const walkInHours = 2;
/** The longest window an admin may give a walk-in: it is a same-day visit, not a standing pass. */
export const walkInMaxHours = 12;
// The pass starts a minute early so that a gate whose clock runs a little behind still takes it.
const startSlackMilliseconds = 60_000;
const hour = 3_600_000;

// The contract lists the same problems the validator gives; this line fails to compile if not.
const problems: z.infer<typeof documentProblemSchema> extends DocumentProblem ? true : never = true;
void problems;

interface Row extends VisitorColumns {
  id: number;
  created_at: string;
  gate_id: string;
  requested_by_name: string;
  state: WalkInRequestView['state'];
  decided_at: string | null;
  decided_by_name: string | null;
  /** NULL once purged_at is set, and only then (0150), like the visitor's fields. */
  decline_reason: string | null;
  appointment_id: string | null;
  valid_to: string | null;
  purged_at: string | null;
}

/** The visitor of a request the purge has not erased: what an approval copies. */
interface Visitor {
  name: string;
  documentNumber: string;
  phone: string;
}

export type WalkInAnswer =
  | { ok: true; request: WalkInRequestView }
  | { ok: false; problem: DocumentProblem; kind: WalkInInput['documentType'] | null };

const select = `SELECT w.*, ap.valid_to FROM walk_in_requests w
  LEFT JOIN appointments ap ON ap.id = w.appointment_id`;

export function createWalkInRequests(
  db: Database,
  appointments: Appointments,
  gateId: string,
  now: () => Date,
  cipher: FieldCipher,
) {
  const insert = db.prepare(
    `INSERT INTO walk_in_requests (created_at, gate_id, visitor_name, document_type,
       document_number, document_number_hash, phone, phone_hash, host, reason, area,
       requested_by, requested_by_name)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // 0140 gave these hash columns no index: requests are few (a handful a day), so comparing
  // hashes over the table is cheap, and it still opens no sealed value.
  const withHash = {
    document_number_hash: db.prepare<LookupHashes, Row>(
      `${select} WHERE w.document_number_hash IN (?, ?, ?)
       ORDER BY w.created_at DESC, w.id DESC LIMIT ${foundLimit}`,
    ),
    phone_hash: db.prepare<LookupHashes, Row>(
      `${select} WHERE w.phone_hash IN (?, ?, ?)
       ORDER BY w.created_at DESC, w.id DESC LIMIT ${foundLimit}`,
    ),
  };
  const byId = db.prepare<[number | bigint], Row>(`${select} WHERE w.id = ?`);
  const all = db.prepare<[number], Row>(`${select} ORDER BY w.created_at DESC, w.id DESC LIMIT ?`);
  // A purged request can never be decided (0150 refuses any change to it), so it is no work
  // for an admin: the pending list leaves it out. Decided ones are listed, purged or not.
  const inState = db.prepare<[string, number], Row>(
    `${select} WHERE w.state = ? AND (w.state <> 'pending' OR w.purged_at IS NULL)
     ORDER BY w.created_at DESC, w.id DESC LIMIT ?`,
  );
  const ofGate = db.prepare<[string, string], Row>(
    `${select} WHERE w.gate_id = ? AND w.created_at >= ? ORDER BY w.created_at DESC, w.id DESC`,
  );
  // Both decisions change a pending request only: a second decision finds nothing to change,
  // and neither does one on a request purged meanwhile (0150's trigger would abort it).
  const markApproved = db.prepare(
    `UPDATE walk_in_requests SET state = 'approved', decided_at = ?, decided_by = ?,
       decided_by_name = ?, appointment_id = ?
     WHERE id = ? AND state = 'pending' AND purged_at IS NULL`,
  );
  const markDeclined = db.prepare(
    `UPDATE walk_in_requests SET state = 'declined', decided_at = ?, decided_by = ?,
       decided_by_name = ?, decline_reason = ?
     WHERE id = ? AND state = 'pending' AND purged_at IS NULL`,
  );

  const view = (row: Row): WalkInRequestView => requestView(row, cipher);

  /** A request still waiting, with its visitor; a decided or erased one is refused in words. */
  const pending = (id: number) => pendingVisitor(id, byId.get(id));

  return {
    request(input: WalkInInput, guard: ActorView): WalkInAnswer {
      const document = validateDocument(input.documentType, input.documentNumber, {
        today: now(),
      });
      if (!document.ok) return { ok: false, problem: document.reason, kind: document.kind ?? null };
      const phone = normalizePhone(input.phone);
      if (phone === null) throw new ApiError('bad-input', 'The phone number is not valid');
      const { lastInsertRowid } = insert.run(
        now().toISOString(),
        gateId,
        ...visitorValues(cipher, input, document.value, phone),
        guard.id,
        guard.displayName,
      );
      return { ok: true, request: view(byId.get(lastInsertRowid) as Row) };
    },

    /**
     * Makes the appointment and approves it, and links it to the request, in one transaction:
     * if the request was decided meanwhile, no appointment is left behind.
     */
    approve(id: number, admin: ActorView, validTo?: string): WalkInRequestView {
      const { row, visitor } = pending(id);
      const window = visitWindow(now().getTime(), validTo);
      db.transaction(() => {
        const created = appointments.create(walkInAppointment(row, visitor, window, cipher), admin);
        appointments.approve(created.id, admin);
        const marked = markApproved.run(
          now().toISOString(),
          admin.id,
          admin.displayName,
          created.id,
          id,
        );
        if (marked.changes !== 1) throw new ApiError('bad-input', `Request ${id} was decided`);
      })();
      return view(byId.get(id) as Row);
    },

    decline(id: number, reason: string, admin: ActorView): WalkInRequestView {
      pending(id);
      const marked = markDeclined.run(now().toISOString(), admin.id, admin.displayName, reason, id);
      if (marked.changes !== 1) throw new ApiError('bad-input', `Request ${id} was decided`);
      return view(byId.get(id) as Row);
    },

    list(limit: number, state?: WalkInRequestView['state']): WalkInRequestView[] {
      return (state === undefined ? all.all(limit) : inState.all(state, limit)).map(view);
    },

    /** Requests of one document or phone number, newest first, found by keyed hash. */
    find(query: VisitorNumberQuery): WalkInRequestView[] {
      const lookup = lookupHashes(cipher, query);
      return lookup === null ? [] : withHash[lookup.column].all(...lookup.hashes).map(view);
    },

    /** This gate's requests of the last 24 hours: what its guard is waiting for. */
    ofThisGate(): WalkInRequestView[] {
      return ofGate.all(gateId, new Date(now().getTime() - 24 * hour).toISOString()).map(view);
    },

    /** The pass of an approved request made at this gate; nothing for another gate's. */
    passToken(id: number): string {
      const row = byId.get(id);
      if (row === undefined || row.gate_id !== gateId) {
        throw new ApiError('bad-input', `No walk-in request ${id} at this gate`);
      }
      // Its appointment may outlive it by the visit's few hours, pass and all; the pass of an
      // erased request is not handed out again.
      if (row.purged_at !== null) {
        throw new ApiError('bad-input', erasedSentence(id, 'has no pass any more'));
      }
      const token = row.appointment_id && appointments.get(row.appointment_id)?.passToken;
      if (!token)
        throw new ApiError('bad-input', `Walk-in request ${id} has no pass (not approved)`);
      return token;
    },
  };
}

export type WalkInRequests = ReturnType<typeof createWalkInRequests>;

/** Why an erased request is refused, as a plain sentence: `what` it can no longer do. */
function erasedSentence(id: number, what: string): string {
  return `Walk-in request ${id} was erased after the retention period and ${what}.`;
}

function requestView(row: Row, cipher: FieldCipher): WalkInRequestView {
  return {
    id: row.id,
    createdAt: row.created_at,
    gateId: row.gate_id,
    ...visitorView(row, cipher),
    requestedBy: row.requested_by_name,
    state: row.state,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by_name,
    declineReason: row.decline_reason,
    appointmentId: row.appointment_id,
    validTo: row.valid_to,
    purged: row.purged_at !== null,
  };
}

function pendingVisitor(id: number, row: Row | undefined): { row: Row; visitor: Visitor } {
  if (row === undefined) throw new ApiError('bad-input', `No walk-in request ${id}`);
  const { visitor_name: name, document_number: documentNumber, phone } = row;
  if (row.purged_at !== null || name === null || documentNumber === null || phone === null) {
    throw new ApiError('bad-input', erasedSentence(id, 'can no longer be decided'));
  }
  if (row.state !== 'pending') {
    throw new ApiError('bad-input', `Walk-in request ${id} was already ${row.state}`);
  }
  return { row, visitor: { name, documentNumber, phone } };
}

/** The visit an approval gives, from `start`: two hours, or until the admin's `validTo`. */
function visitWindow(start: number, validTo: string | undefined): { start: number; end: number } {
  const end = validTo === undefined ? start + walkInHours * hour : Date.parse(validTo);
  if (!(end > start) || end > start + walkInMaxHours * hour) {
    throw new ApiError(
      'bad-input',
      `A walk-in's visit must end after now and within ${walkInMaxHours} hours`,
    );
  }
  return { start, end };
}

/**
 * The appointment an approved request becomes: one entry within the window. It seals the
 * numbers again under its own nonces: no sealed value is copied from one table to another.
 */
function walkInAppointment(
  row: Row,
  visitor: Visitor,
  window: { start: number; end: number },
  cipher: FieldCipher,
): AppointmentInput {
  return {
    visitorName: visitor.name,
    documentType: row.document_type as WalkInInput['documentType'],
    documentNumber: openNumber(cipher, 'document-number', visitor.documentNumber),
    phone: openNumber(cipher, 'phone', visitor.phone),
    host: row.host,
    reason: row.reason,
    area: row.area,
    vehiclePlate: null,
    validFrom: new Date(window.start - startSlackMilliseconds).toISOString(),
    validTo: new Date(window.end).toISOString(),
    entriesAllowed: 1,
  };
}
