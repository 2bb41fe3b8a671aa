// The one contract between the renderer and the backend: every operation, its input and its
// output, as zod schemas. The IPC bridge and the HTTP router both serve this table; nothing
// here may import node:, electron or the DOM.
import { z } from 'zod';
import { deviceSettingsSchema, relayStatusSchema, thermometerStatusSchema } from './device-schemas';
import { appointmentInputSchema, appointmentSchema } from './visitor-schemas';

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
export const missingSchema = z.enum(['identity', 'temperature', 'remeasure', 'retest-temperature']);
export type Missing = z.infer<typeof missingSchema>;

export const identitySourceSchema = z.enum(['camera', 'wedge', 'manual']);
export type IdentitySource = z.infer<typeof identitySourceSchema>;

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
});
export type CheckView = z.infer<typeof checkViewSchema>;

export * from './device-schemas';
export * from './visitor-schemas';

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
  /** off: no district configured; stopped: the district refused the credentials. */
  state: z.enum(['off', 'idle', 'sending', 'retrying', 'stopped']),
  pending: z.number().int(),
  oldestPendingAt: z.string().nullable(),
  quarantined: z.number().int(),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lastErrorCode: z
    .enum([
      'unreachable',
      'timeout',
      'server',
      'busy',
      'malformed',
      'credentials',
      'clock',
      'forbidden',
      'storage',
    ])
    .nullable(),
  nextAttemptAt: z.string().nullable(),
  report: z
    .object({
      date: z.string(),
      state: z.enum(['not-due', 'waiting', 'acknowledged']),
      dueAt: z.string(),
      deadlineAt: z.string(),
      acknowledgedAt: z.string().nullable(),
      lastError: z.string().nullable(),
      late: z.boolean(),
    })
    .nullable(),
});
export type UploadStatus = z.infer<typeof uploadStatusSchema>;

export const quarantinedBatchSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  records: z.number().int(),
  firstEntryId: z.number().int(),
  lastEntryId: z.number().int(),
  reason: z.string(),
});

export const statusSchema = z.object({
  gate: z.object({ id: z.string(), name: z.string() }),
  thermometer: thermometerStatusSchema,
  /** Null when no turnstile relay is configured. */
  relay: relayStatusSchema.nullable(),
  policy: z.object({
    version: z.number().int(),
    feverThresholdCelsius: z.number(),
  }),
  check: checkViewSchema.nullable(),
  scanner: scannerSettingsSchema,
  upload: uploadStatusSchema,
});
export type Status = z.infer<typeof statusSchema>;

const empty = z.object({}).strict();

/** Who may call an operation: anyone at the gate screen, a signed-in guard, or an admin. */
export type Access = 'gate' | 'guard' | 'admin';

export const roleSchema = z.enum(['guard', 'admin']);
export const actorSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
});
export type ActorView = z.infer<typeof actorSchema>;

const username = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[\p{L}\p{N}._-]+$/u, 'letters, digits, dots, dashes and underscores only');
const displayName = z.string().trim().min(1).max(32);

const shiftSchema = z.object({
  id: z.number().int(),
  guard: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  handoverNote: z.string().nullable(),
});

