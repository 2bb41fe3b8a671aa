// The absence register and the way back (R9, R10): absences for illness and their follow-up
// calls, the return-to-school certificate that ends a hold at every gate, and the day's picture.
// Kept by the school doctor or a class teacher (role `health`) or an admin, at the school hub or
// a single kiosk. Shapes only; nothing here may import node: or the DOM.
import { z } from 'zod';
import { personKindSchema } from '../schemas';

/** illness: reported ill (by the family, the class teacher); fever-at-gate: referred at a gate. */
export const absenceCauseSchema = z.enum(['illness', 'fever-at-gate', 'other']);
export type AbsenceCause = z.infer<typeof absenceCauseSchema>;
/** The causes that need a return-to-school certificate before the person comes back. */
export const illnessCauses: readonly AbsenceCause[] = ['illness', 'fever-at-gate'];

export const absenceSourceSchema = z.enum(['gate', 'register', 'import']);
export const followUpMethodSchema = z.enum(['phone', 'message', 'visit']);
export const followUpOutcomeSchema = z.enum([
  'recovering',
  'seen-doctor',
  'in-hospital',
  'recovered',
  'no-answer',
  'other',
]);
/** returned: back without a certificate (an absence not for illness); cancelled: recorded in error. */
export const absenceEndingSchema = z.enum(['certificate', 'returned', 'cancelled']);
export const certificateScanTypeSchema = z.enum(['image/jpeg', 'image/png', 'application/pdf']);
/** A scan or photo of the certificate, at most this many bytes. */
export const certificateScanMaxBytes = 2 * 1024 * 1024;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD');
const text = (max: number) => z.string().trim().min(1).max(max);
const id = z.number().int().positive();
const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;

export const absenceFollowUpSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  method: followUpMethodSchema,
  outcome: followUpOutcomeSchema,
  /** Who was reached (the guardian), as written. */
  contact: z.string().nullable(),
  note: z.string().nullable(),
  recordedBy: z.string(),
});
export type AbsenceFollowUp = z.infer<typeof absenceFollowUpSchema>;

export const returnCertificateSchema = z.object({
  id: z.number().int(),
  /** The hospital or clinic that issued it, as written (null once retention erased it). */
  issuer: z.string().nullable(),
  issuedOn: day,
  recordedAt: z.string(),
  recordedBy: z.string(),
  hasScan: z.boolean(),
  /** The status the certificate ended. */
  cleared: z.enum(['needs-certificate', 'isolating']),
});
export type ReturnCertificate = z.infer<typeof returnCertificateSchema>;

/** A certificate as the day's list shows it: whom it cleared, with or without an absence. */
export const recordedCertificateSchema = returnCertificateSchema.extend({
  /** Null once retention erased who it was. */
  person: z.object({ id: z.number().int(), name: z.string(), className: z.string() }).nullable(),
  /** The absence it ended; null when it cleared a hold with none (an isolation set by hand). */
  absenceId: z.number().int().nullable(),
});
export type RecordedCertificate = z.infer<typeof recordedCertificateSchema>;

export const absenceSchema = z.object({
  id: z.number().int(),
  /** Null once retention erased who it was; the counts stay. */
  person: z
    .object({
      id: z.number().int(),
      name: z.string(),
      kind: personKindSchema,
      className: z.string(),
    })
    .nullable(),
  className: z.string(),
  cause: absenceCauseSchema,
  /** Health data: stored sealed, shown only on this register. */
  symptoms: z.string().nullable(),
  /** The confirmed reading at the gate (fever-at-gate). */
  celsius: z.number().nullable(),
  feverCaseId: z.number().int().nullable(),
  /** The gate that referred them (fever-at-gate). */
  gateId: z.string().nullable(),
  /** That gate as people know it: its name (its id where no name is known). */
  gateName: z.string().nullable(),
  since: day,
  expectedReturn: day.nullable(),
  source: absenceSourceSchema,
  openedAt: z.string(),
  openedBy: z.string(),
  note: z.string().nullable(),
  followUps: z.array(absenceFollowUpSchema),
  /** An open illness absence with no follow-up recorded today. */
  followUpDue: z.boolean(),
  /** The person's roster status keeps them out at every gate until a certificate is recorded. */
  held: z.boolean(),
  ended: z
    .object({
      at: z.string(),
      how: absenceEndingSchema,
      by: z.string(),
      note: z.string().nullable(),
    })
    .nullable(),
  certificate: returnCertificateSchema.nullable(),
});
export type Absence = z.infer<typeof absenceSchema>;

/** Someone whose status keeps them out until a certificate (with their open absence, if any). */
export const awaitingCertificateSchema = z.object({
  personId: z.number().int(),
  name: z.string(),
  kind: personKindSchema,
  className: z.string(),
  status: z.enum(['needs-certificate', 'isolating']),
  reason: z.string().nullable(),
  since: z.string().nullable(),
  absenceId: z.number().int().nullable(),
  /** The last time a gate held them today, and which gate by its name (null: not seen today). */
  heldAt: z.string().nullable(),
  heldGate: z.string().nullable(),
});
export type AwaitingCertificate = z.infer<typeof awaitingCertificateSchema>;

