// Couriers and walk-ins at the gate (R5, R7): the guard registers a courier's drop-off and
// sends a walk-in visitor's request; the admin approves it (which issues an appointment and its
// pass) or declines it. Views mask phone and document numbers; full numbers never go out. A
// record older than the retention period comes back `purged`, its personal fields null.
import { z } from 'zod';
import { normalizePhone } from '../phone-number';
import {
  appointmentInputSchema,
  visitorNumberQuerySchema,
  visitorViewSchema,
} from '../visitor-schemas';

const phoneSchema = z
  .string()
  .trim()
  .min(7)
  .max(20)
  .refine((value) => normalizePhone(value) !== null, {
    message: 'Not a mainland mobile number or a fixed line with area code',
  });

export const courierInputSchema = z
  .object({
    courierName: z.string().trim().min(1).max(40),
    phone: phoneSchema,
    company: z.string().trim().min(1).max(40),
    recipient: z.string().trim().min(1).max(60),
    parcels: z.number().int().min(1).max(999).nullable(),
    note: z.string().trim().max(200).nullable(),
  })
  .strict();
export type CourierInput = z.infer<typeof courierInputSchema>;

export const courierDropOffSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  gateId: z.string(),
  /** Null once `purged`, like the phone, the recipient and the note. */
  courierName: z.string().nullable(),
  /** Masked: 138****8000. */
  phone: z.string().nullable(),
  company: z.string(),
  recipient: z.string().nullable(),
  parcels: z.number().int().nullable(),
  note: z.string().nullable(),
  guardName: z.string(),
  /** Older than the retention period: the courier's name and phone, recipient and note erased. */
  purged: z.boolean(),
});
export type CourierDropOffView = z.infer<typeof courierDropOffSchema>;

export const documentTypeSchema = appointmentInputSchema.shape.documentType;

export const walkInInputSchema = appointmentInputSchema
  .pick({
    visitorName: true,
    documentType: true,
    documentNumber: true,
    host: true,
    reason: true,
    area: true,
  })
  .extend({ phone: phoneSchema })
  .strict();
export type WalkInInput = z.infer<typeof walkInInputSchema>;

/** Why a document number was refused (identity/id-number.ts: DocumentProblem). */
export const documentProblemSchema = z.enum([
  'empty',
  'wrong-format',
  'unknown-region',
  'bad-birth-date',
  'wrong-check-character',
  'wrong-document-type',
  'wrong-document-number-check-digit',
  'wrong-mrz-check-digit',
  'wrong-composite-check-digit',
]);

export const walkInStateSchema = z.enum(['pending', 'approved', 'declined']);

export const walkInRequestSchema = z.object({
  id: z.number().int(),
  createdAt: z.string(),
  gateId: z.string(),
  /** The visitor; null once `purged`, like the decline reason. */
  ...visitorViewSchema.shape,
  requestedBy: z.string(),
  state: walkInStateSchema,
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  declineReason: z.string().nullable(),
  appointmentId: z.string().nullable(),
  /** The approved visit's end (the pass's valid-to). */
  validTo: z.string().nullable(),
  /**
   * Made longer ago than the retention period: the visitor's name and numbers and the decline
   * reason are erased, and the request can no longer be decided.
   */
  purged: z.boolean(),
});
export type WalkInRequestView = z.infer<typeof walkInRequestSchema>;

const requestId = z.object({ id: z.number().int().min(1) }).strict();

export const courierOperations = {
  /** A courier or rider leaves a parcel and stays outside; recorded with the guard's name. */
  registerCourier: { access: 'guard', input: courierInputSchema, output: courierDropOffSchema },
  /** One day's drop-offs (default today, Asia/Shanghai), newest first. */
  courierDropOffs: {
    access: 'admin',
    view: true,
    input: z.object({ date: z.string().optional() }).strict(),
    output: z.array(courierDropOffSchema),
  },
  /** A refused document number is an answer, not an error: the form says what is wrong. */
  requestWalkIn: {
    access: 'guard',
    input: walkInInputSchema,
    output: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), request: walkInRequestSchema }),
      z.object({
        ok: z.literal(false),
        problem: documentProblemSchema,
        kind: documentTypeSchema.nullable(),
      }),
    ]),
  },
  /** This gate's requests of the last day, newest first, for the guard to follow. */
  gateWalkIns: {
    access: 'guard',
    input: z.object({}).strict(),
    output: z.array(walkInRequestSchema),
  },
  /** The pass of one approved request from this gate, as a PNG (base64) to show or print. */
  walkInPass: {
    access: 'guard',
    input: requestId,
    output: z.object({ png: z.string(), token: z.string() }),
  },
  walkInRequests: {
    access: 'admin',
    view: true,
    input: z
      .object({ state: walkInStateSchema.optional(), limit: z.number().int().min(1).max(500) })
      .strict(),
    output: z.array(walkInRequestSchema),
  },
  /**
   * Requests by document or phone number, newest first; every search is audited (why it is
   * not a `view`: findAppointments in visitor-operations.ts).
   */
  findWalkInRequests: {
    access: 'admin',
    input: visitorNumberQuerySchema,
    output: z.array(walkInRequestSchema),
  },
  /** Makes the appointment (now until validTo, default two hours; one entry) and its pass. */
  approveWalkIn: {
    access: 'admin',
    input: requestId.extend({ validTo: z.iso.datetime({ offset: true }).optional() }).strict(),
    output: walkInRequestSchema,
  },
  declineWalkIn: {
    access: 'admin',
    input: requestId.extend({ reason: z.string().trim().min(1).max(200) }).strict(),
    output: walkInRequestSchema,
  },
} as const;
