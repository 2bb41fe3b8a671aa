// The gate policy as data: thresholds, windows and who must be measured. Versioned in the
// database; every entry names the version it was decided under. No I/O here.
import { z } from 'zod';
import { personKindSchema } from '../../contract/api';
import { questionIdSchema } from '../../contract/gate-flow-schemas';
import { policyModeSchema } from '../../contract/operations/policy-operations';
import { settableStatusSchema } from '../../contract/operations/roster-operations';

/** Celsius values are kept to 0.1 °C, as the spec's threshold steps are. */
const tenth = z.number().refine((value) => Math.abs(value * 10 - Math.round(value * 10)) < 1e-9, {
  message: 'must be in steps of 0.1 °C',
});

const kinds = z.array(personKindSchema);

/** Which checks each kind of person needs in one mode (R1 temperature, R4 health code, R2 ask). */
export const requirementsSchema = z
  .object({ temperature: kinds, healthCode: kinds, questions: kinds })
  .strict();
export type Requirements = z.infer<typeof requirementsSchema>;

/**
 * A question of the day, answered yes or no on the touch screen; "yes" is the risk answer. The
 * contract's questionViewSchema is the same question as shown; this one also trims and caps an
 * admin's words before they are saved.
 */
export const questionSchema = z
  .object({
    id: questionIdSchema,
    'zh-CN': z.string().trim().min(1).max(120),
    en: z.string().trim().min(1).max(200),
  })
  .strict();
export type Question = z.infer<typeof questionSchema>;

const everyone = ['student', 'staff', 'visitor'] as const;

// R2: 一测、二问、三登记 — symptoms, travel, contact.
const defaultQuestions: Question[] = [
  {
    id: 'symptoms',
    'zh-CN': '最近14天内您是否有发热、咳嗽等症状？',
    en: 'In the last 14 days, have you had a fever, a cough or similar symptoms?',
  },
  {
    id: 'travel',
    'zh-CN': '最近14天内您是否去过中高风险地区？',
    en: 'In the last 14 days, have you been to a medium- or high-risk area?',
  },
  {
    id: 'contact',
    'zh-CN': '最近14天内您是否接触过确诊或疑似病例？',
    en: 'In the last 14 days, have you been in contact with a confirmed or suspected case?',
  },
];

/** Old policy files and stored versions named only who is measured; that is the ordinary mode. */
function upgradeLegacy(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || !('temperatureRequiredFor' in input)) {
    return input;
  }
  const { temperatureRequiredFor, ...rest } = input as Record<string, unknown>;
  const required = (rest.required ?? {}) as Record<string, unknown>;
  const ordinary = (required.ordinary ?? {}) as Record<string, unknown>;
  return {
    ...rest,
    required: {
      // The object's default applies only when `required` is absent: an upgraded body needs
      // the epidemic mode's own default, or it would not parse at all.
      epidemic: { temperature: [...everyone], healthCode: [...everyone], questions: ['visitor'] },
      ...required,
      ordinary: {
        healthCode: [],
        questions: ['visitor'],
        ...ordinary,
        temperature: temperatureRequiredFor,
      },
    },
  };
}

const policyObjectSchema = z
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
    /**
     * A retest still open this long after the first reading is overdue: the guard's station
     * raises the alarm (R3: nobody febrile goes unaccounted).
     */
    retestCloseMinutes: z.number().int().min(1).max(240).default(10),
    /** A check with a card but no temperature is dropped after this long. */
    checkTimeoutSeconds: z.number().min(5).max(600).default(30),
    /** Ordinary days, or an epidemic (R4, R10 in force): switched here, not in code. */
    mode: policyModeSchema.default('ordinary'),
    /** Who needs which check, per mode. R1: everyone who enters is measured, visitors too. */
    required: z
      .object({ ordinary: requirementsSchema, epidemic: requirementsSchema })
      .strict()
      .default({
        ordinary: { temperature: [...everyone], healthCode: [], questions: ['visitor'] },
        epidemic: { temperature: [...everyone], healthCode: [...everyone], questions: ['visitor'] },
      }),
    questions: z.array(questionSchema).max(10).default(defaultQuestions),
    /**
     * Roster statuses that keep a person out until an admin clears them (R10): those an admin
     * sets but 'active'. ('left' is not one: the gate denies a card that left as unknown.)
     */
    blockingStatuses: z
      .array(settableStatusSchema.exclude(['active']))
      .default(['isolating', 'needs-certificate']),
    /**
     * At a gate of a school hub that cannot reach it: 'admit' lets a visitor's pass in by the
     * gate's own count of its entries (the hub flags any use beyond the allowance when the gate's
     * entries arrive); 'refuse' admits no pass until the hub is back. A kiosk without a hub
     * counts its own passes and ignores this.
     */
    passesWhileHubAway: z.enum(['admit', 'refuse']).default('admit'),
  })
  .strict();

export const policySchema = z
  .preprocess(upgradeLegacy, policyObjectSchema)
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

/** The checks in force now: the current mode's requirements. */
export function requirementsOf(policy: Policy): Requirements {
  return policy.required[policy.mode];
}

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
