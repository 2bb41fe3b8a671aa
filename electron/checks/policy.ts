// The gate policy as data: thresholds, windows and who must be measured. Versioned in the
// database; every entry names the version it was decided under. No I/O here.
import { z } from 'zod';
import { personKindSchema } from '../contract/api';

/** Celsius values are kept to 0.1 °C, as the spec's threshold steps are. */
const tenth = z.number().refine((value) => Math.abs(value * 10 - Math.round(value * 10)) < 1e-9, {
  message: 'must be in steps of 0.1 °C',
});

export const policySchema = z
  .object({
    /** R3: below this is normal; at or above it the person is retested. */
    feverThresholdCelsius: tenth.min(34).max(39).default(37.3),
    /** Readings outside this range are not a person's temperature (ambient, a cup of tea). */
    plausibleMinCelsius: z.number().min(25).max(40).default(34),
    plausibleMaxCelsius: z.number().min(38).max(45).default(42.5),
    /**
     * Below this a streaming sensor sees the lane, not a person: such readings are ignored
     * and mark that the person in front has gone. Between it and the plausible range, the
     * person is asked to measure again (too far away, a cold forehead in winter).
     */
    presenceMinCelsius: z.number().min(15).max(34).default(30),
    /** A streaming sensor's readings count once this many in a row agree... */
    stableReadings: z.number().int().min(1).max(10).default(3),
    /** ...to within this much. */
    stableSpreadCelsius: z.number().min(0.1).max(1).default(0.3),
    /**
     * From the first stable run, the highest stable reading of this window counts (a forehead
     * still coming closer reads low). A person stepping away ends it sooner.
     */
    measureWindowSeconds: z.number().min(0).max(5).default(0.5),
    /** A reading taken this long before the card still counts for that person. */
    readingFreshSeconds: z.number().min(1).max(120).default(10),
    /** The person waits at least this long before the retest reading counts. */
    retestWaitSeconds: z.number().min(0).max(900).default(30),
    /** A check with a card but no temperature is dropped after this long. */
    checkTimeoutSeconds: z.number().min(5).max(600).default(30),
    // R1: everyone who enters has their temperature taken, visitors included.
    temperatureRequiredFor: z.array(personKindSchema).default(['student', 'staff', 'visitor']),
  })
  .strict()
  .refine((policy) => policy.presenceMinCelsius <= policy.plausibleMinCelsius, {
    message: 'the presence floor must not be above the plausible range',
  })
  .refine((policy) => policy.plausibleMinCelsius <= policy.feverThresholdCelsius, {
    message: 'the plausible range must not start above the fever threshold',
  })
  .refine((policy) => policy.feverThresholdCelsius < policy.plausibleMaxCelsius, {
    message: 'the plausible range must end above the fever threshold',
  });

export type Policy = z.infer<typeof policySchema>;

export interface VersionedPolicy {
  version: number;
  policy: Policy;
}

export const defaultPolicy: Policy = policySchema.parse({});

export function isPlausible(celsius: number, policy: Policy): boolean {
  return celsius >= policy.plausibleMinCelsius && celsius <= policy.plausibleMaxCelsius;
}

/**
 * At or over the threshold, compared in hundredths (the devices' resolution), so that 37.29 is
 * normal but a 37.3 that arrives as 37.29999999 after arithmetic is not.
 */
export function isFever(celsius: number, policy: Policy): boolean {
  return Math.round(celsius * 100) >= Math.round(policy.feverThresholdCelsius * 100);
}
