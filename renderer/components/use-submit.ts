// A form's or a button's submit: busy while the operation runs (so its buttons are disabled and
// a second tap does nothing), the failure handed to the form to say in its own words, and
// busy reset whatever happened. The forms differ only in what they do and what they say.
import { useCallback, useState } from 'react';

export function useSubmit(): {
  busy: boolean;
  /** Runs `operation`; a failure goes to `onFailure`, never out of here. */
  perform(operation: () => Promise<void>, onFailure: (error: unknown) => void): Promise<void>;
} {
  const [busy, setBusy] = useState(false);
  const perform = useCallback(
    async (operation: () => Promise<void>, onFailure: (error: unknown) => void) => {
      setBusy(true);
      try {
        await operation();
      } catch (error) {
        onFailure(error);
      } finally {
        setBusy(false);
      }
    },
    [],
  );
  return { busy, perform };
}
