// Visitor appointments: an admin creates one (the visitor's document validated first),
// approves it — which issues the pass, signed with the school's key — or revokes it. The
// approver is recorded (谁审核、谁负责). The gate asks whether a pass is revoked or used up, and
// counts an entry with one UPDATE that refuses to go past the limit. A refused field is named
// in the error as `<field>: <problem>` so the console can show it beside that field; the
// refusal never echoes the document number itself. Document and phone numbers are stored
// sealed with their lookup hashes (sealed-numbers.ts) and leave this module masked only.
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Actor } from '../accounts/accounts';
import { ApiError } from '../contract/errors';
import { maskPhone, normalizePhone } from '../contract/phone-number';
import type { VisitorNumberQuery } from '../contract/visitor-schemas';
import { maskIdNumber, validateDocument, type DocumentType } from '../identity/id-number';
import type { FieldCipher } from '../privacy/field-cipher';
import { signPass } from './pass-token';
import type { SchoolKeys } from './school-keys';
import {
  lookupHashes,
  openNumber,
  sealNumber,
  type LookupHashes,
  type NumberLookup,
} from './sealed-numbers';

export interface AppointmentInput {
  visitorName: string;
  documentType: DocumentType;
  documentNumber: string;
  phone: string;
  host: string;
  reason: string;
  area: string;
  vehiclePlate: string | null;
  validFrom: string;
  validTo: string;
  entriesAllowed: number;
}

export interface Appointment {
  id: string;
  visitorName: string;
  documentType: string;
  /** Masked as walk-ins' are: 110***********002X; a passport shows two and two (E1*****78). */
  documentNumber: string;
  /** Masked: 138****8000. */
  phone: string;
  host: string;
  reason: string;
  area: string;
  vehiclePlate: string | null;
  validFrom: string;
  validTo: string;
  entriesAllowed: number;
  entriesUsed: number;
  /** As stored, except that a window that has ended shows as expired (unless revoked). */
  state: 'requested' | 'approved' | 'revoked' | 'expired';
  approvedBy: string | null;
  approvedAt: string | null;
  revokeReason: string | null;
  passToken: string | null;
}

interface Row {
  id: string;
  visitor_name: string;
  document_type: string;
  /** Sealed (`enc1:`), or plain text left by a version before 0140 until the next start. */
  document_number: string;
  /** Sealed like document_number. */
  phone: string;
  host: string;
  reason: string;
  area: string;
  vehicle_plate: string | null;
  valid_from: string;
  valid_to: string;
  entries_allowed: number;
  entries_used: number;
  state: 'requested' | 'approved' | 'revoked';
  approved_at: string | null;
  approver: string | null;
  revoke_reason: string | null;
  pass_token: string | null;
}

const select = `SELECT ap.*, ac.display_name AS approver FROM appointments ap
  LEFT JOIN accounts ac ON ac.id = ap.approved_by`;

/** The most appointments one look-up answers: a number with more is a question for a report. */
export const foundLimit = 100;

/**
 * The look-up by a hash column; both are indexed (0140), so it reads the matching rows only
 * (exported for its query-plan test).
 */
export function findQuery(column: NumberLookup['column']): string {
  return `${select} WHERE ap.${column} IN (?, ?, ?) ORDER BY ap.created_at DESC LIMIT ${foundLimit}`;
}

