// The one contract between the renderer and the backend: every operation, its input and its
// output, as zod schemas. The IPC bridge and the HTTP router both serve this table; nothing
// here may import node:, electron or the DOM.
import { z } from 'zod';

export const decisionSchema = z.enum(['pass', 'deny', 'retest', 'refer']);
export type Decision = z.infer<typeof decisionSchema>;

export const personKindSchema = z.enum(['student', 'staff']);
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
]);
export type ReasonCode = z.infer<typeof reasonCodeSchema>;

/** What a pending check still waits for; each has a translation `missing.<code>`. */
export const missingSchema = z.enum(['identity', 'temperature', 'retest-temperature']);
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
  temperatureCelsius: z.number().nullable(),
  missing: z.array(missingSchema),
  /** Seconds the person must still wait before the retest reading counts. */
  retestWaitSeconds: z.number().nullable(),
  entry: entryViewSchema.nullable(),
});
export type CheckView = z.infer<typeof checkViewSchema>;

export const thermometerStatusSchema = z.object({
  connected: z.boolean(),
  driver: z.string(),
  simulated: z.boolean(),
  path: z.string().nullable(),
  error: z.string().nullable(),
  lastReading: z.object({ celsius: z.number(), at: z.string() }).nullable(),
});
export type ThermometerStatus = z.infer<typeof thermometerStatusSchema>;

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

export const statusSchema = z.object({
  gate: z.object({ id: z.string(), name: z.string() }),
  thermometer: thermometerStatusSchema,
  policy: z.object({
    version: z.number().int(),
    feverThresholdCelsius: z.number(),
  }),
  check: checkViewSchema.nullable(),
  scanner: scannerSettingsSchema,
});
export type Status = z.infer<typeof statusSchema>;

const empty = z.object({}).strict();

/** The operations, by name. Input is parsed at the boundary; handlers trust it. */
export const operations = {
  status: { input: empty, output: statusSchema },
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
  /** Only when the simulated thermometer is in use: the guard presses "measure". */
  simulateReading: {
    input: z.object({ celsius: z.number().min(20).max(45) }).strict(),
    output: z.object({ accepted: z.boolean() }),
  },
} as const;

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export type OperationInput<N extends OperationName> = z.infer<Operations[N]['input']>;
export type OperationOutput<N extends OperationName> = z.infer<Operations[N]['output']>;

export type Handlers = {
  [N in OperationName]: (input: OperationInput<N>) => Promise<OperationOutput<N>>;
};

/** Events pushed from the backend (server-sent events or IPC messages). */
export const eventSchemas = {
  reading: readingSchema,
  thermometer: thermometerStatusSchema,
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
