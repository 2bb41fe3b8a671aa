// The one way a screen asks before an action that cannot be undone (an exit, closing a case,
// switching the gate's mode, ending a retest): the first tap turns the button into 确认？ for a
// few seconds, a second tap on the same button does it. Nothing is done on the first tap.
import { useCallback, useEffect, useState } from 'react';

/** A first tap waits this long for the second. */
export const confirmMs = 4_000;

/**
 * After a tap on `key` with `armed` waiting: whether to act now, and what waits next. A tap on
 * another button arms that one instead, so two taps on different buttons never act.
 */
export function confirmStep(
  armed: string | null,
  key: string,
): { act: boolean; armed: string | null } {
  return armed === key ? { act: true, armed: null } : { act: false, armed: key };
}

export interface ConfirmTap {
  /** Whether the button named `key` shows 确认？ now. */
  armed: (key: string) => boolean;
  /** A tap on the button named `key`: arms it, or runs `action` when it was armed. */
  tap: (key: string, action: () => void) => void;
  /** Forgets a waiting tap (the form changed under it). */
  disarm: () => void;
}

export function useConfirmTap(ms: number = confirmMs): ConfirmTap {
  const [waiting, setWaiting] = useState<string | null>(null);

  useEffect(() => {
    if (waiting === null) return;
    const timer = setTimeout(() => setWaiting(null), ms);
    return () => clearTimeout(timer);
  }, [waiting, ms]);

  const tap = useCallback(
    (key: string, action: () => void): void => {
      const step = confirmStep(waiting, key);
      setWaiting(step.armed);
      if (step.act) action();
    },
    [waiting],
  );
  const armed = useCallback((key: string) => waiting === key, [waiting]);
  const disarm = useCallback(() => setWaiting(null), []);
  return { armed, tap, disarm };
}
