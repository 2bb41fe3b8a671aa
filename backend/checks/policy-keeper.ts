// The policy in effect now, for the gate check and the screens: a version saved for a later
// moment takes over at that moment without a restart. Looked up once per change, not once per
// reading (the morning rush); it must never hand out a policy that is not in effect.
import type { Database } from 'better-sqlite3';
import type { VersionedPolicy } from './policy';
import {
  insertPolicyVersion,
  nextEffectiveAfter,
  policyInEffect,
  type NewVersion,
  type StoredPolicy,
} from './policy-store';

export interface PolicyKeeper {
  /** The version in effect now; cheap enough to call for every reading. */
  inEffect(): StoredPolicy;
  /** Adds a version and announces it if it is in effect at once. */
  save(version: NewVersion): StoredPolicy;
  /**
   * For a timer: notices a scheduled version's time coming even while nobody is checked, so
   * the gate's display follows. Never throws; a broken store shows where checks are written.
   */
  watch(): void;
  /** Looks the version up again: versions arrived from elsewhere (a gate's copy of the hub's). */
  reload(): void;
}

export interface PolicyKeeperOptions {
  db: Database;
  now: () => Date;
  /**
   * Called when the version in effect changes (a save, or a scheduled one's time came), for
   * an event to the gate screen; watch() on a timer notices the latter without a check.
   */
  onChange?: (policy: VersionedPolicy) => void;
}

interface Cached {
  policy: StoredPolicy;
  /** The version holds from its own effective time until the next one's (ms). */
  from: number;
  until: number;
}

export function createPolicyKeeper({ db, now, onChange }: PolicyKeeperOptions): PolicyKeeper {
  let cached: Cached | null = null;

  function lookUp(at: Date): Cached {
    const policy = policyInEffect(db, at);
    // applyConfigPolicy() seeds a version before the keeper is made; none is a broken store.
    if (policy === null) throw new Error('No policy version is in effect.');
    const next = nextEffectiveAfter(db, at);
    return {
      policy,
      from: Date.parse(policy.effectiveFrom),
      until: next === null ? Number.POSITIVE_INFINITY : Date.parse(next),
    };
  }

  function inEffect(): StoredPolicy {
    const at = now();
    const time = at.getTime();
    // The injected clock of a test may also go back; then it is looked up again.
    if (cached !== null && time >= cached.from && time < cached.until) return cached.policy;
    const previous = cached?.policy.version;
    cached = lookUp(at);
    if (previous !== undefined && previous !== cached.policy.version) {
      onChange?.({ version: cached.policy.version, policy: cached.policy.policy });
    }
    return cached.policy;
  }

  return {
    inEffect,
    save(version) {
      inEffect();
      const saved = insertPolicyVersion(db, version);
      // The new row may change what is in effect now or the moment the next one takes over.
      const previous = cached;
      cached = null;
      const current = inEffect();
      if (previous !== null && previous.policy.version !== current.version) {
        onChange?.({ version: current.version, policy: current.policy });
      }
      return saved;
    },
    reload() {
      const previous = cached;
      cached = null;
      const current = inEffect();
      if (previous !== null && previous.policy.version !== current.version) {
        onChange?.({ version: current.version, policy: current.policy });
      }
    },
    watch() {
      try {
        inEffect();
      } catch (error) {
        console.error('Cannot look up the policy in effect:', error);
      }
    },
  };
}
