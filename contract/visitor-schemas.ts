// The contract's visitor shapes: an appointment as the admin enters it, as the console shows
// it (document and phone numbers masked, or erased by the retention purge), and the number an
// admin looks a visitor up by. Never a full document or phone number.
import { z } from 'zod';

export const appointmentInputSchema = z
  .object({
    visitorName: z.string().trim().min(1).max(40),
    documentType: z.enum([
      'resident-id',
      'residence-permit',
      'foreign-permanent-residence-card',
      'home-return-permit',
      'passport',
    ]),
    documentNumber: z.string().trim().min(1).max(100),
    phone: z.string().trim().min(7).max(20),
    host: z.string().trim().min(1).max(40),
    reason: z.string().trim().min(1).max(200),
    area: z.string().trim().min(1).max(40),
    vehiclePlate: z.string().trim().max(12).nullable(),
    validFrom: z.iso.datetime({ offset: true }),
    validTo: z.iso.datetime({ offset: true }),
    entriesAllowed: z.number().int().min(1).max(1000),
  })
  .strict();

/**
 * The console's appointment form as sent: a field left empty or a phone that is no number still
 * arrives, so the kiosk judges every field at once and names each problem (appointments.ts);
 * only the lengths and the shapes of dates and the count are held here.
 */
export const appointmentFormSchema = appointmentInputSchema
  .extend({
    visitorName: z.string().trim().max(40),
    documentNumber: z.string().trim().max(100),
    phone: z.string().trim().max(20),
    host: z.string().trim().max(40),
    reason: z.string().trim().max(200),
    area: z.string().trim().max(40),
  })
  .strict();

/** A visitor as an appointment and a walk-in request both show one. */
export const visitorViewSchema = z.object({
  /** Null once the record is `purged` (migration 0150), like the numbers. */
  visitorName: z.string().nullable(),
  documentType: z.string(),
  /**
   * Masked: 110***********002X; a short number keeps at most a quarter at each end, so a
   * passport shows two and two (E1*****78).
   */
  documentNumber: z.string().nullable(),
  /** Masked: 138****8000, 010-****5678. */
  phone: z.string().nullable(),
  host: z.string(),
  reason: z.string(),
  area: z.string(),
});
export type VisitorViewFields = z.infer<typeof visitorViewSchema>;

export const appointmentSchema = z.object({
  id: z.string(),
  /** The visitor; null once `purged`, like every personal field below (migration 0150). */
  ...visitorViewSchema.shape,
  vehiclePlate: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string(),
  entriesAllowed: z.number().int(),
  entriesUsed: z.number().int(),
  /** `expired`: the window has ended (derived when read; a revoked one stays revoked). */
  state: z.enum(['requested', 'approved', 'revoked', 'expired']),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
  passToken: z.string().nullable(),
  /**
   * The visit ended longer ago than the retention period and the kiosk erased the visitor's
   * name, numbers, plate, pass and revoke reason; the record is kept, and never changes again.
   */
  purged: z.boolean(),
});
export type AppointmentView = z.infer<typeof appointmentSchema>;

/**
 * A look-up by one number: a document number (any document type) or a phone number, as the
 * admin types it; the kiosk normalises it as its forms do and compares keyed hashes only.
 */
export const visitorNumberQuerySchema = z.union([
  z.object({ documentNumber: z.string().trim().min(1).max(100) }).strict(),
  z.object({ phone: z.string().trim().min(1).max(20) }).strict(),
]);
export type VisitorNumberQuery = z.infer<typeof visitorNumberQuerySchema>;
