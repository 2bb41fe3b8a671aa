// Server mode's brake on guessing: sign-in attempts counted per caller address, and wrong
// sign-ins per address and account. The accounts' own lockout (five wrong tries, 15 minutes)
// stays; this must never let one address lock out everyone: it refuses that address alone, and
// stops it before its wrong tries could lock an account for the people who own it. Both count
// an attempt when it starts (as a wrong try until it turns out right), so attempts sent at once
// are held to the limits too; accounts are named in usernameKey's form, as sign-in names them.
import { usernameKey } from '../backend/accounts/accounts';
import { lockAfterFailures } from '../backend/accounts/sign-in';

/** Counts events per key in a sliding window, with a bounded memory. */
export class WindowCounter {
  private readonly times = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    /** Keys kept at most; the oldest is forgotten first (an address flood must not fill memory). */
    readonly maxKeys = 10_000,
  ) {}

  /** Milliseconds until `key` may go again, or 0 when it may now. */
  waitMs(key: string, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < this.limit) return 0;
    return Math.max((recent[0] ?? now) + this.windowMs - now, 1);
  }

  add(key: string, now: number): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.times.delete(key);
    this.times.set(key, recent);
    while (this.times.size > this.maxKeys) {
      const oldest = this.times.keys().next().value;
      if (oldest === undefined) break;
      this.times.delete(oldest);
    }
  }

  clear(key: string): void {
    this.times.delete(key);
  }

  /** Takes back the event counted for `key` at `at` (an attempt that was not a wrong try). */
  remove(key: string, at: number): void {
    const list = this.times.get(key);
    const index = list?.lastIndexOf(at) ?? -1;
    if (index >= 0) list?.splice(index, 1);
  }

  get size(): number {
    return this.times.size;
  }

  private recent(key: string, now: number): number[] {
    const list = (this.times.get(key) ?? []).filter((at) => at > now - this.windowMs);
    if (list.length === 0) this.times.delete(key);
    return list;
  }
}

export interface SignInLimits {
  /** Attempts per address per window (default 10 a minute). */
  attemptsPerWindow: number;
  windowMs: number;
  /** Wrong tries per address and account before the address must wait (default 4 in 15 min). */
  failuresPerAccount: number;
  failureWindowMs: number;
}

export const defaultSignInLimits: SignInLimits = {
  attemptsPerWindow: 10,
  windowMs: 60_000,
  // One less than the account lockout: a single address never trips it on its own.
  failuresPerAccount: Math.max(lockAfterFailures - 1, 1),
  failureWindowMs: 15 * 60_000,
};

/** An admitted attempt, to settle when its answer is known. */
export interface Admitted {
  ok: true;
  /**
   * `right`: the secret was right, and the address's wrong tries on the account are forgotten;
   * `wrong`: it stays counted; `neither`: no secret was checked (a refused input), taken back.
   */
  settle(outcome: 'right' | 'wrong' | 'neither'): void;
}

export type SignInVerdict = Admitted | { ok: false; retryAfterSeconds: number };

export interface SignInLimiter {
  /** Before an attempt: may this address try this account now? Counts it at once if so. */
  admit(address: string, username: string, now?: number): SignInVerdict;
}

/** Names longer than any account's are cut after normalising (they are refused anyway). */
const maxNameKey = 64;

export function createSignInLimiter(limits: SignInLimits = defaultSignInLimits): SignInLimiter {
  const attempts = new WindowCounter(limits.attemptsPerWindow, limits.windowMs);
  const failures = new WindowCounter(limits.failuresPerAccount, limits.failureWindowMs);
  return {
    admit(address, username, now = Date.now()) {
      const key = `${address}\n${usernameKey(username).slice(0, maxNameKey)}`;
      const wait = Math.max(attempts.waitMs(address, now), failures.waitMs(key, now));
      if (wait > 0) return { ok: false, retryAfterSeconds: Math.ceil(wait / 1000) };
      attempts.add(address, now);
      failures.add(key, now);
      return {
        ok: true,
        settle(outcome) {
          if (outcome === 'right') failures.clear(key);
          else if (outcome === 'neither') failures.remove(key, now);
        },
      };
    },
  };
}
