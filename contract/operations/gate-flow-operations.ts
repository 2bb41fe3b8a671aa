// The gate check's touch-screen and guard steps: the person answers the questions of the day
// (open at the gate, like a scan), and the guard confirms a health code's colour when it could
// not be verified online (a signed-in guard only, so the entry can name them).
import { z } from 'zod';
import { answersSchema, healthCodeColourSchema } from '../gate-flow-schemas';
import { checkViewSchema } from '../schemas';

const checkIdSchema = z.string().min(1).max(64);

export const gateFlowOperations = {
  /** Answers for the check `checkId`; refused (bad-input) when that check is no longer open. */
  answerQuestions: {
    input: z.object({ checkId: checkIdSchema, answers: answersSchema }).strict(),
    output: checkViewSchema,
  },
  /** The colour the guard saw on the phone: recorded as guard-confirmed, unverified. */
  confirmHealthCode: {
    access: 'guard',
    input: z.object({ checkId: checkIdSchema, colour: healthCodeColourSchema }).strict(),
    output: checkViewSchema,
  },
} as const;
