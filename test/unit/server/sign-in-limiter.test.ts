// The sign-in brake in server mode, with an explicit clock: attempts per address per minute,
// wrong tries per address and account kept below the account lockout (counted as they start,
// the account named as sign-in names it), and bounded memory.
import { describe, expect, it } from 'vitest';
import { lockAfterFailures } from '../../../backend/accounts/sign-in';
import { createEventTickets } from '../../../server/event-tickets';
import {
  WindowCounter,
  createSignInLimiter,
  defaultSignInLimits,
} from '../../../server/sign-in-limiter';

const t0 = 1_800_000_000_000;

describe('createSignInLimiter', () => {
  it('admits 10 attempts a minute per address, then says how long to wait', () => {
    const limiter = createSignInLimiter();
    for (let i = 0; i < 10; i++) {
      expect(limiter.admit('10.0.0.1', `user${i}`, t0 + i)).toMatchObject({ ok: true });
    }
    expect(limiter.admit('10.0.0.1', 'another', t0 + 1000)).toEqual({
      ok: false,
      retryAfterSeconds: 59,
    });
    // Another address is not held up by the first one.
    expect(limiter.admit('10.0.0.2', 'user0', t0 + 1000)).toMatchObject({ ok: true });
    // The window slides: a minute after the first attempt, one more goes through.
    expect(limiter.admit('10.0.0.1', 'another', t0 + 60_000)).toMatchObject({ ok: true });
  });

  it('stops an address before its wrong tries lock the account for everyone', () => {
    expect(defaultSignInLimits.failuresPerAccount).toBe(lockAfterFailures - 1);
    const limiter = createSignInLimiter();
    for (let i = 0; i < defaultSignInLimits.failuresPerAccount; i++) {
      const verdict = limiter.admit('10.0.0.1', 'li', t0 + i);
      expect(verdict.ok).toBe(true);
      if (verdict.ok) verdict.settle('wrong');
    }
    expect(limiter.admit('10.0.0.1', ' LI ', t0 + 10)).toMatchObject({ ok: false });
    expect(limiter.admit('10.0.0.1', 'wang', t0 + 10)).toMatchObject({ ok: true });
    expect(limiter.admit('10.0.0.9', 'li', t0 + 10)).toMatchObject({ ok: true });
    expect(limiter.admit('10.0.0.1', 'li', t0 + 15 * 60_000 + 10)).toMatchObject({ ok: true });
  });

  it('counts an attempt as a wrong try when it starts, before its answer is known', () => {
    const limiter = createSignInLimiter();
    // Sent at once: none has an answer yet, and only four are let through.
    const verdicts = Array.from({ length: 10 }, (_, i) => limiter.admit('10.0.0.1', 'li', t0 + i));
    expect(verdicts.map((verdict) => verdict.ok)).toEqual([
      ...Array<boolean>(defaultSignInLimits.failuresPerAccount).fill(true),
      ...Array<boolean>(10 - defaultSignInLimits.failuresPerAccount).fill(false),
    ]);
  });

  it('counts the account by the name sign-in uses: spaces, width and case aside', () => {
    const limiter = createSignInLimiter();
    const names = ['admin', `${' '.repeat(60)}admin`, 'ADMIN', 'ａｄｍｉｎ'];
    for (const [i, name] of names.entries()) {
      expect(limiter.admit('10.0.0.1', name, t0 + i).ok, name).toBe(i < 4);
    }
    expect(limiter.admit('10.0.0.1', `${' '.repeat(60)}admin`, t0 + 10)).toMatchObject({
      ok: false,
    });
  });

  it('forgets the wrong tries after a right one, and takes back an attempt that checked nothing', () => {
    const limiter = createSignInLimiter();
    const settle = (outcome: 'right' | 'wrong' | 'neither', at: number) => {
      const verdict = limiter.admit('10.0.0.1', 'li', at);
      if (!verdict.ok) throw new Error('refused');
      verdict.settle(outcome);
    };
    for (let i = 0; i < 3; i++) settle('wrong', t0 + i);
    settle('right', t0 + 3);
    for (let i = 0; i < 3; i++) settle('wrong', t0 + 4 + i);
    settle('neither', t0 + 7);
    expect(limiter.admit('10.0.0.1', 'li', t0 + 8)).toMatchObject({ ok: true });
    expect(limiter.admit('10.0.0.1', 'li', t0 + 9)).toMatchObject({ ok: false });
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
