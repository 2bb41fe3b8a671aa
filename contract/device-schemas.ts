// The contract's device shapes: the thermometer's and the relay's status as the screen shows
// them, and the device settings as the settings screen edits them (the config file's shape).
import { z } from 'zod';

/** The kind of trouble behind a device's error, for the screen to say in the guard's words. */
export const deviceProblemSchema = z.enum([
  'missing',
  'busy',
  'permission',
  'unplugged',
  'no-answer',
  'settings',
  'other',
]);

export const thermometerStatusSchema = z.object({
  connected: z.boolean(),
  /** Connected, but the device has sent nothing for this many seconds (null: it has). */
  silentSeconds: z.number().int().nullable(),
  driver: z.string(),
  mode: z.enum(['stream', 'query', 'triggered']),
  simulated: z.boolean(),
  path: z.string().nullable(),
  error: z.string().nullable(),
  problem: deviceProblemSchema.nullable(),
  offsetCelsius: z.number(),
  lastReading: z.object({ celsius: z.number(), rawCelsius: z.number(), at: z.string() }).nullable(),
  /** The last bytes received, hex, for the settings screen. */
  lastBytes: z.string(),
  counters: z.object({
    framesOk: z.number().int(),
    badFrames: z.number().int(),
    garbageBytes: z.number().int(),
  }),
});
export type ThermometerStatus = z.infer<typeof thermometerStatusSchema>;

export const relayStatusSchema = z.object({
  driver: z.enum(['lcus1', 'modbus']),
  path: z.string(),
  connected: z.boolean(),
  error: z.string().nullable(),
  problem: deviceProblemSchema.nullable(),
  lastPulseAt: z.string().nullable(),
  lastResult: z.enum(['ok', 'failed']).nullable(),
});
export type RelayStatus = z.infer<typeof relayStatusSchema>;

/** The device part of the config file, as the settings screen edits it. */
export const thermometerSettingsSchema = z.discriminatedUnion('driver', [
  z.object({ driver: z.literal('simulated') }).strict(),
  z
    .object({
      driver: z.literal('gy906'),
      path: z.string().min(1).max(256),
      baudRate: z.number().int().positive().default(9600),
      mode: z.enum(['stream', 'query', 'triggered']).default('stream'),
      /** 10: the variant that ends each frame with a module ID byte. */
      frameLength: z.union([z.literal(9), z.literal(10)]).default(9),
      offsetCelsius: z.number().min(-3).max(3).default(0),
      noDataSeconds: z.number().int().min(1).max(600).default(5),
    })
    .strict(),
  z
    .object({
      driver: z.literal('heimann'),
      path: z.string().min(1).max(256),
      baudRate: z.number().int().positive().default(115200),
      mode: z.enum(['stream', 'triggered']).default('stream'),
      offsetCelsius: z.number().min(-3).max(3).default(0),
      noDataSeconds: z.number().int().min(1).max(600).default(5),
    })
    .strict(),
  z
    .object({
      driver: z.literal('ascii'),
      path: z.string().min(1).max(256),
      baudRate: z.number().int().positive().default(9600),
      mode: z.enum(['stream', 'query', 'triggered']).default('stream'),
      /** A regular expression; its first group (or the whole match) is the number. */
      pattern: z.string().min(1).max(200).optional(),
      /** Text sent every half second in query mode, e.g. "READ\r\n". */
      query: z.string().min(1).max(64).optional(),
      offsetCelsius: z.number().min(-3).max(3).default(0),
      noDataSeconds: z.number().int().min(1).max(600).default(5),
    })
    .strict(),
]);
export type ThermometerSettings = z.infer<typeof thermometerSettingsSchema>;

export const relaySettingsSchema = z
  .discriminatedUnion('driver', [
    z
      .object({
        driver: z.literal('lcus1'),
        path: z.string().min(1).max(256),
        baudRate: z.number().int().positive().default(9600),
        channel: z.number().int().min(1).max(8).default(1),
        pulseMs: z.number().int().min(50).max(10000).default(500),
      })
      .strict(),
    z
      .object({
        driver: z.literal('modbus'),
        path: z.string().min(1).max(256),
        baudRate: z.number().int().positive().default(9600),
        address: z.number().int().min(1).max(247).default(1),
        coil: z.number().int().min(0).max(65535).default(0),
        pulseMs: z.number().int().min(50).max(10000).default(500),
      })
      .strict(),
  ])
  .nullable();
export type RelaySettings = z.infer<typeof relaySettingsSchema>;

export const deviceSettingsSchema = z
  .object({ thermometer: thermometerSettingsSchema, relay: relaySettingsSchema })
  .strict();
export type DeviceSettings = z.infer<typeof deviceSettingsSchema>;