export function createAppointments(
  db: Database,
  keys: () => SchoolKeys,
  now: () => Date,
  cipher: FieldCipher,
) {
  const insert = db.prepare(
    `INSERT INTO appointments (id, visitor_name, document_type, document_number,
       document_number_hash, phone, phone_hash, host, reason, area, vehicle_plate, valid_from,
       valid_to, entries_allowed, state, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'requested', ?, ?)`,
  );
  const byId = db.prepare<[string], Row>(`${select} WHERE ap.id = ?`);
  const recent = db.prepare<[number], Row>(`${select} ORDER BY ap.created_at DESC LIMIT ?`);
  const withHash = {
    document_number_hash: db.prepare<LookupHashes, Row>(findQuery('document_number_hash')),
    phone_hash: db.prepare<LookupHashes, Row>(findQuery('phone_hash')),
  };
  const approve = db.prepare(
    `UPDATE appointments SET state = 'approved', approved_at = ?, approved_by = ?, pass_token = ?
     WHERE id = ? AND state = 'requested'`,
  );
  const revoke = db.prepare(
    `UPDATE appointments SET state = 'revoked', revoked_at = ?, revoked_by = ?, revoke_reason = ?
     WHERE id = ? AND state <> 'revoked'`,
  );
  const useOne = db.prepare(
    `UPDATE appointments SET entries_used = entries_used + 1
     WHERE id = ? AND state = 'approved' AND entries_used < entries_allowed`,
  );

  const view = (row: Row): Appointment => ({
    id: row.id,
    visitorName: row.visitor_name,
    documentType: row.document_type,
    documentNumber: maskIdNumber(openNumber(cipher, 'document-number', row.document_number)),
    phone: maskPhone(openNumber(cipher, 'phone', row.phone)),
    host: row.host,
    reason: row.reason,
    area: row.area,
    vehiclePlate: row.vehicle_plate,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    entriesAllowed: row.entries_allowed,
    entriesUsed: row.entries_used,
    state:
      row.state !== 'revoked' && Date.parse(row.valid_to) <= now().getTime()
        ? 'expired'
        : row.state,
    approvedBy: row.approver,
    approvedAt: row.approved_at,
    revokeReason: row.revoke_reason,
    passToken: row.pass_token,
  });

  function found(id: string): Row {
    const row = byId.get(id);
    if (row === undefined) throw new ApiError('bad-input', `No appointment ${id}`);
    return row;
  }

  return {
    create(input: AppointmentInput, actor: Actor | null): Appointment {
      const document = validateDocument(input.documentType, input.documentNumber, {
        today: now(),
      });
      if (!document.ok) refuse('documentNumber', document.reason);
      // The contract's one rule for phone numbers (the walk-in and courier forms use it too);
      // stored as digits only, as appointments always were.
      const phone =
        normalizePhone(input.phone)?.replaceAll('-', '') ?? refuse('phone', 'bad-phone');
      const from = Date.parse(input.validFrom);
      const to = Date.parse(input.validTo);
      if (!Number.isFinite(from)) refuse('validFrom', 'bad-date');
      if (!Number.isFinite(to)) refuse('validTo', 'bad-date');
      if (to <= from) refuse('validTo', 'ends-before-start');
      // A pass for a visit that is already over could never be used: a typing slip.
      if (to <= now().getTime()) refuse('validTo', 'ends-in-past');
      // 48 random bits: with 24, a few hundred appointments on one day already collided now
      // and then, and the insert failed (test/integration/fuzz/scan-and-imports.test.ts).
      const id = `A${now().toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(6).toString('hex')}`;
      const documentNumber = sealNumber(cipher, 'document-number', document.value);
      const sealedPhone = sealNumber(cipher, 'phone', phone);
      insert.run(
        id,
        input.visitorName.trim(),
        input.documentType,
        documentNumber.sealed,
        documentNumber.hash,
        sealedPhone.sealed,
        sealedPhone.hash,
        input.host.trim(),
        input.reason.trim(),
        input.area.trim(),
        input.vehiclePlate?.trim() || null,
        new Date(from).toISOString(),
        new Date(to).toISOString(),
        input.entriesAllowed,
        now().toISOString(),
        actor?.id ?? null,
      );
      return view(found(id));
    },

    /** Approval issues the pass; only a requested appointment can be approved. */
    approve(id: string, actor: Actor): Appointment {
      const row = found(id);
      if (row.state !== 'requested') {
        throw new ApiError(
          'bad-input',
          `Appointment ${id} is ${row.state}, not waiting for approval`,
        );
      }
      if (Date.parse(row.valid_to) <= now().getTime()) {
        throw new ApiError('bad-input', `Appointment ${id} has expired: its visit is over`);
      }
      const school = keys();
      const token = signPass(
        {
          appointmentId: row.id,
          name: row.visitor_name,
          host: row.host,
          area: row.area,
          validFrom: new Date(row.valid_from),
          validTo: new Date(row.valid_to),
          uses: row.entries_allowed,
          issuedAt: now(),
        },
        school.privateKey,
        school.kid,
      );
      approve.run(now().toISOString(), actor.id, token, id);
      return view(found(id));
    },

    revoke(id: string, reason: string, actor: Actor): Appointment {
      found(id);
      revoke.run(now().toISOString(), actor.id, reason, id);
      return view(found(id));
    },

    get: (id: string): Appointment | null => {
      const row = byId.get(id);
      return row === undefined ? null : view(row);
    },

    list: (limit: number): Appointment[] => recent.all(limit).map(view),

    /** Appointments of one document or phone number, newest first, found by keyed hash. */
    find(query: VisitorNumberQuery): Appointment[] {
      const lookup = lookupHashes(cipher, query);
      return lookup === null ? [] : withHash[lookup.column].all(...lookup.hashes).map(view);
    },

    /** For the gate: whether the pass was revoked and how often it has been used. */
    standing(id: string): { revoked: boolean; used: number } | null {
      const row = byId.get(id);
      if (row === undefined) return null;
      return { revoked: row.state === 'revoked', used: row.entries_used };
    },

    /** Counts one entry; false when the limit was reached meanwhile (another gate was first). */
    useEntry: (id: string): boolean => useOne.run(id).changes === 1,
  };
}

export type Appointments = ReturnType<typeof createAppointments>;

/** The form field a refusal belongs to, and why: `documentNumber: wrong-check-character`. */
function refuse(field: keyof AppointmentInput, problem: string): never {
  throw new ApiError('bad-input', `${field}: ${problem}`);
}
