// The guard's side of the retests: who is waiting (with the backend's countdowns), ending a
// retest with a reason, a check started from a lookup, and the counts the screens are told of
// when they change (a new retest, one ended, one overdue). The guard's name comes from the
// signed-in account, never from the request.
import type { Database } from 'better-sqlite3';
import type { Handlers, RetestCounts } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import { storedPersonById } from '../roster/roster-people';
import type { GateCheck } from './gate-check';
import type { Policy } from './policy';
import { openRetestView, retestCounts, type RetestBook } from './retest-book';

export interface RetestWatchOptions {
  retests: Pick<RetestBook, 'open'>;
  policy: () => Policy;
  now: () => Date;
  onChange: (counts: RetestCounts) => void;
}

/** Counts of people waiting and overdue; `refresh` tells the screens only when they changed. */
export function createRetestWatch(options: RetestWatchOptions) {
  let last: RetestCounts | null = null;
  function counts(): RetestCounts {
    return retestCounts(options.retests.open(), options.policy(), options.now());
  }
  return {
    counts,
    refresh(): void {
      const current = counts();
      if (last?.waiting === current.waiting && last.overdue === current.overdue) return;
      last = current;
      options.onChange(current);
    },
  };
}

export interface RetestHandlerDeps {
  db: Database;
  gateCheck: Pick<GateCheck, 'lookup' | 'resolveRetest'>;
  retests: Pick<RetestBook, 'open'>;
  policy: () => Policy;
  now: () => Date;
}

export function retestHandlers(
  deps: RetestHandlerDeps,
): Pick<Handlers, 'openRetests' | 'resolveRetest' | 'lookupCheck'> {
  function guardName(caller: Parameters<Handlers['openRetests']>[1]): string {
    if (!caller.actor) throw new ApiError('unauthorized', 'Sign in as a guard first.');
    return caller.actor.displayName;
  }
  return {
    async openRetests() {
      const now = deps.now();
      const policy = deps.policy();
      return {
        at: now.toISOString(),
        retests: deps.retests.open().map((retest) => openRetestView(retest, policy, now)),
      };
    },
    async resolveRetest({ entryId, resolution }, caller) {
      return deps.gateCheck.resolveRetest(entryId, resolution, guardName(caller));
    },
    async lookupCheck({ personId }, caller) {
      const name = guardName(caller);
      // The ID number stays sealed: the check carries it to the entry as the roster stores it.
      const person = storedPersonById(deps.db, personId);
      if (person === null) throw new ApiError('bad-input', 'No one on the roster has that id.');
      return deps.gateCheck.lookup(person, person.card, name);
    },
  };
}
