// What the guard's courier and walk-in forms say after a call: a translation key, its values,
// and whether it is a problem. A failure becomes words, never a raw code; "unauthorized" means
// nobody is signed in on this screen, which the guard can fix.
import { errorCodeOf } from '../api/kiosk-client';

export interface DeskNote {
  key: string;
  values?: Record<string, string>;
  bad: boolean;
}

export function noteForFailure(error: unknown): DeskNote {
  const code = errorCodeOf(error);
  if (code === 'unauthorized' || code === 'forbidden') {
    return { key: 'visitor-desk.sign-in-first', bad: true };
  }
  return { key: `error.${code}`, bad: true };
}

/** The values of a form's named fields, trimmed. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  new FormData(form).forEach((value, name) => {
    values[name] = typeof value === 'string' ? value.trim() : '';
  });
  return values;
}
