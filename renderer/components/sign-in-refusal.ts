// Why a sign-in was refused, as a translation key and its values: a lock-out or a too-busy
// address says how many minutes remain (the kiosk's `retryAfterSeconds`), never a fixed guess.
// Pure: shared by the admin's and the guard's sign-in forms.
import { errorCodeSchema, retryAfterOf } from '../../contract/errors';

export interface Refusal {
  key: string;
  values?: { minutes: number };
}

/** Whole minutes, rounded up, so the sign-in is never tried again too early; at least one. */
export function minutesToWait(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}

/** `scope` is the form's own words for a wrong secret or a bad field (`admin` or `shift`). */
export function signInRefusal(error: unknown, scope: 'admin' | 'shift'): Refusal {
  const parsed =
    typeof error === 'object' && error !== null
      ? errorCodeSchema.safeParse(Reflect.get(error, 'code'))
      : null;
  const code = parsed?.success ? parsed.data : 'internal';
  const seconds = retryAfterOf(error);
  if ((code === 'locked' || code === 'rate-limited') && seconds !== null) {
    return { key: `accounts.sign-in.${code}`, values: { minutes: minutesToWait(seconds) } };
  }
  if (code === 'disabled') return { key: 'accounts.sign-in.disabled' };
  // A wrong secret, an unknown name and a locked account answer alike (so nobody can learn
  // which names exist): the words say both what may be wrong and how long a lock lasts.
  if (code === 'unauthorized') return { key: `signin-security.refused.${scope}` };
  if (code === 'locked' || code === 'bad-input') {
    return { key: `${scope}.error.${code}` };
  }
  return { key: `error.${code}` };
}
