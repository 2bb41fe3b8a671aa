// Visitor appointments: an admin creates one (the visitor's document validated first),
// approves it — which issues the pass, signed with the school's key — or revokes it. The
// approver is recorded (谁审核、谁负责). The gate asks whether a pass is revoked or used up, and
// counts an entry with one UPDATE that refuses to go past the limit. A refused field is named
// in the error as `<field>: <problem>` so the console can show it beside that field; the
// refusal never echoes the document number itself.
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Actor } from '../accounts/accounts';
import { ApiError } from '../contract/errors';
import { validateDocument, type DocumentType } from '../identity/id-number';
import { signPass } from './pass-token';
import type { SchoolKeys } from './school-keys';

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
  /** Masked: first 3 and last 4 kept. */
  documentNumber: string;
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
  document_number: string;
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

/** Mainland mobile numbers and fixed lines with area code, digits and dashes only. */
const phonePattern = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

export function createAppointments(db: Database, keys: () => SchoolKeys, now: () => Date) {
  const insert = db.prepare(
    `INSERT INTO appointments (id, visitor_name, document_type, document_number, phone, host,
       reason, area, vehicle_plate, valid_from, valid_to, entries_allowed, state, created_at,
       created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'requested', ?, ?)`,
  );
  const byId = db.prepare<[string], Row>(`${select} WHERE ap.id = ?`);
  const recent = db.prepare<[number], Row>(`${select} ORDER BY ap.created_at DESC LIMIT ?`);
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
    documentNumber: mask(row.document_number),
    phone: row.phone,
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
      const phone = input.phone.replace(/[\s-]/g, '');
      if (!phonePattern.test(phone)) refuse('phone', 'bad-phone');
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
      insert.run(
        id,
        input.visitorName.trim(),
        input.documentType,
        document.value,
        phone,
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

function mask(value: string): string {
  return value.length <= 7
    ? '*'.repeat(value.length)
    : `${value.slice(0, 3)}${'*'.repeat(value.length - 7)}${value.slice(-4)}`;
}
