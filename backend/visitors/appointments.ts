// Visitor appointments: an admin creates one (the visitor's document validated first),
// approves it — which issues the pass, signed with the school's key — or revokes it. The
// approver is recorded (谁审核、谁负责). The gate asks whether a pass is revoked or used up, and
// counts an entry with one UPDATE that refuses to go past the limit. Every refused field is
// named in the error as `<field>: <problem>; …` (contract/field-problems.ts) so the console
// shows each beside its field at once; the refusal never echoes the document number itself. Document and phone numbers are stored
// sealed with their lookup hashes (sealed-numbers.ts) and leave this module masked only. An
// appointment the retention purge erased (0150) is shown without them and never changed again.
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import type { ActorView } from '../../contract/schemas';
import { ApiError } from '../../contract/errors';
import { formatFieldProblems } from '../../contract/field-problems';
import { normalizePhone } from '../../contract/phone-number';
import type {
  appointmentInputSchema,
  AppointmentView,
  VisitorNumberQuery,
} from '../../contract/visitor-schemas';
import { validateDocument } from '../../contract/id-number';
import type { FieldCipher } from '../privacy/field-cipher';
import {
  appointmentSelect as select,
  viewAppointment,
  type AppointmentRow as Row,
} from './appointment-view';
import { signPass } from './pass-token';
import type { SchoolKeys } from './school-keys';
import { lookupHashes, type LookupHashes, type NumberLookup } from './sealed-numbers';
import { visitorValues } from './visitor-columns';

export type AppointmentInput = z.infer<typeof appointmentInputSchema>;

