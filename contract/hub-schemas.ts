// A school with several gates (docs/school-hub.md): a gate's link to its hub, as the guard
// station shows it ("名单更新于 …"), and the hub's list of its gates, as the office sees them.
import { z } from 'zod';

/**
 * Why a gate's link is not well, for the guard station to say in words (the English `error`
 * beside it is the detail for logs and support): unreachable (no answer, a timeout, the hub
 * failing); the hub's refusals (unknown-gate, revoked, bad-signature, clock); another-hub (the
 * address answers with another hub's id); unsigned-answer (something other than the hub answered
 * at its address); hub-restored (the hub's changes end before this gate's: restored from an older
 * backup); sync-failed (the hub answered but its answer could not be used).
 */
export const hubLinkErrorCodeSchema = z.enum([
  'unreachable',
  'unknown-gate',
  'revoked',
  'bad-signature',
  'clock',
  'another-hub',
  'unsigned-answer',
  'hub-restored',
  'sync-failed',
]);
export type HubLinkErrorCode = z.infer<typeof hubLinkErrorCodeSchema>;

export const hubLinkStatusSchema = z.object({
  url: z.string(),
  /** connecting: not yet answered; offline: the hub is away (tried again); refused: fix needed. */
  state: z.enum(['connecting', 'online', 'offline', 'refused']),
  /** When this gate last held everything the hub had: the age of its roster and policy. */
  syncedAt: z.string().nullable(),
  lastContactAt: z.string().nullable(),
  /** This gate's records not yet at the hub. */
  waiting: z.number().int().min(0),
  /** Null when all is well (and while connecting). */
  errorCode: hubLinkErrorCodeSchema.nullable(),
  /** The same in plain English with its particulars, for logs and support. */
  error: z.string().nullable(),
});
export type HubLinkStatus = z.infer<typeof hubLinkStatusSchema>;

export const gateHealthSchema = z
  .object({
    /** The gate's name as its config gives it (校门 1, 北门): the hub's views and exports say it. */
    name: z.string().max(64).optional(),
    version: z.string().max(64),
    thermometer: z.string().max(64),
    relay: z.string().max(64),
    /** Records waiting to reach the hub, and the district (null: this gate does not upload). */
    hubWaiting: z.number().int().min(0),
    districtWaiting: z.number().int().min(0).nullable(),
    districtLastSuccessAt: z.string().max(40).nullable(),
    feedCursor: z.number().int().min(0),
  })
  .strict();
export type GateHealth = z.infer<typeof gateHealthSchema>;

/**
 * What the hub noticed about a gate that the office should know: the hub was restored from an
 * older backup, found because this gate had sent more records than the hub holds
 * (records-restored: the gate sends them again) or holds later changes than the hub's
 * (changes-restored: those made at the hub after the backup are lost). gateHad and hubHas are
 * the gate's record numbers, or the change numbers, on each side; `at` is when it was noticed.
 */
export const hubGateNoticeSchema = z.object({
  code: z.enum(['records-restored', 'changes-restored']),
  at: z.string(),
  gateHad: z.number().int(),
  hubHas: z.number().int(),
});
export type HubGateNotice = z.infer<typeof hubGateNoticeSchema>;

export const hubGateSchema = z.object({
  id: z.string(),
  enrolledAt: z.string(),
  revokedAt: z.string().nullable(),
  lastContactAt: z.string().nullable(),
  health: gateHealthSchema.nullable(),
  feedCursor: z.number().int(),
  /** The last of the gate's records the hub holds. */
  receivedThrough: z.number().int(),
  /** What the hub noticed that a person should know (a restore). */
  notice: hubGateNoticeSchema.nullable(),
});
export type HubGate = z.infer<typeof hubGateSchema>;

/**
 * A visitor's pass used beyond its allowance, as the hub found when a gate's entry arrived: the
 * gates admitted it by their own counts while they could not reach each other (status on the
 * hub only, newest first).
 */
export const passOveruseSchema = z.object({
  /** The hub's entry that went over the allowance. */
  entryId: z.number().int(),
  appointmentId: z.string(),
  /** Null once retention has purged the name. */
  visitorName: z.string().nullable(),
  /** Null when the hub no longer holds the appointment. */
  entriesAllowed: z.number().int().nullable(),
  gateId: z.string(),
  at: z.string(),
});
export type PassOveruse = z.infer<typeof passOveruseSchema>;
