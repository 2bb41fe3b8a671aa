// Sign-in, accounts, the audit log and the duty log; and what the retention purge erased, the
// kiosk's own entry beside the admins' actions. Shapes only: no node:, electron or DOM here.
import { z } from 'zod';
import { actorSchema, emptyInput, roleSchema } from '../schemas';

const username = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[\p{L}\p{N}._-]+$/u, 'letters, digits, dots, dashes and underscores only');
const displayName = z.string().trim().min(1).max(32);

/** An account on the accounts page: a disabled one is listed (to enable it), a deleted one not. */
export const accountSchema = actorSchema.extend({ disabled: z.boolean() });
export type AccountView = z.infer<typeof accountSchema>;

/** Another account an admin changes; never their own, never leaving no enabled admin. */
const otherAccount = z.object({ username }).strict();

export const shiftSchema = z.object({
  id: z.number().int(),
  guard: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  handoverNote: z.string().nullable(),
});
export type ShiftView = z.infer<typeof shiftSchema>;

/** One line of the audit log: who did what, with the detail and where from. */
export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  detail: z.string().nullable(),
  origin: z.string().nullable(),
});
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

/** How many records of each kind lost their personal fields (docs/admin.md "Retention"). */
export const retentionCountsSchema = z.object({
  entries: z.number().int(),
  appointments: z.number().int(),
  walkInRequests: z.number().int(),
  courierDropOffs: z.number().int(),
  feverCases: z.number().int(),
  /** Absences of the register (with their follow-up calls) and return-to-school certificates. */
  absences: z.number().int(),
  returnCertificates: z.number().int(),
});
export type RetentionCounts = z.infer<typeof retentionCountsSchema>;

export const retentionReportSchema = z.object({
  /** The retention period now in force (config `retention.days`). */
  days: z.number().int(),
  /** Everything erased since the runs were first recorded (migration 0150). */
  totals: retentionCountsSchema,
  /** The latest runs that erased anything, newest first; an idle run is not recorded. */
  runs: z.array(
    z.object({
      id: z.number().int(),
      at: z.string(),
      days: z.number().int(),
      counts: retentionCountsSchema,
    }),
  ),
});
export type RetentionReport = z.infer<typeof retentionReportSchema>;

/** The operations, by name. Input is parsed at the boundary; handlers trust it. */

export const accountOperations = {
  /** First run: no account exists yet, the screen asks for the first admin. */
  setupStatus: { input: emptyInput, output: z.object({ needsFirstAdmin: z.boolean() }) },
  createFirstAdmin: {
    input: z.object({ username, displayName, password: z.string().min(8).max(200) }).strict(),
    output: actorSchema,
  },
  signIn: {
    input: z.object({ username, secret: z.string().min(1).max(200) }).strict(),
    output: z.object({ token: z.string(), actor: actorSchema, expiresAt: z.string() }),
  },
  signOut: { input: emptyInput, output: z.object({ signedOut: z.boolean() }) },
  whoAmI: { input: emptyInput, output: actorSchema.nullable() },
  createAccount: {
    access: 'admin',
    input: z
      .object({ username, displayName, role: roleSchema, secret: z.string().min(4).max(200) })
      .strict(),
    output: actorSchema,
  },
  listAccounts: { access: 'admin', view: true, input: emptyInput, output: z.array(accountSchema) },
  /** It can no longer sign in; whoever is signed in as it is signed out at once. */
  disableAccount: { access: 'admin', input: otherAccount, output: accountSchema },
  enableAccount: { access: 'admin', input: otherAccount, output: accountSchema },
  /** Gone from the list and from sign-in; the records that name it (audit, duty log) stay. */
  deleteAccount: {
    access: 'admin',
    input: otherAccount,
    output: z.object({ deleted: z.literal(true) }),
  },
  /** A guard's new PIN or another admin's new password; their sessions end, a lock-out lifts. */
  resetSecret: {
    access: 'admin',
    input: z.object({ username, secret: z.string().min(4).max(200) }).strict(),
    output: accountSchema,
  },
  auditLog: {
    access: 'admin',
    view: true,
    input: z.object({ limit: z.number().int().min(1).max(500) }).strict(),
    output: z.array(auditEntrySchema),
  },
  retentionReport: {
    access: 'admin',
    view: true,
    input: z.object({ limit: z.number().int().min(1).max(200) }).strict(),
    output: retentionReportSchema,
  },
  /** The duty log: the guard signs on at this gate, and off with a handover note. */
  startShift: { access: 'guard', input: emptyInput, output: shiftSchema },
  endShift: {
    access: 'guard',
    input: z.object({ handoverNote: z.string().trim().max(2000) }).strict(),
    output: shiftSchema,
  },
  /** Signed in only: handover notes are for the guards and admins, not for the gate screen. */
  dutyLog: {
    access: 'guard',
    input: z.object({ limit: z.number().int().min(1).max(200).optional() }).strict(),
    output: z.object({ current: shiftSchema.nullable(), recent: z.array(shiftSchema) }),
  },
} as const;
