// The gate screen's reducer: a decision shows once, a new person's check replaces it at once,
// a retest shows its countdown and frees the lane, late or stale copies never replay or resurrect
// anything, and the recent list stays newest first, unique and short.
import { describe, expect, it } from 'vitest';
import type { CheckView, EntryView, Status } from '../../../../contract/api';
import {
  gateReducer,
  initialGateState,
  recentLimit,
  type GateState,
} from '../../../../renderer/screens/gate-state';

function entry(id: number, checkId: string, decision: EntryView['decision'] = 'pass'): EntryView {
  return {
    id,
    checkId,
    at: '2025-03-03T00:00:00Z',
    direction: 'in',
    decision,
    reasons: decision === 'pass' ? ['temperature-normal'] : ['temperature-high'],
    cardText: `S${id}`,
    person: { name: `Student ${id}`, kind: 'student', className: '1-1' },
    temperatureCelsius: 36.5,
    temperatureMethod: 'device',
    measuredBy: null,
    visit: null,
    policyVersion: 1,
    followsEntryId: null,
  };
}

function check(checkId: string, overrides: Partial<CheckView> = {}): CheckView {
  return {
    checkId,
    startedAt: '2025-03-03T00:00:00Z',
    cardText: 'S1',
    person: null,
    visit: null,
    temperatureCelsius: null,
    missing: ['temperature'],
    remeasureCelsius: null,
    retestWaitSeconds: null,
    entry: null,
    ...overrides,
  };
}

const decided = (checkId: string, made: EntryView): CheckView =>
  check(checkId, { missing: [], entry: made });

function run(...actions: Parameters<typeof gateReducer>[1][]): GateState {
  return actions.reduce(gateReducer, initialGateState);
}

