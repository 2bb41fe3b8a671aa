// Errors that cross the boundary as values: a code the renderer translates (`error.<code>`)
// and a plain detail for the log. Never a stack trace, never a crash.
import { z } from 'zod';

export const errorCodeSchema = z.enum([
  'bad-input',
  'unknown-operation',
  'unavailable',
  'storage-failed',
  /** The disk is full: the check was not recorded, the guard uses paper. */
  'storage-full',
  /** The turnstile relay did not open on a pass (the entry is saved). */
  'relay-failed',
  /** Not signed in, or the sign-in was wrong. */
  'unauthorized',
  /** Signed in, but this role may not do it. */
  'forbidden',
  /** Too many wrong sign-ins: the account waits. */
  'locked',
  /** Too many sign-in attempts from one address: it waits a minute. */
  'rate-limited',
  'internal',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const apiErrorSchema = z.object({
  error: z.object({ code: errorCodeSchema, message: z.string() }),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
