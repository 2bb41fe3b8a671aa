// The policy screen: the version in effect, the versions saved, and saving a new one with an
// effective time. The body crosses as plain data and is parsed by the backend's policySchema
// (the one definition of the rules); nothing here may import the backend.
import { z } from 'zod';
import { emptyInput } from '../schemas';

/** A whole policy as the backend stores it; the backend checks every rule before saving. */
export const policyBodySchema = z.record(z.string(), z.unknown());

export const policyModeSchema = z.enum(['ordinary', 'epidemic']);

export const policyVersionSchema = z.object({
  version: z.number().int(),
  effectiveFrom: z.string(),
  savedAt: z.string(),
  /** config: the config file at start; screen: an admin here; upgrade: rules added since. */
  source: z.enum(['config', 'screen', 'upgrade']),
  savedBy: z.string().nullable(),
  /** in effect now, scheduled for later, or replaced. */
  state: z.enum(['in-effect', 'scheduled', 'earlier']),
  feverThresholdCelsius: z.number(),
  mode: policyModeSchema,
});
export type PolicyVersionView = z.infer<typeof policyVersionSchema>;

/** Pushed when the version in effect changes, so the gate's threshold display follows. */
export const policyEventSchema = z.object({
  version: z.number().int(),
  feverThresholdCelsius: z.number(),
  mode: policyModeSchema,
});

export const policyOperations = {
  currentPolicy: {
    access: 'admin',
    view: true,
    input: emptyInput,
    output: policyVersionSchema.extend({ body: policyBodySchema }),
  },
  policyVersions: {
    access: 'admin',
    view: true,
    input: z.object({ limit: z.number().int().min(1).max(200) }).strict(),
    output: z.array(policyVersionSchema),
  },
  /** A new version; `effectiveFrom` null is now, else a moment not in the past. */
  savePolicy: {
    access: 'admin',
    input: z
      .object({
        policy: policyBodySchema,
        effectiveFrom: z.iso.datetime({ offset: true }).nullable(),
      })
      .strict(),
    output: policyVersionSchema,
  },
} as const;
