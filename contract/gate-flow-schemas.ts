// The contract's shapes for the rest of the gate check (R2, R4, R10): the questions of the day
// and their answers, the health code's result and how it was obtained, and the roster status
// that keeps a person out. Nothing here may import node:, electron or the DOM.
import { z } from 'zod';

export const questionIdSchema = z.string().regex(/^[a-z0-9-]{1,32}$/);

/** A question of the day as the screen shows it, in both languages. */
export const questionViewSchema = z.object({
  id: questionIdSchema,
  'zh-CN': z.string(),
  en: z.string(),
});
export type QuestionView = z.infer<typeof questionViewSchema>;

/** "yes" is the risk answer to every question. */
export const answerSchema = z.enum(['yes', 'no']);
export const answersSchema = z.record(questionIdSchema, answerSchema);
export type Answers = z.infer<typeof answersSchema>;

/** What a health-code verifier can answer; failed and timeout mean "ask the guard". */
export const healthCodeResultSchema = z.enum([
  'green',
  'yellow',
  'red',
  'expired',
  'not-found',
  'failed',
  'timeout',
]);
export type HealthCodeResult = z.infer<typeof healthCodeResultSchema>;

/** A result the gate can decide on (failed / timeout are not one). */
export const healthCodeFindingSchema = healthCodeResultSchema.exclude(['failed', 'timeout']);
export type HealthCodeFinding = z.infer<typeof healthCodeFindingSchema>;

/** The colours a guard can confirm by looking at the phone. */
export const healthCodeColourSchema = z.enum(['green', 'yellow', 'red']);
export type HealthCodeColour = z.infer<typeof healthCodeColourSchema>;

/** The health code in an entry: the result, online or the guard's word, and whose. */
export const healthCodeRecordSchema = z.object({
  result: healthCodeFindingSchema,
  /** guard: "guard-confirmed, unverified". */
  method: z.enum(['online', 'guard']),
  /** The guard's display name when the guard confirmed it. */
  by: z.string().nullable(),
});
export type HealthCodeRecord = z.infer<typeof healthCodeRecordSchema>;

/** A roster status that kept a person out, with why and who set it: for the guard's eyes. */
export const personStatusViewSchema = z.object({
  status: z.string(),
  reason: z.string().nullable(),
  setBy: z.string().nullable(),
  setAt: z.string().nullable(),
});
export type PersonStatusView = z.infer<typeof personStatusViewSchema>;
