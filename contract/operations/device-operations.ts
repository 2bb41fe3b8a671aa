// Devices and the upload to the district, for the settings screen and the status bar.
import { z } from 'zod';
import { emptyInput, quarantinedBatchSchema, uploadStatusSchema } from '../schemas';
import { deviceProblemSchema, deviceSettingsSchema } from '../device-schemas';

export const deviceOperations = {
  deviceSettings: { access: 'admin', view: true, input: emptyInput, output: deviceSettingsSchema },
  /** Writes the device settings to the config file and restarts the devices with them. */
  saveDeviceSettings: {
    access: 'admin',
    input: deviceSettingsSchema,
    output: deviceSettingsSchema,
  },
  /**
   * Pulses the turnstile relay once, from the settings screen. `error` is the device's own
   * words for the log; `problem` is what the screen says, in the reader's language.
   */
  testRelay: {
    access: 'admin',
    input: emptyInput,
    output: z.object({
      ok: z.boolean(),
      error: z.string().nullable(),
      problem: deviceProblemSchema.nullable(),
    }),
  },
  /** "Upload now": skips the backoff and clears a stop; answers the upload status. */
  uploadNow: { input: emptyInput, output: uploadStatusSchema },
  /** Batches the district called malformed, with its reasons, for the admin. */
  quarantinedBatches: {
    access: 'admin',
    view: true,
    input: emptyInput,
    output: z.array(quarantinedBatchSchema),
  },
  /** The admin sends a set-aside batch again. */
  retryBatch: {
    access: 'admin',
    input: z.object({ batchId: z.string().min(1).max(64) }).strict(),
    output: z.object({ retried: z.boolean() }),
  },
} as const;
