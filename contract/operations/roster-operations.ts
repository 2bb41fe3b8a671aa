// The roster in the admin console: the template, a file's preview and its all-or-nothing
// import, the people list, and a person's status. A file travels as base64 and is capped;
// ID numbers leave the backend masked, never in full.
import { z } from 'zod';
import { emptyInput } from '../schemas';

/** The largest roster file accepted: far more than any school's, small enough to hold in memory. */
export const rosterFileMaxBytes = 5 * 1024 * 1024;
const base64Length = (bytes: number) => 4 * Math.ceil(bytes / 3);

/**
 * Statuses an admin may set; 'left' is set by an import that takes people off the roster. So
 * these are also the statuses of anyone still on it (the guard's search finds only them), and
 * the policy's blocking statuses are taken from them (all but 'active').
 */
export const settableStatusSchema = z.enum(['active', 'isolating', 'needs-certificate']);
export type SettableStatus = z.infer<typeof settableStatusSchema>;

export const rosterColumnSchema = z.enum(['card', 'name', 'kind', 'className', 'idNumber']);

const rosterFileInput = {
  /** The file's name as chosen: .xlsx is read as a workbook, anything else as CSV. */
  fileName: z.string().trim().min(1).max(200),
  fileBase64: z.base64().max(base64Length(rosterFileMaxBytes)),
};

/** A person as a file has them; the ID number masked. */
export const rosterPersonSchema = z.object({
  card: z.string(),
  name: z.string(),
  kind: z.enum(['student', 'staff']),
  className: z.string(),
  idNumber: z.string().nullable(),
});
export type RosterPersonView = z.infer<typeof rosterPersonSchema>;

/** A person on the roster, with their status and who set it, when and why. */
export const personRecordSchema = rosterPersonSchema.extend({
  id: z.number().int(),
  /** active, isolating, needs-certificate or left; each has `roster.status.<status>`. */
  status: z.string(),
  statusReason: z.string().nullable(),
  statusSetBy: z.string().nullable(),
  statusSetAt: z.string().nullable(),
});
export type PersonRecord = z.infer<typeof personRecordSchema>;

/** A refused row: its number and the problem, worded by the screen (`roster.problem.<code>`). */
export const rosterProblemSchema = z.object({
  line: z.number().int(),
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type RosterProblemView = z.infer<typeof rosterProblemSchema>;

/** A file that cannot be imported at all: nothing was (or will be) written. */
const refusedSchema = z.object({
  ok: z.literal(false),
  /** How the file counts its rows: CSV lines or worksheet rows. */
  place: z.enum(['line', 'row']),
  problems: z.array(rosterProblemSchema),
});

/** Lists in a preview stop at this many people; the counts are always complete. */
export const previewListLimit = 200;

export const rosterPreviewSchema = z.discriminatedUnion('ok', [
  refusedSchema,
  z.object({
    ok: z.literal(true),
    added: z.array(rosterPersonSchema),
    addedCount: z.number().int(),
    changed: z.array(
      z.object({
        card: z.string(),
        name: z.string(),
        /** Was marked as left; the import puts them back on the roster. */
        rejoins: z.boolean(),
        fields: z.array(
          z.object({
            field: rosterColumnSchema,
            before: z.string().nullable(),
            after: z.string().nullable(),
          }),
        ),
      }),
    ),
    changedCount: z.number().int(),
    unchanged: z.number().int(),
    /** On the roster, not in this file. */
    missing: z.array(personRecordSchema),
    missingCount: z.number().int(),
  }),
]);
export type RosterPreviewView = z.infer<typeof rosterPreviewSchema>;

export const rosterImportResultSchema = z.discriminatedUnion('ok', [
  refusedSchema,
  z.object({
    ok: z.literal(true),
    added: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    left: z.number().int(),
  }),
]);

export const rosterOperations = {
  /** The Chinese template workbook to fill in. */
  rosterTemplate: {
    access: 'admin',
    view: true,
    input: emptyInput,
    output: z.object({ fileName: z.string(), base64: z.string() }),
  },
  /** What importing this file would do; writes nothing. */
  previewRoster: {
    access: 'admin',
    view: true,
    input: z.object(rosterFileInput).strict(),
    output: rosterPreviewSchema,
  },
  /** Imports the whole file or, if any row is refused, nothing. */
  importRoster: {
    access: 'admin',
    input: z.object({ ...rosterFileInput, markMissingAsLeft: z.boolean() }).strict(),
    output: rosterImportResultSchema,
  },
  /** A page of the people matching part of a name, card or class. */
  listPeople: {
    access: 'admin',
    view: true,
    input: z
      .object({
        query: z.string().max(64),
        limit: z.number().int().min(1).max(200),
        offset: z.number().int().min(0),
      })
      .strict(),
    output: z.object({ total: z.number().int(), people: z.array(personRecordSchema) }),
  },
  /** Sets a person's status with a reason; the signed-in admin and the time are recorded. */
  setPersonStatus: {
    access: 'admin',
    input: z
      .object({
        personId: z.number().int(),
        status: settableStatusSchema,
        reason: z.string().trim().min(1).max(200),
      })
      .strict(),
    output: personRecordSchema,
  },
} as const;
