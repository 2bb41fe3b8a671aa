// The sign-in brake in server mode, with an explicit clock: attempts per address per minute,
// wrong tries per address and account kept below the account lockout, and bounded memory.
import { describe, expect, it } from 'vitest';
import { lockAfterFailures } from '../../../electron/accounts/accounts';
import { createEventTickets } from '../../../electron/shell/event-tickets';
import {
  WindowCounter,
  createSignInLimiter,
  defaultSignInLimits,
} from '../../../electron/shell/sign-in-limiter';

const t0 = 1_800_000_000_000;

describe('createSignInLimiter', () => {
  it('admits 10 attempts a minute per address, then says how long to wait', () => {
    const limiter = createSignInLimiter();
    for (let i = 0; i < 10; i++) {
      expect(limiter.admit('10.0.0.1', `user${i}`, t0 + i)).toEqual({ ok: true });
    }
    expect(limiter.admit('10.0.0.1', 'another', t0 + 1000)).toEqual({
      ok: false,
      retryAfterSeconds: 59,
    });
    // Another address is not held up by the first one.
    expect(limiter.admit('10.0.0.2', 'user0', t0 + 1000)).toEqual({ ok: true });
    // The window slides: a minute after the first attempt, one more goes through.
    expect(limiter.admit('10.0.0.1', 'another', t0 + 60_000)).toEqual({ ok: true });
  });

  it('stops an address before its wrong tries lock the account for everyone', () => {
    expect(defaultSignInLimits.failuresPerAccount).toBe(lockAfterFailures - 1);
    const limiter = createSignInLimiter();
    for (let i = 0; i < defaultSignInLimits.failuresPerAccount; i++) {
      expect(limiter.admit('10.0.0.1', 'li', t0 + i).ok).toBe(true);
      limiter.settle('10.0.0.1', 'li', false, t0 + i);
    }
    expect(limiter.admit('10.0.0.1', ' LI ', t0 + 10)).toMatchObject({ ok: false });
    expect(limiter.admit('10.0.0.1', 'wang', t0 + 10)).toEqual({ ok: true });
    expect(limiter.admit('10.0.0.9', 'li', t0 + 10)).toEqual({ ok: true });
    expect(limiter.admit('10.0.0.1', 'li', t0 + 15 * 60_000 + 10)).toEqual({ ok: true });
  });

  it('forgets the wrong tries after a right one', () => {
    const limiter = createSignInLimiter();
    for (let i = 0; i < 3; i++) limiter.settle('10.0.0.1', 'li', false, t0);
    limiter.settle('10.0.0.1', 'li', true, t0);
    limiter.settle('10.0.0.1', 'li', false, t0);
    expect(limiter.admit('10.0.0.1', 'li', t0)).toEqual({ ok: true });
  });
});

describe('WindowCounter', () => {
  it('keeps at most maxKeys keys, forgetting the oldest', () => {
    const counter = new WindowCounter(1, 60_000, 3);
    for (const key of ['a', 'b', 'c', 'd']) counter.add(key, t0);
    expect(counter.size).toBe(3);
    expect(counter.waitMs('a', t0)).toBe(0);
    expect(counter.waitMs('d', t0)).toBe(60_000);
  });

  it('keeps its memory bounded under a flood of addresses', () => {
    const counter = new WindowCounter(10, 60_000);
    for (let i = 0; i < 20_000; i++) counter.add(`k${i}`, t0);
    expect(counter.size).toBe(10_000);
  });
});

describe('createEventTickets', () => {
  it('gives one ticket per session, resolves it, and forgets it at sign-out', () => {
    const tickets = createEventTickets();
    const ticket = tickets.issue('session-a');
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(tickets.issue('session-a')).toBe(ticket);
    expect(tickets.issue('session-b')).not.toBe(ticket);
    expect(tickets.sessionOf(ticket)).toBe('session-a');
    expect(tickets.sessionOf('session-a')).toBeNull();
    tickets.revoke('session-a');
    expect(tickets.sessionOf(ticket)).toBeNull();
  });

  it('keeps at most maxTickets', () => {
    const tickets = createEventTickets(2);
    const first = tickets.issue('1');
    tickets.issue('2');
    tickets.issue('3');
    expect(tickets.sessionOf(first)).toBeNull();
  });
});
