// An appointment as stored and as the contract shows it: the row appointments.ts reads, and the
// view with the visitor's numbers masked, the state as of now and whether the retention purge
// erased it. Reads nothing itself and never lets a full document or phone number out.
import type { AppointmentView } from '../../contract/visitor-schemas';
import type { FieldCipher } from '../privacy/field-cipher';
import { visitorView, type VisitorColumns } from './visitor-columns';

export interface AppointmentRow extends VisitorColumns {
  id: string;
  /**
   * NULL once purged_at is set, and only then (0150's CHECKs), like the visitor's fields: so
   * is the pass (its signed text carries the name) and the revoke reason.
   */
  vehicle_plate: string | null;
  valid_from: string;
  valid_to: string;
  entries_allowed: number;
  entries_used: number;
  state: 'requested' | 'approved' | 'revoked';
  approved_at: string | null;
  /** The approver's display name (accounts), joined in by `appointmentSelect`. */
  approver: string | null;
  revoke_reason: string | null;
  pass_token: string | null;
  purged_at: string | null;
}

/** Every read of appointments starts here, so each answers an AppointmentRow. */
export const appointmentSelect = `SELECT ap.*, ac.display_name AS approver FROM appointments ap
  LEFT JOIN accounts ac ON ac.id = ap.approved_by`;

export function viewAppointment(
  row: AppointmentRow,
  cipher: FieldCipher,
  now: Date,
): AppointmentView {
  return {
    id: row.id,
    ...visitorView(row, cipher),
    vehiclePlate: row.vehicle_plate,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    entriesAllowed: row.entries_allowed,
    entriesUsed: row.entries_used,
    state:
      row.state !== 'revoked' && Date.parse(row.valid_to) <= now.getTime() ? 'expired' : row.state,
    approvedBy: row.approver,
    approvedAt: row.approved_at,
    revokeReason: row.revoke_reason,
    passToken: row.pass_token,
    purged: row.purged_at !== null,
  };
}