/** The operations, by name. Input is parsed at the boundary; handlers trust it. */
export const operations = {
  status: { input: empty, output: statusSchema },
  /** First run: no account exists yet, the screen asks for the first admin. */
  setupStatus: { input: empty, output: z.object({ needsFirstAdmin: z.boolean() }) },
  createFirstAdmin: {
    input: z.object({ username, displayName, password: z.string().min(8).max(200) }).strict(),
    output: actorSchema,
  },
  signIn: {
    input: z.object({ username, secret: z.string().min(1).max(200) }).strict(),
    output: z.object({ token: z.string(), actor: actorSchema, expiresAt: z.string() }),
  },
  signOut: { input: empty, output: z.object({ signedOut: z.boolean() }) },
  whoAmI: { input: empty, output: actorSchema.nullable() },
  createAccount: {
    access: 'admin',
    input: z
      .object({ username, displayName, role: roleSchema, secret: z.string().min(4).max(200) })
      .strict(),
    output: actorSchema,
  },
  listAccounts: { access: 'admin', input: empty, output: z.array(actorSchema) },
  auditLog: {
    access: 'admin',
    input: z.object({ limit: z.number().int().min(1).max(500) }).strict(),
    output: z.array(
      z.object({
        id: z.number().int(),
        at: z.string(),
        actor: z.string(),
        action: z.string(),
        detail: z.string().nullable(),
        origin: z.string().nullable(),
      }),
    ),
  },
  createAppointment: {
    access: 'admin',
    input: appointmentInputSchema,
    output: appointmentSchema,
  },
  /** Approving issues the signed pass; the approver is recorded. */
  approveAppointment: {
    access: 'admin',
    input: z.object({ id: z.string().min(1).max(40) }).strict(),
    output: appointmentSchema,
  },
  revokeAppointment: {
    access: 'admin',
    input: z
      .object({ id: z.string().min(1).max(40), reason: z.string().trim().min(1).max(200) })
      .strict(),
    output: appointmentSchema,
  },
  listAppointments: {
    access: 'admin',
    input: z.object({ limit: z.number().int().min(1).max(500) }).strict(),
    output: z.array(appointmentSchema),
  },
  /** The pass as a PNG (base64) to print or send to the visitor. */
  passImage: {
    access: 'admin',
    input: z.object({ id: z.string().min(1).max(40) }).strict(),
    output: z.object({ png: z.string(), token: z.string() }),
  },
  /** The duty log: the guard signs on at this gate, and off with a handover note. */
  startShift: { access: 'guard', input: empty, output: shiftSchema },
  endShift: {
    access: 'guard',
    input: z.object({ handoverNote: z.string().trim().max(2000) }).strict(),
    output: shiftSchema,
  },
  dutyLog: {
    input: empty,
    output: z.object({ current: shiftSchema.nullable(), recent: z.array(shiftSchema) }),
  },
  scan: {
    input: z
      .object({
        text: z.string().min(1).max(512),
        source: identitySourceSchema,
      })
      .strict(),
    output: checkViewSchema,
  },
  cancelCheck: { input: empty, output: z.object({ cancelled: z.boolean() }) },
  recentEntries: {
    input: z.object({ limit: z.number().int().min(1).max(200) }).strict(),
    output: z.array(entryViewSchema),
  },
  /**
   * A reading the guard took with a handheld or clinical thermometer and typed in: for a
   * retest, or when the device is down. It counts as one finished measurement.
   */
  manualReading: {
    input: z
      .object({
        celsius: z.number().min(30).max(45),
        guardName: z.string().trim().min(1).max(32),
        instrument: z.enum(['handheld', 'clinical']),
      })
      .strict(),
    output: checkViewSchema.nullable(),
  },
  deviceSettings: { access: 'admin', input: empty, output: deviceSettingsSchema },
  /** Writes the device settings to the config file and restarts the devices with them. */
  saveDeviceSettings: {
    access: 'admin',
    input: deviceSettingsSchema,
    output: deviceSettingsSchema,
  },
  /** Pulses the turnstile relay once, from the settings screen. */
  testRelay: {
    access: 'admin',
    input: empty,
    output: z.object({ ok: z.boolean(), error: z.string().nullable() }),
  },
  /** "Upload now": skips the backoff and clears a stop; answers the upload status. */
  uploadNow: { input: empty, output: uploadStatusSchema },
  /** Batches the district called malformed, with its reasons, for the admin. */
  quarantinedBatches: { access: 'admin', input: empty, output: z.array(quarantinedBatchSchema) },
  /** The admin sends a set-aside batch again. */
  retryBatch: {
    access: 'admin',
    input: z.object({ batchId: z.string().min(1).max(64) }).strict(),
    output: z.object({ retried: z.boolean() }),
  },
  /** Only when the simulated thermometer is in use: the guard presses "measure". */
  simulateReading: {
    input: z.object({ celsius: z.number().min(20).max(45) }).strict(),
    output: z.object({ accepted: z.boolean() }),
  },
} as const;

export type Operations = typeof operations;

/** Who may call `name`; operations without an `access` are open at the gate screen. */
export function accessOf(name: OperationName): Access {
  const operation = operations[name];
  return 'access' in operation ? operation.access : 'gate';
}
export type OperationName = keyof Operations;
export type OperationInput<N extends OperationName> = z.infer<Operations[N]['input']>;
export type OperationOutput<N extends OperationName> = z.infer<Operations[N]['output']>;

/** Who is calling, as the transport found out: the signed-in account (if any) and from where. */
export interface Caller {
  actor: ActorView | null;
  /** The session token the transport received, for signing out. */
  session: string | null;
  /** "server 127.0.0.1" or "kiosk window": the audit log's "from where". */
  origin: string | null;
}

export const anonymousCaller: Caller = { actor: null, session: null, origin: null };

export type Handlers = {
  [N in OperationName]: (input: OperationInput<N>, caller: Caller) => Promise<OperationOutput<N>>;
};

/** Events pushed from the backend (server-sent events or IPC messages). */
export const eventSchemas = {
  reading: readingSchema,
  thermometer: thermometerStatusSchema,
  relay: relayStatusSchema,
  upload: uploadStatusSchema,
  check: checkViewSchema,
  'entry-saved': entryViewSchema,
  /** Something the guard must know at once (a decision that could not be saved). */
  fault: z.object({ code: z.string(), message: z.string() }),
} as const;
export type EventName = keyof typeof eventSchemas;
export type EventPayload<N extends EventName> = z.infer<(typeof eventSchemas)[N]>;

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(operations, name);
}
