// The retest step the guard takes: ending a person's retest without a second reading (went home,
// sent to the observation point, left), as an entry that follows the retest entry and names the
// guard. A retest measured again is decided like any check (gate-decision.ts).
import { randomUUID } from 'node:crypto';
import type { EntryView, RetestResolution } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import { storageErrorCode } from '../store/disk-space';
import { idleView } from './check-view';
import type { GateContext } from './gate-lane';
import { resolutionEntry } from './retest-book';

/** Refused when the retest has already ended (or never was). */
export function resolveRetest(
  context: GateContext,
  entryId: number,
  resolution: RetestResolution,
  guardName: string,
): EntryView {
  const { deps, lane } = context;
  context.expire();
  const retest = deps.retests.byId(entryId);
  if (retest === null) {
    throw new ApiError('bad-input', 'That retest has already ended (or never was).');
  }
  const now = deps.now();
  let entry: EntryView;
  try {
    entry = deps.entryLog.append(
      resolutionEntry(retest, resolution, {
        guardName,
        gateId: deps.gateId,
        policyVersion: deps.policy().version,
        checkId: randomUUID(),
        at: now,
      }),
    );
  } catch (error) {
    throw new ApiError(storageErrorCode(error), (error as Error).message);
  }
  // The person's retest check, if they were at the lane just now, is over too.
  if (lane.open?.retest?.entryId === entryId) {
    lane.open = null;
    context.publish(idleView(now));
  }
  deps.onEntry(entry);
  deps.onRetestsChanged?.();
  return entry;
}
