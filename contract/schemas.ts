// The contract's shared shapes: decisions, reasons, the check and entry views, the status.
// The operations that use them are listed by area in operations/; api.ts joins them. Nothing
// here may import node:, electron or the DOM.
import { z } from 'zod';
import { relayStatusSchema, thermometerStatusSchema } from './device-schemas';
import { hubGateSchema, hubLinkStatusSchema, passOveruseSchema } from './hub-schemas';
import { storageStatusSchema } from './storage-schemas';
import {
  answersSchema,
  healthCodeRecordSchema,
  personStatusViewSchema,
  questionViewSchema,
} from './gate-flow-schemas';

export const decisionSchema = z.enum(['pass', 'deny', 'retest', 'refer']);
export type Decision = z.infer<typeof decisionSchema>;

export const personKindSchema = z.enum(['student', 'staff', 'visitor']);
export type PersonKind = z.infer<typeof personKindSchema>;

/** Why a decision was taken; each code has a translation `reason.<code>`. */
export const reasonCodeSchema = z.enum([
  'card-unknown',
  'card-unreadable',
  'temperature-normal',
  'temperature-high',
  'fever-confirmed',
  'temperature-normal-on-retest',
  'temperature-not-required',
  // A visitor's pass that is not accepted, with why.
  'pass-malformed',
  'pass-unknown-key',
  'pass-forged',
  'pass-expired',
  'pass-not-yet-valid',
  'pass-revoked',
  'pass-used-up',
  // A gate of a school hub that cannot reach it, when the policy says not to admit passes then.
  'pass-hub-away',
  // A visitor leaving, recorded by the guard at the gate.
  'visitor-exit',
  // The questions of the day, the health code, a roster status (gate-flow-schemas.ts).
  'questions-risk',
  'health-code-yellow',
  'health-code-red',
  'health-code-expired',
  'health-code-not-found',
  'status-isolating',
  'status-needs-certificate',
  // A retest the guard ended without a second reading (backend/checks/gate-check.ts).
  'retest-sent-to-observation',
  'retest-went-home',
  'retest-left',
]);

/** A visitor's appointment as the gate shows it: whom they visit, where, until when. */
export const visitViewSchema = z.object({
  appointmentId: z.string(),
  host: z.string(),
  area: z.string(),
  until: z.string(),
});
export type VisitView = z.infer<typeof visitViewSchema>;
export type ReasonCode = z.infer<typeof reasonCodeSchema>;

/** What a pending check still waits for; each has a translation `missing.<code>`. */
export const missingSchema = z.enum([
  'identity',
  'temperature',
  'remeasure',
  'retest-temperature',
  /** The questions of the day, answered on the touch screen. */
  'answers',
  /** The health code, shown to the camera and verified online. */
  'health-code',
  /** The guard confirms the health code's colour on the phone (verifier down or absent). */
  'health-code-guard',
]);
export type Missing = z.infer<typeof missingSchema>;

/** How a scan reached the kiosk: the camera, a keyboard-wedge scanner, or typed. */
export const scanSourceSchema = z.enum(['camera', 'wedge', 'manual']);
export type ScanSource = z.infer<typeof scanSourceSchema>;
/** How an entry's person was identified: a scan, or a signed-in guard's lookup (no card). */
export type IdentitySource = ScanSource | 'lookup';

export const readingSchema = z.object({
  celsius: z.number(),
  ambientCelsius: z.number().nullable(),
  at: z.string(),
  driver: z.string(),
});
export type Reading = z.infer<typeof readingSchema>;

export const personViewSchema = z.object({
  name: z.string(),
  kind: personKindSchema,
  className: z.string(),
});

export const entryViewSchema = z.object({
  id: z.number().int(),
  checkId: z.string(),
  at: z.string(),
  /** In through the gate, or out (a visitor's exit). */
  direction: z.enum(['in', 'out']),
  decision: decisionSchema,
  reasons: z.array(reasonCodeSchema),
  cardText: z.string(),
  person: personViewSchema.nullable(),
  temperatureCelsius: z.number().nullable(),
  /** How the temperature was taken: by a device (its driver) or typed in by a guard. */
  temperatureMethod: z.enum(['device', 'manual']).nullable(),
  /** The guard who typed a manual reading. */
  measuredBy: z.string().nullable(),
  /** A visitor's appointment, or null. */
  visit: visitViewSchema.nullable(),
  policyVersion: z.number().int(),
  followsEntryId: z.number().int().nullable(),
  /** The guard who acted for this entry: looked the person up, or ended their retest. */
  guardName: z.string().nullable().optional(),
  /** The answers to the questions of the day (id → yes/no); the policy version names them. */
  answers: answersSchema.nullable().optional(),
  healthCode: healthCodeRecordSchema.nullable().optional(),
  /** The roster status that kept the person out, for the guard. */
  personStatus: personStatusViewSchema.nullable().optional(),
});
export type EntryView = z.infer<typeof entryViewSchema>;

/** The check in front of the kiosk: gathering evidence, or just decided. */
export const checkViewSchema = z.object({
  checkId: z.string(),
  startedAt: z.string(),
  cardText: z.string().nullable(),
  person: personViewSchema.nullable(),
  visit: visitViewSchema.nullable(),
  temperatureCelsius: z.number().nullable(),
  missing: z.array(missingSchema),
  /** A reading outside the plausible range: the person is asked to measure again. */
  remeasureCelsius: z.number().nullable(),
  /** Seconds the person must still wait before the retest reading counts. */
  retestWaitSeconds: z.number().nullable(),
  entry: entryViewSchema.nullable(),
  /** The questions to answer while `answers` is missing, in the policy's order. */
  questions: z.array(questionViewSchema).optional(),
  /** A health code was shown and the verifier has not answered yet. */
  healthCodeVerifying: z.boolean().optional(),
  /**
   * A health code was shown before the card: it is kept for the next card's check for a few
   * seconds, and the person is asked for their card.
   */
  healthCodeHeld: z.boolean().optional(),
});
export type CheckView = z.infer<typeof checkViewSchema>;

