// Appointments and their passes, for the admin, and the look-up of a visitor's appointments by
// document or phone number. Every answer shows those numbers masked.
import { z } from 'zod';
import {
  appointmentFormSchema,
  appointmentSchema,
  visitorNumberQuerySchema,
} from '../visitor-schemas';

export const visitorOperations = {
  createAppointment: {
    access: 'admin',
    input: appointmentFormSchema,
    output: appointmentSchema,
  },
  /** Approving issues the signed pass; the approver is recorded. */
  approveAppointment: {
    access: 'admin',
    input: z.object({ id: z.string().min(1).max(40) }).strict(),
    output: appointmentSchema,
  },
  revokeAppointment: {
    access: 'admin',
    input: z
      .object({ id: z.string().min(1).max(40), reason: z.string().trim().min(1).max(200) })
      .strict(),
    output: appointmentSchema,
  },
  listAppointments: {
    access: 'admin',
    view: true,
    input: z.object({ limit: z.number().int().min(1).max(500) }).strict(),
    output: z.array(appointmentSchema),
  },
  /**
   * A visitor's appointments by document or phone number, newest first (at most 100), found
   * by keyed hash. Deliberately not a `view`: views are audited once per ten minutes for the
   * same detail, and the number asked for is not recorded (dispatch.ts), so a second search
   * would leave no trace. Every search is written to the audit log.
   */
  findAppointments: {
    access: 'admin',
    input: visitorNumberQuerySchema,
    output: z.array(appointmentSchema),
  },
  /**
   * The pass as a PNG (base64) to print or send to the visitor, with the school's name (config
   * `school.name`) for the card around it; null when none is configured.
   */
  passImage: {
    access: 'admin',
    view: true,
    input: z.object({ id: z.string().min(1).max(40) }).strict(),
    output: z.object({ png: z.string(), token: z.string(), school: z.string().nullable() }),
  },
} as const;
