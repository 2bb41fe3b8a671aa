// The contract's visitor shapes: an appointment as the admin enters it, and as the console
// shows it (document number masked).
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

export const appointmentSchema = z.object({
  id: z.string(),
  visitorName: z.string(),
  documentType: z.string(),
  documentNumber: z.string(),
  phone: z.string(),
  host: z.string(),
  reason: z.string(),
  area: z.string(),
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
});
export type AppointmentView = z.infer<typeof appointmentSchema>;
