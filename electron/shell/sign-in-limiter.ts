// Server mode's brake on guessing: sign-in attempts counted per caller address, and wrong
// sign-ins per address and account. The accounts' own lockout (five wrong tries, 15 minutes)
// stays; this must never let one address lock out everyone: it refuses that address alone, and
// stops it before its wrong tries could lock an account for the people who own it.
import { lockAfterFailures } from '../accounts/accounts';

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

export type SignInVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface SignInLimiter {
  /** Before an attempt: may this address try this account now? Counts the attempt if so. */
  admit(address: string, username: string, now?: number): SignInVerdict;
  /** After the attempt: a wrong try counts against the address and account; a right one clears. */
  settle(address: string, username: string, succeeded: boolean, now?: number): void;
}

export function createSignInLimiter(limits: SignInLimits = defaultSignInLimits): SignInLimiter {
  const attempts = new WindowCounter(limits.attemptsPerWindow, limits.windowMs);
  const failures = new WindowCounter(limits.failuresPerAccount, limits.failureWindowMs);
  const accountKey = (address: string, username: string) =>
    `${address}\n${username.trim().toLowerCase()}`;
  return {
    admit(address, username, now = Date.now()) {
      const wait = Math.max(
        attempts.waitMs(address, now),
        failures.waitMs(accountKey(address, username), now),
      );
      if (wait > 0) return { ok: false, retryAfterSeconds: Math.ceil(wait / 1000) };
      attempts.add(address, now);
      return { ok: true };
    },
    settle(address, username, succeeded, now = Date.now()) {
      const key = accountKey(address, username);
      if (succeeded) failures.clear(key);
      else failures.add(key, now);
    },
  };
}
