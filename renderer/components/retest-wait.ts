// How long a person waiting aside for a retest still has, counted on from the backend's answer:
// the backend's seconds and times at `at`, plus the time since that answer arrived here. Never
// the browser's own clock against dueAt, which may be wrong on the kiosk. Pure, for the tests.
import type { OpenRetest } from '../../contract/api';

/** Where one waiting person stands now. */
export type RetestWait =
  { state: 'waiting'; seconds: number } | { state: 'due' } | { state: 'overdue'; minutes: number };

type Counted = Pick<OpenRetest, 'dueInSeconds' | 'overdueAt' | 'overdueMinutes'>;

/**
 * The wait of `retest` as the backend counted it at `at` (its own clock), `elapsedMs` after its
 * answer arrived. Overdue once the backend said so or its overdue time has come since.
 */
export function retestWait(retest: Counted, at: string, elapsedMs: number): RetestWait {
  const elapsed = Math.max(0, elapsedMs);
  const overdueBy = Date.parse(at) - Date.parse(retest.overdueAt) + elapsed;
  const said = retest.overdueMinutes;
  if (said !== null || overdueBy >= 0) {
    const counted = Number.isNaN(overdueBy) ? 0 : Math.floor(Math.max(0, overdueBy) / 60_000);
    return { state: 'overdue', minutes: Math.max(counted, said ?? 0) };
  }
  const seconds = Math.ceil(retest.dueInSeconds - elapsed / 1000);
  return seconds > 0 ? { state: 'waiting', seconds } : { state: 'due' };
}

/** The words for a wait: a translation key and its values. */
export function retestWaitText(wait: RetestWait): {
  key: string;
  params: Record<string, string>;
} {
  switch (wait.state) {
    case 'waiting':
      return { key: 'retest.queue.wait', params: { seconds: String(wait.seconds) } };
    case 'due':
      return { key: 'retest.queue.due', params: {} };
    case 'overdue':
      // Under a whole minute, "overdue by 0 minutes" would read as not overdue.
      return wait.minutes === 0
        ? { key: 'retest.queue.overdue-now', params: {} }
        : { key: 'retest.queue.overdue', params: { minutes: String(wait.minutes) } };
    default:
      return assertNever(wait);
  }
}

/** How many of the answer's retests are overdue `elapsedMs` after it arrived. */
export function overdueCount(retests: Counted[], at: string, elapsedMs: number): number {
  return retests.filter((retest) => retestWait(retest, at, elapsedMs).state === 'overdue').length;
}

function assertNever(value: never): never {
  throw new Error(`unexpected retest wait ${JSON.stringify(value)}`);
}