export * from './device-schemas';
export * from './storage-schemas';
export * from './hub-schemas';
export * from './visitor-schemas';
export * from './gate-flow-schemas';

export const scannerEngineSchema = z.enum(['pipeline', 'zxing-wasm', 'zxing-js']);
export type ScannerEngine = z.infer<typeof scannerEngineSchema>;

/** How the screen reads codes; set in the config file's `scanner` section. */
export const scannerSettingsSchema = z.object({
  engine: scannerEngineSchema,
  camera: z.object({
    /** A camera's label (or part of it) or device id; null takes the first camera. */
    device: z.string().nullable(),
    width: z.number().int(),
    height: z.number().int(),
  }),
  /** The same code again within this many seconds of last being seen is one scan. */
  repeatSeconds: z.number(),
});
export type ScannerSettings = z.infer<typeof scannerSettingsSchema>;

/** The upload to the district, as the guard and the admin see it. */
export const uploadStatusSchema = z.object({
  /**
   * off: no district configured; stopped: an answer only a person can fix (the secret, a
   * clock, the address, the certificate), looked at again by itself at nextAttemptAt.
   */
  state: z.enum(['off', 'idle', 'sending', 'retrying', 'stopped']),
  pending: z.number().int(),
  oldestPendingAt: z.string().nullable(),
  quarantined: z.number().int(),
  lastSuccessAt: z.string().nullable(),
  /** The last failure in words (the district's own, when it gave a reason), or null. */
  lastError: z.string().nullable(),
  /** Its kind, for the screen to say in the guard's language (upload.error.<code>). */
  lastErrorCode: z
    .enum([
      'unreachable',
      'timeout',
      'server',
      'busy',
      'no-receipt',
      'malformed',
      'credentials',
      'clock',
      'forbidden',
      'address',
      'protocol',
      'certificate',
      'insecure',
      'storage',
    ])
    .nullable(),
  /** With 'clock': this kiosk's clock minus the district's, in seconds, when it said its own. */
  clockSkewSeconds: z.number().int().nullable(),
  nextAttemptAt: z.string().nullable(),
  report: z
    .object({
      date: z.string(),
      /** not-due: before the report time; waiting: due, not yet acknowledged; acknowledged. */
      state: z.enum(['not-due', 'waiting', 'acknowledged']),
      dueAt: z.string(),
      deadlineAt: z.string(),
      acknowledgedAt: z.string().nullable(),
      lastError: z.string().nullable(),
      /** The deadline is less than 30 minutes away (or past) and the district has not answered. */
      late: z.boolean(),
      /** When the version of today's report now stored was made; a correction is a later one. */
      generatedAt: z.string().nullable(),
    })
    .nullable(),
});
export type UploadStatus = z.infer<typeof uploadStatusSchema>;
export type UploadState = UploadStatus['state'];
export type UploadErrorCode = NonNullable<UploadStatus['lastErrorCode']>;
/** Today's report to the district, as the upload status carries it. */
export type ReportStatus = NonNullable<UploadStatus['report']>;

export const quarantinedBatchSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  records: z.number().int(),
  firstEntryId: z.number().int(),
  lastEntryId: z.number().int(),
  reason: z.string(),
});
export type QuarantinedBatch = z.infer<typeof quarantinedBatchSchema>;

/** The policy in effect, as the gate's status bar shows it. */
export const policySummarySchema = z.object({
  version: z.number().int(),
  feverThresholdCelsius: z.number(),
});

/** How many wait for a retest and how many are overdue: no names, so anyone may see it. */
export const retestCountsSchema = z.object({
  waiting: z.number().int(),
  overdue: z.number().int(),
});
export type RetestCounts = z.infer<typeof retestCountsSchema>;

export const statusSchema = z.object({
  gate: z.object({ id: z.string(), name: z.string() }),
  thermometer: thermometerStatusSchema,
  /** Null when no turnstile relay is configured. */
  relay: relayStatusSchema.nullable(),
  policy: policySummarySchema,
  check: checkViewSchema.nullable(),
  scanner: scannerSettingsSchema,
  upload: uploadStatusSchema,
  /** Whether records can be written; absent from a backend that does not watch its disk. */
  storage: storageStatusSchema.optional(),
  /** People waiting aside for a retest (R3), and how many of them are overdue. */
  retests: retestCountsSchema.optional(),
  /** A gate of a school hub: its link, and the age of its copy of the roster and policy. */
  hub: hubLinkStatusSchema.optional(),
  /** The school hub: its gates, their last contact and health. */
  gates: z.array(hubGateSchema).optional(),
  /** The school hub: passes used beyond their allowance at disconnected gates, newest first. */
  passOveruse: z.array(passOveruseSchema).optional(),
});
export type Status = z.infer<typeof statusSchema>;

/** The input of an operation that takes none. */
export const emptyInput = z.object({}).strict();

/**
 * Who may call an operation: anyone at the gate screen, anyone signed in (a guard and up), the
 * school doctor or a class teacher (`health`) or an admin, or an admin only.
 */
export type Access = 'gate' | 'guard' | 'health' | 'admin';

/** guard < health < admin: each role may do what the one before it may. */
export const roleSchema = z.enum(['guard', 'health', 'admin']);
export type Role = z.infer<typeof roleSchema>;
export const actorSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
});
export type ActorView = z.infer<typeof actorSchema>;