/** What the standing of a pass at the gate depends on (pass-token.ts: passDecision). */
export interface PassStanding {
  revoked: boolean;
  used: number;
  /** The appointment was erased: its visit ended longer ago than the retention period. */
  erased: boolean;
}

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
  // `purged_at IS NULL` in each: 0150's trigger aborts any change to a purged row, and a row
  // the purge erased meanwhile must be left alone, not turned into an internal error.
  const approve = db.prepare(
    `UPDATE appointments SET state = 'approved', approved_at = ?, approved_by = ?, pass_token = ?
     WHERE id = ? AND state = 'requested' AND purged_at IS NULL`,
  );
  const revoke = db.prepare(
    `UPDATE appointments SET state = 'revoked', revoked_at = ?, revoked_by = ?, revoke_reason = ?
     WHERE id = ? AND state <> 'revoked' AND purged_at IS NULL`,
  );
  const useOne = db.prepare(
    `UPDATE appointments SET entries_used = entries_used + 1
     WHERE id = ? AND state = 'approved' AND entries_used < entries_allowed
       AND purged_at IS NULL`,
  );

  const view = (row: Row): AppointmentView => viewAppointment(row, cipher, now());

  function found(id: string): Row {
    const row = byId.get(id);
    if (row === undefined) throw new ApiError('bad-input', `No appointment ${id}`);
    return row;
  }

  /** A row that may still change; an erased one is refused in words (`what`: the change). */
  function changeable(id: string, what: string): Row & { visitor_name: string } {
    const row = found(id);
    if (row.purged_at !== null || row.visitor_name === null) throw erased(id, what);
    return { ...row, visitor_name: row.visitor_name };
  }

  return {
    create(input: AppointmentInput, actor: ActorView | null): AppointmentView {
      const { document, phone, from, to } = judge(input, now());
      // 48 random bits: with 24, a few hundred appointments on one day already collided now
      // and then, and the insert failed (test/integration/fuzz/scan-and-imports.test.ts).
      const id = `A${now().toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(6).toString('hex')}`;
      insert.run(
        id,
        ...visitorValues(cipher, input, document.value, phone),
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
    approve(id: string, actor: ActorView): AppointmentView {
      const row = changeable(id, 'approved');
      refuseUnapprovable(row, now());
      const token = passOf(row, keys(), now());
      approve.run(now().toISOString(), actor.id, token, id);
      return view(found(id));
    },

    revoke(id: string, reason: string, actor: ActorView): AppointmentView {
      changeable(id, 'revoked');
      revoke.run(now().toISOString(), actor.id, reason, id);
      return view(found(id));
    },

    get: (id: string): AppointmentView | null => {
      const row = byId.get(id);
      return row === undefined ? null : view(row);
    },

    list: (limit: number): AppointmentView[] => recent.all(limit).map(view),

    /** Appointments of one document or phone number, newest first, found by keyed hash. */
    find(query: VisitorNumberQuery): AppointmentView[] {
      const lookup = lookupHashes(cipher, query);
      return lookup === null ? [] : withHash[lookup.column].all(...lookup.hashes).map(view);
    },

    /** For the gate: whether the pass was revoked or erased, and how often it has been used. */
    standing(id: string): PassStanding | null {
      const row = byId.get(id);
      return row === undefined ? null : standingOf(row);
    },

    /**
     * Counts one entry; false when the limit was reached meanwhile (another gate was first) or
     * the appointment was erased (the gate then refuses instead of failing).
     */
    useEntry: (id: string): boolean => useOne.run(id).changes === 1,
  };
}

export type Appointments = ReturnType<typeof createAppointments>;

/** Only a requested appointment whose visit is not over can be approved. */
function refuseUnapprovable(row: Row, now: Date): void {
  if (row.state !== 'requested') {
    throw new ApiError(
      'bad-input',
      `Appointment ${row.id} is ${row.state}, not waiting for approval`,
    );
  }
  if (Date.parse(row.valid_to) <= now.getTime()) {
    throw new ApiError('bad-input', `Appointment ${row.id} has expired: its visit is over`);
  }
}

/** The pass an approval issues: the visit's terms, signed with the school's key. */
function passOf(row: Row & { visitor_name: string }, school: SchoolKeys, issuedAt: Date): string {
  return signPass(
    {
      appointmentId: row.id,
      name: row.visitor_name,
      host: row.host,
      area: row.area,
      validFrom: new Date(row.valid_from),
      validTo: new Date(row.valid_to),
      uses: row.entries_allowed,
      issuedAt,
    },
    school.privateKey,
    school.kid,
  );
}

function standingOf(row: Row): PassStanding {
  return {
    revoked: row.state === 'revoked',
    used: row.entries_used,
    erased: row.purged_at !== null,
  };
}

/** The refusal of a change to an appointment the retention purge erased, in a plain sentence. */
function erased(id: string, what: string): ApiError {
  return new ApiError(
    'bad-input',
    `Appointment ${id} was erased after the retention period and can no longer be ${what}.`,
  );
}

type Problems = Partial<Record<keyof AppointmentInput, string>>;

/**
 * Every field of the form judged at once, so the admin sees all that is wrong in one answer:
 * the refusal names each field and its problem (`visitorName: required; phone: bad-phone`).
 */
function judge(input: AppointmentInput, now: Date) {
  const problems: Problems = {};
  for (const field of ['visitorName', 'host', 'reason', 'area'] as const) {
    if (input[field].trim() === '') problems[field] = 'required';
  }
  const document =
    input.documentNumber.trim() === ''
      ? null
      : validateDocument(input.documentType, input.documentNumber, { today: now });
  if (document === null) problems.documentNumber = 'required';
  else if (!document.ok) problems.documentNumber = document.reason;
  // The contract's one rule for phone numbers (the walk-in and courier forms use it too);
  // stored as digits only, as appointments always were.
  const phone = normalizePhone(input.phone)?.replaceAll('-', '') ?? null;
  if (input.phone.trim() === '') problems.phone = 'required';
  else if (phone === null) problems.phone = 'bad-phone';
  const from = Date.parse(input.validFrom);
  const to = Date.parse(input.validTo);
  if (!Number.isFinite(from)) problems.validFrom = 'bad-date';
  if (!Number.isFinite(to)) problems.validTo = 'bad-date';
  else if (to <= from) problems.validTo = 'ends-before-start';
  // A pass for a visit that is already over could never be used: a typing slip.
  else if (to <= now.getTime()) problems.validTo = 'ends-in-past';
  if (document?.ok !== true || phone === null || Object.keys(problems).length > 0) {
    throw new ApiError('bad-input', formatFieldProblems(problems));
  }
  return { document, phone, from, to };
}
