// The kiosk's configuration file: which gate this is, which thermometer, policy overrides.
// A missing file means defaults (simulated thermometer); a broken file is refused in plain
// words, never half-applied.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { policySchema } from '../checks/policy';
import { scannerEngineSchema } from '../contract/api';

const thermometerSchema = z.discriminatedUnion('driver', [
  z.object({ driver: z.literal('simulated') }).strict(),
  z
    .object({
      driver: z.literal('gy906'),
      path: z.string().min(1),
      baudRate: z.number().int().positive().default(9600),
      mode: z.enum(['stream', 'query']).default('stream'),
    })
    .strict(),
]);

export const configSchema = z
  .object({
    gate: z
      .object({ id: z.string().min(1).max(64), name: z.string().min(1).max(64) })
      .strict()
      .default({ id: 'gate-1', name: '校门 1' }),
    thermometer: thermometerSchema.default({ driver: 'simulated' }),
    scanner: z
      .object({
        engine: scannerEngineSchema.default('pipeline'),
        camera: z
          .object({
            device: z.string().min(1).nullable().default(null),
            width: z.number().int().min(320).max(3840).default(1280),
            height: z.number().int().min(240).max(2160).default(720),
          })
          .strict()
          .default({ device: null, width: 1280, height: 720 }),
        repeatSeconds: z.number().min(0.5).max(60).default(3),
      })
      .strict()
      .default({
        engine: 'pipeline',
        camera: { device: null, width: 1280, height: 720 },
        repeatSeconds: 3,
      }),
    /** Overrides of the default policy; a change becomes a new policy version at start. */
    policy: policySchema.optional(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ThermometerConfig = Config['thermometer'];

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function loadConfig(file: string | undefined): Config {
  if (file === undefined) return configSchema.parse({});
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the config file ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`The config file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(`The config file ${file} is wrong:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
