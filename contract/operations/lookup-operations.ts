// The guard's search for someone who forgot their card: by part of a name or class, the end of a
// card, or the end or the whole of an ID number; the check then starts with lookupCheck. Shapes
// only, no node: or DOM; an answer never holds an ID number, and a card only masked.
import { z } from 'zod';
import { settableStatusSchema } from './roster-operations';

/** The longest query: a whole ID number (18) with room for spaces, well short of a paste. */
export const lookupQueryMaxLength = 32;

/** One person found on the roster, as the guard's list shows them. */
export const foundPersonSchema = z.object({
  /** What lookupCheck takes. */
  personId: z.number().int().positive(),
  name: z.string(),
  kind: z.enum(['student', 'staff']),
  className: z.string(),
  /** The card with only its last four characters shown: ****0012. */
  maskedCard: z.string(),
  /** Never 'left': people taken off the roster are not found. */
  status: settableStatusSchema,
});
export type FoundPersonView = z.infer<typeof foundPersonSchema>;

export const lookupOperations = {
  /**
   * The people on the roster matching what the signed-in guard typed, best first, at most 12.
   * The query is an ID number as often as a name: it is never recorded anywhere.
   */
  findPeople: {
    access: 'guard',
    input: z.object({ query: z.string().trim().min(1).max(lookupQueryMaxLength) }).strict(),
    output: z.object({
      people: z.array(foundPersonSchema),
      /** More people match than were sent: the guard types more of the name or number. */
      more: z.boolean(),
    }),
  },
} as const;