describe('gateReducer', () => {
  it('shows a pending check, then its decision', () => {
    const pending = run({ type: 'check', check: check('c1'), at: 1 });
    expect(pending.pending?.checkId).toBe('c1');
    const done = gateReducer(pending, {
      type: 'check',
      check: decided('c1', entry(1, 'c1')),
      at: 2,
    });
    expect(done.result?.id).toBe(1);
    expect(done.pending).toBeNull();
  });

  it("replaces a shown result at once when the next person's check arrives", () => {
    const state = run(
      { type: 'check', check: decided('c1', entry(1, 'c1')), at: 1 },
      { type: 'check', check: check('c2'), at: 2 },
    );
    expect(state.result).toBeNull();
    expect(state.pending?.checkId).toBe('c2');
  });

  it("shows a retest with the backend's countdown, then frees the screen for the next person", () => {
    const retest = entry(1, 'c1', 'retest');
    const state = run(
      { type: 'entry-saved', entry: retest },
      {
        type: 'check',
        check: check('c1', { missing: [], entry: retest, retestWaitSeconds: 30 }),
        at: 1000,
      },
    );
    expect(state.result?.id).toBe(1);
    expect(state.pending).toBeNull();
    expect(state.retestDueAt).toBe(31_000);
    const later = gateReducer(state, { type: 'result-expired', entryId: 1 });
    expect(later.result).toBeNull();
    expect(later.pending).toBeNull();
  });

  it('never puts a retest the guard ended on the screen the queue sees', () => {
    const ended: EntryView = { ...entry(2, 'c9', 'deny'), reasons: ['retest-went-home'] };
    const state = run(
      { type: 'check', check: check('c2'), at: 1 },
      { type: 'entry-saved', entry: ended },
    );
    expect(state.result).toBeNull();
    expect(state.pending?.checkId).toBe('c2');
    expect(state.recent.map((row) => row.id)).toEqual([2]);
  });

  it('does not replay a result that has expired when a copy arrives late', () => {
    const made = entry(1, 'c1');
    const state = run(
      { type: 'check', check: decided('c1', made), at: 1 },
      { type: 'result-expired', entryId: 1 },
      { type: 'entry-saved', entry: made },
      { type: 'check', check: decided('c1', made), at: 3 },
    );
    expect(state.result).toBeNull();
    expect(state.recent.map((row) => row.id)).toEqual([1]);
  });

  it('ignores a stale pending view of a check that is already decided', () => {
    const state = run(
      { type: 'check', check: decided('c1', entry(1, 'c1')), at: 1 },
      { type: 'scan-answered', check: check('c1'), at: 2 },
      { type: 'check', check: check('c1'), at: 3 },
    );
    expect(state.pending).toBeNull();
    expect(state.result?.id).toBe(1);
  });

  it('takes the answer to a scan only when events have not reported that check yet', () => {
    const fresh = run({ type: 'scan-answered', check: check('c1'), at: 1 });
    expect(fresh.pending?.checkId).toBe('c1');
    const newer = check('c1', { temperatureCelsius: 36.4, missing: ['identity'] });
    const known = run(
      { type: 'check', check: newer, at: 1 },
      { type: 'scan-answered', check: check('c1'), at: 2 },
    );
    expect(known.pending).toEqual(newer);
  });

  it('shows an entry-saved decision unless another person is already pending', () => {
    const shown = run({ type: 'entry-saved', entry: entry(1, 'c1', 'deny') });
    expect(shown.result?.decision).toBe('deny');
    const hidden = run(
      { type: 'check', check: check('c2'), at: 1 },
      { type: 'entry-saved', entry: entry(1, 'c1') },
    );
    expect(hidden.result).toBeNull();
    expect(hidden.pending?.checkId).toBe('c2');
    expect(hidden.recent).toHaveLength(1);
  });

  it("lists a visitor's exit without showing it as a pass to the person at the screen", () => {
    const exit: EntryView = { ...entry(2, 'exit-1'), direction: 'out' };
    const state = run({ type: 'entry-saved', entry: exit });
    expect(state.result).toBeNull();
    expect(state.recent.map((shown) => shown.id)).toEqual([2]);
  });

  it('shows the threshold of a policy version that took effect while the screen was open', () => {
    const state = run({ type: 'policy', policy: { version: 3, feverThresholdCelsius: 37 } });
    expect(state.policy).toEqual({ version: 3, feverThresholdCelsius: 37 });
  });

  it('keeps the recent list newest first, unique and at most the limit', () => {
    const loaded = Array.from({ length: recentLimit }, (_, index) => entry(100 - index, 'old'));
    const state = run(
      { type: 'recent-loaded', entries: loaded },
      { type: 'entry-saved', entry: entry(101, 'new') },
      { type: 'entry-saved', entry: entry(101, 'new') },
    );
    expect(state.recent).toHaveLength(recentLimit);
    expect(state.recent[0]?.id).toBe(101);
    expect(new Set(state.recent.map((row) => row.id)).size).toBe(recentLimit);
  });

  it('takes the pending check from the first status only, never over newer events', () => {
    const status: Status = {
      gate: { id: 'g1', name: 'Gate 1' },
      thermometer: {
        connected: true,
        silentSeconds: null,
        driver: 'simulated',
        mode: 'triggered',
        simulated: true,
        path: null,
        error: null,
        problem: null,
        offsetCelsius: 0,
        lastReading: { celsius: 36.6, rawCelsius: 36.6, at: '2025-03-03T00:00:00Z' },
        lastBytes: '',
        counters: { framesOk: 1, badFrames: 0, garbageBytes: 0 },
      },
      relay: null,
      policy: { version: 1, feverThresholdCelsius: 37.3 },
      scanner: {
        engine: 'pipeline',
        camera: { device: null, width: 1280, height: 720 },
        repeatSeconds: 3,
      },
      upload: {
        state: 'idle',
        pending: 0,
        oldestPendingAt: null,
        quarantined: 0,
        lastSuccessAt: null,
        lastError: null,
        lastErrorCode: null,
        clockSkewSeconds: null,
        nextAttemptAt: null,
        report: null,
      },
      check: check('c0'),
    };
    const first = run({ type: 'status-loaded', status, at: 1, includeCheck: true });
    expect(first.pending?.checkId).toBe('c0');
    expect(first.lastReading?.celsius).toBe(36.6);
    const refresh = run({ type: 'status-loaded', status, at: 1, includeCheck: false });
    expect(refresh.pending).toBeNull();
    const afterEvent = run(
      { type: 'check', check: check('c9'), at: 1 },
      { type: 'status-loaded', status, at: 2, includeCheck: true },
    );
    expect(afterEvent.pending?.checkId).toBe('c9');
  });

  it('keeps the newest reading and forgets a cancelled check', () => {
    const state = run(
      {
        type: 'reading',
        reading: { celsius: 36.8, ambientCelsius: null, at: '2025-03-03T00:00:02Z', driver: 'x' },
      },
      {
        type: 'reading',
        reading: { celsius: 35.0, ambientCelsius: null, at: '2025-03-03T00:00:01Z', driver: 'x' },
      },
      { type: 'check', check: check('c1'), at: 1 },
      { type: 'check-cancelled' },
    );
    expect(state.lastReading?.celsius).toBe(36.8);
    expect(state.pending).toBeNull();
  });
});
