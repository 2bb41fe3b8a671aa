// The district's settings for the admin (docs/installer.md: Upload to the district): where to
// upload and as whom. The secret is write-only: it is never answered, only whether one is set.
import { z } from 'zod';
import { emptyInput } from '../schemas';

export const districtSettingsViewSchema = z.object({
  /** Null: no district configured, entries wait on this machine. */
  url: z.string().nullable(),
  schoolId: z.string().nullable(),
  /** Null: the gate's own id is used. */
  gateId: z.string().nullable(),
  /** Whether a secret is set (shown as 已设置); the secret itself never leaves the kiosk. */
  secretSet: z.boolean(),
  /** False when the file holds settings the running uploader does not use yet (restart). */
  inEffect: z.boolean(),
});
export type DistrictSettingsView = z.infer<typeof districtSettingsViewSchema>;

/**
 * As the form sends it; each field is judged by the kiosk and every problem named at once
 * (contract/field-problems.ts). `secret` null keeps the one set before.
 */
export const districtSettingsInputSchema = z
  .object({
    url: z.string().trim().max(500),
    schoolId: z.string().trim().max(64),
    gateId: z.string().trim().max(64),
    secret: z.string().max(256).nullable(),
  })
  .strict();
export type DistrictSettingsInput = z.infer<typeof districtSettingsInputSchema>;

export const districtOperations = {
  districtSettings: {
    access: 'admin',
    view: true,
    input: emptyInput,
    output: districtSettingsViewSchema,
  },
  /** Writes the config file's `district` section; the uploader uses it after a restart. */
  saveDistrictSettings: {
    access: 'admin',
    input: districtSettingsInputSchema,
    output: districtSettingsViewSchema,
  },
} as const;
