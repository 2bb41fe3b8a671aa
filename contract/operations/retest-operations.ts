// The people waiting aside for a retest (R3), as the guard's station sees them, and the guard's
// ways to end a retest or to start a check for someone who forgot their card. Shapes only;
// nothing here may import node: or the DOM. Every countdown is the backend's, never the screen's.
import { z } from 'zod';
import { checkViewSchema, entryViewSchema, personKindSchema } from '../schemas';

/** How a guard ends a retest without a second reading; each has a translation `retest.resolution.<code>`. */
export const retestResolutionSchema = z.enum([
  /** Sent to the temporary observation point without a retest: a refer, a fever case opens. */
  'observation',
  /** Went home with a parent or guardian. */
  'went-home',
  /** Left the gate and did not come back. */
  'left',
]);
export type RetestResolution = z.infer<typeof retestResolutionSchema>;

/** One person waiting for their retest: the retest entry that is still open. */
export const openRetestSchema = z.object({
  /** The retest entry; the entry that ends it will point at it. */
  entryId: z.number().int(),
  name: z.string().nullable(),
  kind: personKindSchema.nullable(),
  className: z.string().nullable(),
  /** The first reading, which was at or over the threshold. */
  firstCelsius: z.number().nullable(),
  firstAt: z.string(),
  /** From then the person's next scan with a fresh reading decides. */
  dueAt: z.string(),
  /** Seconds until dueAt as the backend counted them when it answered (0: due now). */
  dueInSeconds: z.number().int(),
  /** From then the retest is overdue and the guard's side raises the alarm. */
  overdueAt: z.string(),
  /** Whole minutes past overdueAt, or null while not overdue. */
  overdueMinutes: z.number().int().nullable(),
});
export type OpenRetest = z.infer<typeof openRetestSchema>;

const personIdSchema = z.number().int().positive();

export const retestOperations = {
  /** Everyone waiting for a retest at this gate today, the longest waiting first. */
  openRetests: {
    access: 'guard',
    input: z.object({}).strict(),
    output: z.object({ at: z.string(), retests: z.array(openRetestSchema) }),
  },
  /**
   * Ends a retest without a second reading, with the reason: written as an entry that follows
   * the retest entry and names the guard. Refused (bad-input) when the retest has already ended.
   */
  resolveRetest: {
    access: 'guard',
    input: z
      .object({ entryId: z.number().int().positive(), resolution: retestResolutionSchema })
      .strict(),
    output: entryViewSchema,
  },
  /**
   * A forgotten card: the signed-in guard found the person (findPeople) and starts their check.
   * The entry records the identity as the guard's lookup, with the guard's name.
   */
  lookupCheck: {
    access: 'guard',
    input: z.object({ personId: personIdSchema }).strict(),
    output: checkViewSchema,
  },
} as const;
