// Who may call the absence register (access 'health'): the school doctor or a class teacher
// (role health) and an admin, never a guard, with words that say who may; and every call is in
// the audit log as an admin's is: a change before it runs (and again if it fails), a view
// before its answer leaves, nothing done when the log cannot be written, and of the input only
// which record and what kind of change, never the symptoms. A health account may do what a
// guard may, and nothing that is an admin's only. The handlers are stubs: this is dispatch().
import { describe, expect, it } from 'vitest';
import type { ActorView, Caller, Handlers } from '../../../contract/api';
import { type AuditRecorder, dispatch } from '../../../contract/dispatch';
import { ApiError } from '../../../contract/errors';

const actor = (id: number, role: ActorView['role']): Caller => ({
  actor: { id, username: `${role}${id}`, displayName: `${role} ${id}`, role },
  session: null,
  origin: 'test',
});
const guard = actor(1, 'guard');
const doctor = actor(2, 'health');
const admin = actor(3, 'admin');
const nobody: Caller = { actor: null, session: null, origin: 'test' };

const newAbsence = {
  personId: 7,
  cause: 'illness',
  symptoms: '发热、咳嗽',
  since: '2026-12-01',
  expectedReturn: '2026-12-04',
  note: '妈妈来电 13800138000',
};

/** Stub handlers that log what ran, and an audit recorder that logs what it was told. */
function bench(options: { auditFails?: boolean; handlerFails?: boolean } = {}) {
  const events: string[] = [];
  const records: { action: string; detail: string; view: boolean; who: string | null }[] = [];
  const handlers = {
    async absenceRegister() {
      events.push('absenceRegister ran');
      return { date: '2026-12-01' };
    },
    async openAbsence() {
      events.push('openAbsence ran');
      if (options.handlerFails) throw new ApiError('bad-input', 'already has an open absence');
      return { id: 1 };
    },
    async dutyLog() {
      events.push('dutyLog ran');
      return { current: null, recent: [] };
    },
    async listAccounts() {
      events.push('listAccounts ran');
      return [];
    },
  } as unknown as Handlers;
  const audit: AuditRecorder = (caller, action, detail, view) => {
    if (options.auditFails) throw new Error('database or disk is full');
    events.push(`audit ${action}`);
    records.push({ action, detail, view, who: caller.actor?.username ?? null });
  };
  const call = (name: string, input: unknown, caller: Caller) =>
    dispatch(handlers, name, input, caller, audit);
  return { events, records, call };
}

describe('access health', () => {
  it('refuses a guard, in words that say who may, and nobody signed in', async () => {
    const { events, call } = bench();
    for (const [name, input] of [
      ['absenceRegister', { date: '2026-12-01' }],
      ['openAbsence', newAbsence],
    ] as const) {
      expect(await call(name, input, guard)).toEqual({
        ok: false,
        error: {
          code: 'forbidden',
          message: 'Only the school doctor, a class teacher or an admin may do this.',
        },
      });
      expect(await call(name, input, nobody)).toMatchObject({
        ok: false,
        error: { code: 'unauthorized' },
      });
    }
    expect(events).toEqual([]);
  });

  it.each([
    ['the school doctor', doctor],
    ['an admin', admin],
  ])('lets %s in, and audits the view and the change', async (_who, caller) => {
    const { events, records, call } = bench();
    expect(await call('absenceRegister', { date: '2026-12-01' }, caller)).toEqual({
      ok: true,
      value: { date: '2026-12-01' },
    });
    expect(await call('openAbsence', newAbsence, caller)).toEqual({ ok: true, value: { id: 1 } });
    // A view is recorded before its answer leaves, a change before it runs.
    expect(events).toEqual([
      'absenceRegister ran',
      'audit absenceRegister',
      'audit openAbsence',
      'openAbsence ran',
    ]);
    expect(records).toEqual([
      {
        action: 'absenceRegister',
        detail: '{"date":"2026-12-01"}',
        view: true,
        who: caller.actor?.username,
      },
      {
        action: 'openAbsence',
        detail:
          '{"personId":7,"cause":"illness","since":"2026-12-01","expectedReturn":"2026-12-04"}',
        view: false,
        who: caller.actor?.username,
      },
    ]);
  });

  it('records a change that failed as failed, and does nothing it cannot record', async () => {
    const failing = bench({ handlerFails: true });
    expect(await failing.call('openAbsence', newAbsence, doctor)).toMatchObject({
      ok: false,
      error: { code: 'bad-input' },
    });
    expect(failing.records.map((record) => record.detail).at(-1)).toBe('{"failed":"bad-input"}');

    const unwritten = bench({ auditFails: true });
    expect(await unwritten.call('openAbsence', newAbsence, doctor)).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/this was not done/) },
    });
    expect(await unwritten.call('absenceRegister', { date: '2026-12-01' }, doctor)).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/nothing is shown/) },
    });
    expect(unwritten.events).toEqual(['absenceRegister ran']);
  });

  it('lets a health account do what a guard may, and nothing only an admin may', async () => {
    const { events, records, call } = bench();
    expect(await call('dutyLog', {}, doctor)).toMatchObject({ ok: true });
    expect(await call('listAccounts', {}, doctor)).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'Only an admin may do this.' },
    });
    // A guard's operation is not audited, whoever calls it.
    expect(events).toEqual(['dutyLog ran']);
    expect(records).toEqual([]);
  });
});
