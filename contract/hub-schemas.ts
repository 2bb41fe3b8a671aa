// A school with several gates (docs/school-hub.md): a gate's link to its hub, as the guard
// station shows it ("名单更新于 …"), and the hub's list of its gates, as the office sees them.
import { z } from 'zod';

export const hubLinkStatusSchema = z.object({
  url: z.string(),
  /** connecting: not yet answered; offline: the hub is away (tried again); refused: fix needed. */
  state: z.enum(['connecting', 'online', 'offline', 'refused']),
  /** When this gate last held everything the hub had: the age of its roster and policy. */
  syncedAt: z.string().nullable(),
  lastContactAt: z.string().nullable(),
  /** This gate's records not yet at the hub. */
  waiting: z.number().int().min(0),
  error: z.string().nullable(),
});
export type HubLinkStatus = z.infer<typeof hubLinkStatusSchema>;

export const gateHealthSchema = z
  .object({
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
  notice: z.string().nullable(),
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
