// The kiosk's configuration file: which gate this is, which thermometer, policy overrides.
// A missing file means defaults (simulated thermometer); a broken file is refused in plain
// words, never half-applied.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { createThermometerProtocol } from '../../native/thermometer/protocols-by-name';
import { policySchema } from '../checks/policy';
import {
  deviceSettingsSchema,
  relaySettingsSchema,
  scannerEngineSchema,
  thermometerSettingsSchema,
  type DeviceSettings,
} from '../../contract/api';
import {
  defaultHealthCodePatterns,
  healthCodePatternsSchema,
  type HealthCodePattern,
} from '../health-code/health-code-patterns';
import { writeFileAtomically } from '../store/atomic-file';
import { defaultServerSettings, serverSettingsSchema } from './server-settings';

/** The settings schema, plus: an ASCII pattern must be a regular expression that compiles. */
const thermometerSchema = thermometerSettingsSchema.superRefine((settings, context) => {
  if (settings.driver !== 'ascii') return;
  try {
    createThermometerProtocol({
      driver: 'ascii',
      pattern: settings.pattern,
      query: settings.query,
    });
  } catch (error) {
    context.addIssue({ code: 'custom', path: ['pattern'], message: (error as Error).message });
  }
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM');

export const configSchema = z
  .object({
    gate: z
      .object({ id: z.string().min(1).max(64), name: z.string().min(1).max(64) })
      .strict()
      .default({ id: 'gate-1', name: '校门 1' }),
    /** The school, as the printed log and the visitor's pass name it; absent: not printed. */
    school: z
      .object({ name: z.string().trim().min(1).max(64) })
      .strict()
      .optional(),
    thermometer: thermometerSchema.default({ driver: 'simulated' }),
    /** The turnstile relay, pulsed on pass; absent or null: no turnstile. */
    relay: relaySettingsSchema.default(null),
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
    /** Where and as whom to upload (docs/district-protocol.md); absent: entries wait. */
    district: z
      .object({
        url: z.url({ protocol: /^https?$/ }),
        schoolId: z.string().min(1).max(64),
        /** Default: the gate's own id. */
        gateId: z.string().min(1).max(64).optional(),
        secret: z.string().min(16, 'the secret must be at least 16 characters').max(256),
        timeoutSeconds: z.number().min(1).max(300).default(30),
        /** HH:MM Beijing time: when the daily report is made and sent, and its deadline. */
        reportAt: hhmm.default('16:30'),
        reportDeadline: hhmm.default('17:30'),
        /**
         * How long a record may wait for others to share its batch (rush hour: one request for
         * many checks); 0 sends each as soon as it is written.
         */
        batchMaxWaitSeconds: z.number().min(0).max(300).default(10),
        /** A stopped upload (wrong address, secret or clock) tries again by itself this often. */
        stoppedRetrySeconds: z.number().min(1).max(3600).default(300),
        /**
         * A PEM file of CA certificates trusted for the district besides the system's (a
         * district with a private CA); relative to the config file's folder.
         */
        caFile: z.string().min(1).optional(),
        /**
         * The district's public keys: base64 SHA-256 of a certificate's SubjectPublicKeyInfo,
         * as HPKP's pin-sha256. When set, one key of the district's chain must match.
         */
        publicKeyPins: z
          .array(z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'a pin is the base64 SHA-256 of a key'))
          .min(1)
          .optional(),
      })
      .strict()
      .optional(),
    /**
     * Health codes (docs/guard.md: Questions, health code and statuses). `patterns` recognise a
     * code's text per platform (backend/health-code/health-code-patterns.ts). `url` is the online
     * verifier; absent: the guard confirms the colour on the phone. HTTPS, or http on this
     * machine for tests.
     */
    healthCode: z
      .object({
        url: z
          .url({ protocol: /^https?$/ })
          .refine(isHttpsOrLoopback, {
            message: 'the health-code verifier must be https (http only on 127.0.0.1/localhost)',
          })
          .optional(),
        timeoutSeconds: z.number().min(1).max(30).default(5),
        patterns: healthCodePatternsSchema.default(copyOfDefaultPatterns),
      })
      .strict()
      .default(() => ({ timeoutSeconds: 5, patterns: copyOfDefaultPatterns() })),
    /** Overrides of the default policy; a change becomes a new policy version at start. */
    policy: policySchema.optional(),
    /**
     * How long personal fields stay in the entry log (docs/admin.md "Retention"): older entries,
     * once uploaded (or at once when no district is configured), keep only their counts.
     */
    retention: z
      .object({ days: z.number().int().min(1).max(3650).default(30) })
      .strict()
      .default({ days: 30 }),
    /** Server mode's address (backend/config/server-settings.ts); loopback unless allowLan. */
    server: serverSettingsSchema.default(defaultServerSettings),
    /**
     * This gate's school hub (docs/school-hub.md), as `npm run hub:enroll` prints it: the gate
     * then takes the roster, policy, passes and accounts from the hub and sends it its records.
     */
    hub: z
      .object({
        url: z.url({ protocol: /^https?$/ }),
        gateId: z.string().min(1).max(64),
        secret: z.string().min(16, 'the secret must be at least 16 characters').max(256),
        hubId: z.string().min(1).max(64).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((config, context) => {
    if (config.hub !== undefined && config.hub.gateId !== config.gate.id) {
      context.addIssue({
        code: 'custom',
        path: ['hub', 'gateId'],
        message: `the hub enrolled gate "${config.hub.gateId}" but gate.id is "${config.gate.id}"`,
      });
    }
  });

export type Config = z.infer<typeof configSchema>;

/** The default patterns, copied, so no config shares (and could change) the module's list. */
function copyOfDefaultPatterns(): HealthCodePattern[] {
  return defaultHealthCodePatterns.map((pattern) => ({ ...pattern }));
}

/** Health data travels encrypted; plain http only to a verifier on this same machine. */
function isHttpsOrLoopback(url: string): boolean {
  // zod runs this refinement even when the url check has already failed; `new URL` would then
  // throw out of loadConfig instead of a ConfigError (test/unit/fuzz/config-files.test.ts).
  if (!URL.canParse(url)) return true;
  const { protocol, hostname } = new URL(url);
  return protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
}

/** Checks device settings as the config file would, without a file: for the settings screen. */
export function parseDeviceSettings(settings: DeviceSettings): DeviceSettings {
  const parsed = deviceSettingsSchema.extend({ thermometer: thermometerSchema });
  const result = parsed.safeParse(settings);
  if (!result.success) throw new ConfigError(z.prettifyError(result.error));
  return result.data;
}

/** Writes the device settings into the config file (writeConfigSections, below). */
export function saveDeviceSettings(file: string, settings: DeviceSettings): void {
  writeConfigSections(file, { thermometer: settings.thermometer, relay: settings.relay });
}

export type DistrictConfig = NonNullable<Config['district']>;

/**
 * Writes the district section (where and as whom to upload), keeping its other settings (the
 * timeout, the report times) and everything else in the file, atomically as above.
 */
export function saveDistrictSettings(
  file: string,
  district: Pick<DistrictConfig, 'url' | 'schoolId' | 'gateId' | 'secret'>,
): void {
  const before = readConfigObject(file).district;
  const kept = typeof before === 'object' && before !== null ? before : {};
  writeConfigSections(file, { district: { ...kept, ...district } });
}

/** The config file as a plain object: {} when it does not exist yet. */
function readConfigObject(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(`Cannot read the config file ${file}: ${(error as Error).message}`);
  }
  const json: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
  return typeof json === 'object' && json !== null && !Array.isArray(json)
    ? (json as Record<string, unknown>)
    : {};
}

/**
 * Replaces whole sections of the config file, keeping everything else in it as it was, and only
 * when the result is a valid config. Written to a temporary file, flushed and renamed over the
 * old one, so a power cut leaves either the old file or the new one, never half of each.
 */
function writeConfigSections(file: string, sections: Record<string, unknown>): void {
  const next = { ...readConfigObject(file), ...sections };
  const parsed = configSchema.safeParse(next);
  if (!parsed.success) throw new ConfigError(z.prettifyError(parsed.error));
  try {
    writeFileAtomically(file, `${JSON.stringify(next, null, 2)}\n`);
  } catch (error) {
    // A full disk or a read-only folder: the old file stays as it was, and no debris.
    throw new ConfigError(`Cannot write the config file ${file}: ${(error as Error).message}`);
  }
}

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
    // Notepad on older Windows saves UTF-8 with a byte-order mark; it is not part of the JSON.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError(`The config file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(`The config file ${file} is wrong:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
