// A console page's data read from the kiosk: the value (null until it first arrives), the
// translation key of the last failure, and a way to read it again after a change. An answer
// that arrives after the page moved on (or asked again) is dropped, never shown.
import { useCallback, useEffect, useState } from 'react';
import { errorCodeOf } from '../../api/kiosk-client';

export interface Loaded<T> {
  value: T | null;
  /** `error.<code>` of the last failed read, or null. */
  problem: string | null;
  reload: () => void;
}

/** Reads `load()` now, whenever it changes (memoise it with useCallback), and on reload(). */
export function useLoaded<T>(load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ value: T | null; problem: string | null }>({
    value: null,
    problem: null,
  });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (value) => current && setState({ value, problem: null }),
      (error: unknown) =>
        current && setState((last) => ({ ...last, problem: `error.${errorCodeOf(error)}` })),
    );
    return () => {
      current = false;
    };
  }, [load, version]);
  const reload = useCallback(() => setVersion((count) => count + 1), []);
  return { ...state, reload };
}