export const absencePictureSchema = z.object({
  date: day,
  /** Absent that day, by class and cause (the open absences that began on or before it). */
  byClass: z.array(
    z.object({
      className: z.string(),
      illness: z.number().int(),
      feverAtGate: z.number().int(),
      other: z.number().int(),
    }),
  ),
  absentIll: z.number().int(),
  absentOther: z.number().int(),
  followUpsDue: z.number().int(),
  /** Open absences whose expected return is that day or earlier. */
  returnsExpected: z.number().int(),
  /** People a gate held that day for want of a certificate. */
  heldAtGate: z.number().int(),
  /** Certificates recorded that day. */
  returnsCleared: z.number().int(),
});
export type AbsencePicture = z.infer<typeof absencePictureSchema>;

export const absenceRegisterSchema = z.object({
  picture: absencePictureSchema,
  /** Every open absence, the longest first. */
  open: z.array(absenceSchema),
  /** Absences that ended that day, newest first. */
  ended: z.array(absenceSchema),
  awaitingCertificate: z.array(awaitingCertificateSchema),
  /** The certificates recorded that day, newest first (as many as picture.returnsCleared). */
  certificates: z.array(recordedCertificateSchema),
});
export type AbsenceRegister = z.infer<typeof absenceRegisterSchema>;

export const newAbsenceSchema = z
  .object({
    personId: id,
    cause: z.enum(['illness', 'other']),
    symptoms: text(200).nullable(),
    since: day,
    expectedReturn: day.nullable(),
    note: text(500).nullable(),
  })
  .strict();
export type NewAbsence = z.infer<typeof newAbsenceSchema>;

/** A refused row of an absence sheet: its line in the sheet (the header is line 1). */
export const absenceSheetProblemSchema = z.object({
  line: z.number().int(),
  column: z.string().nullable(),
  problem: z.enum([
    'card-unknown',
    'name-class-unknown',
    'name-class-ambiguous',
    'no-person',
    'cause-unknown',
    'symptoms-too-long',
    'date-bad',
    'duplicate',
  ]),
  /** The cell as written, shortened. */
  value: z.string().nullable(),
});
export type AbsenceSheetProblem = z.infer<typeof absenceSheetProblemSchema>;

export const absenceImportResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    opened: z.number().int(),
    /** Rows for someone already on the register with an open absence: left as they are. */
    alreadyOpen: z.number().int(),
  }),
  z.object({
    ok: z.literal(false),
    /** Nothing was written. Also when the file is no sheet: `file`. */
    problems: z.array(absenceSheetProblemSchema),
    file: z.enum(['unreadable', 'no-header', 'empty', 'too-many-rows']).nullable(),
  }),
]);
export type AbsenceImportResult = z.infer<typeof absenceImportResultSchema>;

export const absenceSheetMaxBytes = 2 * 1024 * 1024;

export const absenceOperations = {
  /** The register of a day: its picture, every open absence, the ended ones, who is held. */
  absenceRegister: {
    access: 'health',
    view: true,
    input: z.object({ date: day }).strict(),
    output: absenceRegisterSchema,
  },
  openAbsence: {
    access: 'health',
    input: newAbsenceSchema,
    output: absenceSchema,
  },
  addAbsenceFollowUp: {
    access: 'health',
    input: z
      .object({
        absenceId: id,
        method: followUpMethodSchema,
        outcome: followUpOutcomeSchema,
        contact: text(60).nullable(),
        note: text(500).nullable(),
      })
      .strict()
      .refine((input) => input.outcome !== 'other' || input.note !== null, {
        message: 'an outcome of "other" needs a note saying what was learned',
        path: ['note'],
      }),
    output: absenceSchema,
  },
  setExpectedReturn: {
    access: 'health',
    input: z.object({ absenceId: id, expectedReturn: day.nullable() }).strict(),
    output: absenceSchema,
  },
  /** Ends an absence without a certificate: back from an absence not for illness, or an error. */
  endAbsence: {
    access: 'health',
    input: z
      .object({ absenceId: id, how: z.enum(['returned', 'cancelled']), note: text(200) })
      .strict(),
    output: absenceSchema,
  },
  /**
   * The school doctor records the return-to-school certificate: the person's hold ends at every
   * gate, and their open absence (if any) ends with it.
   */
  recordReturnCertificate: {
    access: 'health',
    input: z
      .object({
        personId: id,
        issuer: text(80),
        issuedOn: day,
        scan: z
          .object({
            type: certificateScanTypeSchema,
            base64: z.base64().max(base64Length(certificateScanMaxBytes)),
          })
          .strict()
          .nullable(),
      })
      .strict(),
    output: z.object({ certificate: returnCertificateSchema, absence: absenceSchema.nullable() }),
  },
  /** The scan of a certificate, as stored. */
  returnCertificateScan: {
    access: 'health',
    view: true,
    input: z.object({ certificateId: id }).strict(),
    output: z.object({ type: certificateScanTypeSchema, base64: z.string() }),
  },
  /**
   * The day's absences from the sheet class teachers fill in (卡号 or 姓名+班级, 原因, 症状):
   * every row, or — if any row is refused — nothing, with each refused row's line.
   */
  importAbsences: {
    access: 'health',
    input: z
      .object({
        fileName: z.string().trim().min(1).max(200),
        fileBase64: z.base64().max(base64Length(absenceSheetMaxBytes)),
        date: day,
      })
      .strict(),
    output: absenceImportResultSchema,
  },
} as const;
