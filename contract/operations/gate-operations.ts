// The gate screen's operations: status, scans, readings, the recent checks.
import { z } from 'zod';
import {
  checkViewSchema,
  emptyInput,
  entryViewSchema,
  scanSourceSchema,
  statusSchema,
} from '../schemas';

/**
 * Longest scan accepted: a visitor's pass may be up to 2048 characters (maxPassLength in
 * backend/visitors/pass-token.ts), and one for a visitor, host and area with long Chinese
 * names is over 800. 512 refused such passes (test/integration/fuzz/scan-and-imports.test.ts).
 */
export const maxScanLength = 2048;

export const gateOperations = {
  status: { input: emptyInput, output: statusSchema },
  scan: {
    input: z
      .object({
        text: z.string().min(1).max(maxScanLength),
        source: scanSourceSchema,
      })
      .strict(),
    output: checkViewSchema,
  },
  cancelCheck: { input: emptyInput, output: z.object({ cancelled: z.boolean() }) },
  recentEntries: {
    input: z.object({ limit: z.number().int().min(1).max(200) }).strict(),
    output: z.array(entryViewSchema),
  },
  /**
   * A reading the guard took with a handheld or clinical thermometer and typed in: for a
   * retest, or when the device is down. It counts as one finished measurement. The entry
   * names the guard signed in at the gate; `guardName` is needed only when nobody is.
   */
  manualReading: {
    input: z
      .object({
        celsius: z.number().min(30).max(45),
        guardName: z.string().trim().min(1).max(32).optional(),
        instrument: z.enum(['handheld', 'clinical']),
      })
      .strict(),
    output: checkViewSchema.nullable(),
  },
  /** Only when the simulated thermometer is in use: the guard presses "measure". */
  simulateReading: {
    input: z.object({ celsius: z.number().min(20).max(45) }).strict(),
    output: z.object({ accepted: z.boolean() }),
  },
} as const;
