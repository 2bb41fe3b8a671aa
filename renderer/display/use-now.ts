// The window's clock for countdowns on screen (a retest's wait, the guard's waiting list),
// ticking twice a second only while one is shown, or as seldom as asked (an age in minutes).
// The counts themselves come from the backend; this only moves them on between its answers.
import { useEffect, useState } from 'react';

export function useNow(active: boolean, everyMs = 500): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const tick = (): void => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, everyMs);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [active, everyMs]);
  return now;
}
