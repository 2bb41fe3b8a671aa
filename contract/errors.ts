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
  /** Too many wrong sign-ins: the account waits (`retryAfterSeconds` says how long). */
  'locked',
  /** The right secret, but an admin has disabled the account. */
  'disabled',
  /** Too many sign-in attempts from one address: it waits a minute. */
  'rate-limited',
  /** A gate of a school hub: the roster, policy, passes and accounts are changed at the hub. */
  'at-hub',
  'internal',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const apiErrorSchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    /** For `locked` and `rate-limited`: how long until a sign-in may be tried again. */
    retryAfterSeconds: z.number().int().nonnegative().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The wait an error carries (`retryAfterSeconds`), or null when it names none. */
export function retryAfterOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const seconds: unknown = Reflect.get(error, 'retryAfterSeconds');
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}
