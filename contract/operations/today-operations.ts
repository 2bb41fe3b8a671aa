// Today at the gate: visitors on campus now (with overstays) and their exit, for the guard;
// the day at a glance, for the admin. Shapes only; nothing here may import node: or the DOM.
import { z } from 'zod';
import { entryViewSchema, personKindSchema, reasonCodeSchema } from '../schemas';

/** A visitor whose latest pass through the gate was in, not yet out. */
export const onCampusVisitorSchema = z.object({
  appointmentId: z.string(),
  /**
   * Null when the appointment was erased by the retention purge: the visitor came in longer
   * ago than the retention period and no exit was ever recorded.
   */
  name: z.string().nullable(),
  host: z.string(),
  area: z.string(),
  enteredAt: z.string(),
  /** The end of the visit (the appointment's valid_to). */
  until: z.string(),
  /** Whole minutes past `until`, or null while the visit is still within its window. */
  overstayMinutes: z.number().int().nullable(),
});
export type OnCampusVisitor = z.infer<typeof onCampusVisitorSchema>;

/** A retest of the day that nothing has ended yet: the person was neither measured again nor sent on. */
export const unresolvedRetestSchema = z.object({
  /** The retest entry. */
  entryId: z.number().int(),
  /** When the first reading was logged. */
  at: z.string(),
  /** Null once the retention purge has erased the entry's personal fields. */
  name: z.string().nullable(),
  kind: personKindSchema.nullable(),
  className: z.string().nullable(),
  /** The first reading, at or over the threshold. */
  firstCelsius: z.number().nullable(),
  /** Whole minutes from `at` to when the backend answered. */
  openMinutes: z.number().int(),
});
export type UnresolvedRetest = z.infer<typeof unresolvedRetestSchema>;

export const todaySummarySchema = z.object({
  /** The Beijing calendar day, YYYY-MM-DD. */
  date: z.string(),
  /** Checks at the gate going in, by Beijing hour (only hours that had any). */
  byHour: z.array(z.object({ hour: z.number().int(), entries: z.number().int() })),
  byDecision: z.object({
    pass: z.number().int(),
    deny: z.number().int(),
    retest: z.number().int(),
    refer: z.number().int(),
  }),
  visitors: z.object({ in: z.number().int(), out: z.number().int() }),
  onCampus: z.array(onCampusVisitorSchema),
  deniedReasons: z.array(z.object({ reason: reasonCodeSchema, count: z.number().int() })),
  latestDenied: z.array(
    z.object({
      id: z.number().int(),
      at: z.string(),
      name: z.string().nullable(),
      kind: personKindSchema.nullable(),
      /** The card's text; empty for a visitor's pass, whose signed text means nothing here. */
      cardText: z.string(),
      /** A visitor's pass was shown (and refused): the screen says 访客码. */
      visitorPass: z.boolean(),
      reasons: z.array(reasonCodeSchema),
    }),
  ),
  openCases: z.array(
    z.object({
      id: z.number().int(),
      openedAt: z.string(),
      name: z.string().nullable(),
      temperatureCelsius: z.number().nullable(),
    }),
  ),
  /**
   * The day's retests still open when the backend answered (R3: nobody febrile unaccounted):
   * how many, and the oldest of them (the list may be cut; `count` is the whole number).
   */
  unresolvedRetests: z.object({
    count: z.number().int(),
    retests: z.array(unresolvedRetestSchema),
  }),
});
export type TodaySummary = z.infer<typeof todaySummarySchema>;

export const todayOperations = {
  /** For the guard at the gate: who is still inside, overstays first. */
  visitorsOnCampus: {
    access: 'guard',
    input: z.object({}).strict(),
    output: z.array(onCampusVisitorSchema),
  },
  /** The visitor left: an out entry, refused when they are not inside. */
  recordVisitorExit: {
    access: 'guard',
    input: z.object({ appointmentId: z.string().min(1).max(40) }).strict(),
    output: entryViewSchema,
  },
  todaySummary: {
    access: 'admin',
    view: true,
    input: z
      .object({
        date: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .optional(),
      })
      .strict(),
    output: todaySummarySchema,
  },
} as const;
