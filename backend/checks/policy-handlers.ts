// The contract's policy operations: the version in effect, the history, and saving a new
// version. A save is checked in full by policySchema and never edits or replaces a version.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { Handlers } from '../../contract/api';
import { ApiError } from '../../contract/errors';
import type { PolicyVersionView } from '../../contract/operations/policy-operations';
import { policySchema } from './policy';
import type { PolicyKeeper } from './policy-keeper';
import { listPolicyVersions, type StoredPolicy } from './policy-store';

type PolicyOperation = 'currentPolicy' | 'policyVersions' | 'savePolicy';

/** An office PC's clock a little behind the kiosk's is not "in the past". */
const pastToleranceMs = 60_000;

export function policyHandlers(
  db: Database,
  keeper: PolicyKeeper,
  now: () => Date,
): Pick<Handlers, PolicyOperation> {
  const view = (version: StoredPolicy): PolicyVersionView => {
    const current = keeper.inEffect().version;
    const scheduled = Date.parse(version.effectiveFrom) > now().getTime();
    return {
      version: version.version,
      effectiveFrom: version.effectiveFrom,
      savedAt: version.savedAt,
      source: version.source,
      savedBy: version.savedBy,
      state: version.version === current ? 'in-effect' : scheduled ? 'scheduled' : 'earlier',
      feverThresholdCelsius: version.policy.feverThresholdCelsius,
      mode: version.policy.mode,
    };
  };

  return {
    async currentPolicy() {
      const current = keeper.inEffect();
      return { ...view(current), body: current.policy };
    },
    async policyVersions({ limit }) {
      return listPolicyVersions(db, limit).map(view);
    },
    async savePolicy({ policy, effectiveFrom }, caller) {
      const parsed = policySchema.safeParse(policy);
      if (!parsed.success) {
        throw new ApiError(
          'bad-input',
          `The policy was not saved: ${z.prettifyError(parsed.error)}`,
        );
      }
      const at = now();
      const wanted = effectiveFrom === null ? at : new Date(effectiveFrom);
      if (wanted.getTime() < at.getTime() - pastToleranceMs) {
        throw new ApiError('bad-input', 'The policy was not saved: its effective time is past.');
      }
      const saved = keeper.save({
        policy: parsed.data,
        // A moment just past counts as now: an earlier time would rank below the version in
        // effect and never take over.
        effectiveFrom: wanted.getTime() < at.getTime() ? at : wanted,
        savedAt: at,
        source: 'screen',
        savedBy: caller.actor ? `${caller.actor.displayName} (${caller.actor.username})` : null,
      });
      return view(saved);
    },
  };
}
