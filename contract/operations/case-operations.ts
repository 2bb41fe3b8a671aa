// Fever cases (R3): the open and recently closed cases with their readings and follow-up
// timeline; a guard or admin adds events, only an admin closes a case. Shapes only; nothing
// here may import node: or the DOM.
import { z } from 'zod';
import { decisionSchema, personKindSchema } from '../schemas';

export const caseEventKindSchema = z.enum([
  'retest-reading',
  'observation-handoff',
  'guardian-informed',
  'note',
]);
export const guardianMethodSchema = z.enum(['phone', 'message', 'in-person']);
export const caseOutcomeSchema = z.enum(['sent-home', 'hospital', 'cleared-returned', 'other']);
export type CaseOutcome = z.infer<typeof caseOutcomeSchema>;

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalNote = text(500).nullable().optional();
const caseId = z.number().int().positive();

/** One follow-up event as written; each kind carries what it needs and an optional note. */
export const newCaseEventSchema = z.discriminatedUnion('kind', [
  z
    .object({
      caseId,
      kind: z.literal('retest-reading'),
      celsius: z.number().min(30).max(45),
      note: optionalNote,
    })
    .strict(),
  z
    .object({
      caseId,
      kind: z.literal('observation-handoff'),
      person: text(60),
      note: optionalNote,
    })
    .strict(),
  z
    .object({
      caseId,
      kind: z.literal('guardian-informed'),
      person: text(60),
      method: guardianMethodSchema,
      note: optionalNote,
    })
    .strict(),
  z.object({ caseId, kind: z.literal('note'), note: text(500) }).strict(),
]);
export type NewCaseEvent = z.infer<typeof newCaseEventSchema>;

export const caseEventSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  kind: caseEventKindSchema,
  celsius: z.number().nullable(),
  person: z.string().nullable(),
  method: guardianMethodSchema.nullable(),
  note: z.string().nullable(),
  recordedBy: z.string(),
});
export type CaseEvent = z.infer<typeof caseEventSchema>;

export const feverCaseSchema = z.object({
  id: z.number().int(),
  openedAt: z.string(),
  person: z.object({ name: z.string(), kind: personKindSchema, className: z.string() }).nullable(),
  cardText: z.string(),
  /** The entries of the check that opened the case: the first reading and the retest. */
  readings: z.array(
    z.object({
      entryId: z.number().int(),
      at: z.string(),
      decision: decisionSchema,
      celsius: z.number().nullable(),
      method: z.enum(['device', 'manual']).nullable(),
      measuredBy: z.string().nullable(),
    }),
  ),
  events: z.array(caseEventSchema),
  closed: z
    .object({
      at: z.string(),
      outcome: caseOutcomeSchema,
      note: z.string().nullable(),
      by: z.string(),
    })
    .nullable(),
});
export type FeverCase = z.infer<typeof feverCaseSchema>;

export const caseOperations = {
  /** Open cases (oldest first) and the most recently closed ones. */
  feverCases: {
    access: 'guard',
    input: z.object({ closedLimit: z.number().int().min(0).max(100) }).strict(),
    output: z.object({ open: z.array(feverCaseSchema), closed: z.array(feverCaseSchema) }),
  },
  addFeverCaseEvent: {
    access: 'guard',
    input: newCaseEventSchema,
    output: feverCaseSchema,
  },
  closeFeverCase: {
    access: 'admin',
    input: z
      .object({ caseId, outcome: caseOutcomeSchema, note: text(200).nullable() })
      .strict()
      .refine((input) => input.outcome !== 'other' || input.note !== null, {
        message: 'an outcome of "other" needs a note saying what happened',
        path: ['note'],
      }),
    output: feverCaseSchema,
  },
} as const;
