// The guard's retest countdowns: counted on from the backend's answer, never from the browser's
// clock against dueAt; due at zero; overdue from the backend's word or once its time has come.
import { describe, expect, it } from 'vitest';
import {
  overdueCount,
  retestWait,
  retestWaitText,
} from '../../../../renderer/components/retest-wait';

const at = '2026-03-02T00:10:00.000Z';
const waiting = { dueInSeconds: 18, overdueAt: '2026-03-02T00:25:00.000Z', overdueMinutes: null };
const due = { dueInSeconds: 0, overdueAt: '2026-03-02T00:11:00.000Z', overdueMinutes: null };
const overdue = { dueInSeconds: 0, overdueAt: '2026-03-02T00:07:00.000Z', overdueMinutes: 3 };

describe('retestWait', () => {
  it.each([
    ['as answered', waiting, 0, { state: 'waiting', seconds: 18 }],
    ['part of a second later, rounded up', waiting, 500, { state: 'waiting', seconds: 18 }],
    ['counted down locally', waiting, 10_000, { state: 'waiting', seconds: 8 }],
    ['at zero: due', waiting, 18_000, { state: 'due' }],
    [
      'a clock step backwards counts as no time',
      waiting,
      -60_000,
      { state: 'waiting', seconds: 18 },
    ],
    ['due when answered', due, 0, { state: 'due' }],
    ['due turns overdue when its time comes', due, 60_000, { state: 'overdue', minutes: 0 }],
    ['overdue as the backend said', overdue, 0, { state: 'overdue', minutes: 3 }],
    ['overdue minutes go on counting', overdue, 125_000, { state: 'overdue', minutes: 5 }],
  ] as const)('%s', (_name, retest, elapsed, expected) => {
    expect(retestWait(retest, at, elapsed)).toEqual(expected);
  });

  it('keeps the backend\u2019s word when its times cannot be read', () => {
    expect(retestWait({ ...overdue, overdueAt: 'nonsense' }, at, 0)).toEqual({
      state: 'overdue',
      minutes: 3,
    });
    expect(retestWait({ ...waiting, overdueAt: 'nonsense' }, 'nonsense', 5000)).toEqual({
      state: 'waiting',
      seconds: 13,
    });
  });
});

describe('retestWaitText', () => {
  it.each([
    [{ state: 'waiting', seconds: 18 }, 'retest.queue.wait', { seconds: '18' }],
    [{ state: 'due' }, 'retest.queue.due', {}],
    [{ state: 'overdue', minutes: 3 }, 'retest.queue.overdue', { minutes: '3' }],
    [{ state: 'overdue', minutes: 0 }, 'retest.queue.overdue-now', {}],
  ] as const)('%j', (wait, key, params) => {
    expect(retestWaitText(wait)).toEqual({ key, params });
  });
});

describe('overdueCount', () => {
  it('counts the overdue now, including those that became overdue since the answer', () => {
    expect(overdueCount([waiting, due, overdue], at, 0)).toBe(1);
    expect(overdueCount([waiting, due, overdue], at, 60_000)).toBe(2);
  });
});
