// The contract's storage shape: whether the kiosk can still record, as the gate screen and the
// status bar show it (docs/installer.md: Power loss). No node:, electron or DOM here.
import { z } from 'zod';

export const storageStateSchema = z.enum([
  /** Records are written; free space is above the warning level (or cannot be told). */
  'ok',
  /** Records are written, but the data folder's disk is nearly full. */
  'low',
  /** The disk refused a record: nothing can be recorded, the guard uses paper. */
  'full',
  /** The database refused a record for another reason: the guard uses paper too. */
  'failed',
]);
export type StorageState = z.infer<typeof storageStateSchema>;

export const storageStatusSchema = z.object({
  state: storageStateSchema,
  /** Free bytes on the data folder's disk when last sampled; null when it cannot be told. */
  freeBytes: z.number().nonnegative().nullable(),
  /** When the alarm (full, failed) began; null without one. */
  since: z.string().nullable(),
  /** What the database said, for the admin; null without an alarm. */
  detail: z.string().nullable(),
});
export type StorageStatus = z.infer<typeof storageStatusSchema>;
