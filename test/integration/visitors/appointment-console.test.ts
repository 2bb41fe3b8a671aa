// What the console's appointments page and the guard's corner rely on, through dispatch on a
// real database with an injected clock: every refused field named as `<field>: <problem>; …`
// (so the form can show each beside its field), the list's state (expired once the window is over) and
// entries used/allowed, and a manual reading that names the guard signed in at the gate.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppointmentView, Caller, CheckView } from '../../../contract/api';
import { dispatch } from '../../../contract/dispatch';
import { createKiosk, type Kiosk } from '../../../backend/kiosk';
import { openFieldCipherForCli } from '../../../backend/privacy/data-key';
import { openDatabase } from '../../../backend/store/database';
import { createAppointments } from '../../../backend/visitors/appointments';
import { loadOrCreateSchoolKeys } from '../../../backend/visitors/school-keys';

let dir: string;
let kiosk: Kiosk;
let clock: Date;

const admin: Caller = {
  actor: { id: 1, username: 'li', displayName: '李老师', role: 'admin' },
  session: null,
  origin: 'console',
};
const guard: Caller = {
  actor: { id: 2, username: 'wang', displayName: '王师傅', role: 'guard' },
  session: null,
  origin: 'kiosk window',
};
const nobody: Caller = { actor: null, session: null, origin: 'kiosk window' };

beforeEach(async () => {
  clock = new Date('2026-11-23T00:00:00.000Z');
  dir = await mkdtemp(path.join(tmpdir(), 'kiosk-appointment-console-'));
  await writeFile(path.join(dir, 'config.json'), '{}');
  kiosk = await createKiosk({
    dataDir: dir,
    configFile: path.join(dir, 'config.json'),
    now: () => clock,
  });
  // The approver must exist: the list names them from the accounts table.
  await dispatch(kiosk.handlers, 'createFirstAdmin', {
    username: 'li',
    displayName: '李老师',
    password: 'correct horse',
  });
});

afterEach(async () => {
  await kiosk.close();
  await rm(dir, { recursive: true, force: true });
});

async function call(name: string, input: unknown, caller: Caller = admin) {
  return dispatch(kiosk.handlers, name, input, caller, kiosk.audit);
}

async function value<T>(name: string, input: unknown, caller: Caller = admin): Promise<T> {
  const result = await call(name, input, caller);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

const visit = {
  visitorName: '张伟',
  documentType: 'resident-id',
  documentNumber: '11010519491231002X',
  phone: '138 0013 8000',
  host: '王老师',
  reason: '家长会',
  area: '教学楼A座',
  vehiclePlate: '京A12345',
  validFrom: '2026-11-23T00:00:00.000Z',
  validTo: '2026-11-23T09:00:00.000Z',
  entriesAllowed: 2,
};

describe('the appointments page', () => {
  it.each([
    ['documentNumber', { documentNumber: '110105194912310021' }, 'wrong-check-character'],
    [
      'documentNumber',
      { documentType: 'passport', documentNumber: 'L898902C<4UTO6908061F9406236ZE184226B<<<<<14' },
      'wrong-document-number-check-digit',
    ],
    ['phone', { phone: '12345678' }, 'bad-phone'],
    ['validTo', { validTo: '2026-11-22T23:00:00.000Z' }, 'ends-before-start'],
    [
      'validTo',
      { validFrom: '2026-11-22T08:00:00.000Z', validTo: '2026-11-22T17:00:00.000Z' },
      'ends-in-past',
    ],
  ])('names the field %s and the problem, and stores nothing', async (field, change, problem) => {
    const refused = await call('createAppointment', { ...visit, ...change });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: `${field}: ${problem}` },
    });
    expect(await value('listAppointments', { limit: 10 })).toEqual([]);
  });

  it('names every refused field at once, each with its problem, and stores nothing', async () => {
    const refused = await call('createAppointment', {
      ...visit,
      visitorName: ' ',
      documentNumber: '110105194912310021',
      phone: '123',
      area: '',
      validTo: '2026-11-22T23:00:00.000Z',
    });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'bad-input',
        message:
          'visitorName: required; area: required; documentNumber: wrong-check-character; ' +
          'phone: bad-phone; validTo: ends-before-start',
      },
    });
    expect(await value('listAppointments', { limit: 10 })).toEqual([]);
  });

  it('lists newest first with state, entries used of allowed and who approved', async () => {
    const first = await value<AppointmentView>('createAppointment', visit);
    clock = new Date('2026-11-23T00:01:00.000Z');
    const second = await value<AppointmentView>('createAppointment', {
      ...visit,
      visitorName: '李娜',
    });
    await value('approveAppointment', { id: first.id });
    let listed = await value<AppointmentView[]>('listAppointments', { limit: 10 });
    expect(listed.map((row) => [row.visitorName, row.state])).toEqual([
      ['李娜', 'requested'],
      ['张伟', 'approved'],
    ]);
    expect(listed[1]).toMatchObject({
      entriesUsed: 0,
      entriesAllowed: 2,
      approvedBy: '李老师',
      // Both numbers leave the kiosk masked; the list never needs them whole.
      phone: '138****8000',
      documentNumber: '110***********002X',
    });

    // The visitor comes in once (as the gate counts it): the list says so.
    const db = openDatabase(path.join(dir, 'kiosk.db'));
    try {
      const store = createAppointments(
        db,
        () => loadOrCreateSchoolKeys(dir),
        () => clock,
        openFieldCipherForCli(db, dir),
      );
      expect(store.useEntry(first.id)).toBe(true);
    } finally {
      db.close();
    }
    listed = await value<AppointmentView[]>('listAppointments', { limit: 10 });
    expect(listed[1]).toMatchObject({ entriesUsed: 1, entriesAllowed: 2, state: 'approved' });

    // After the window: expired, and an expired request can no longer be approved.
    clock = new Date('2026-11-23T09:00:00.000Z');
    listed = await value<AppointmentView[]>('listAppointments', { limit: 10 });
    expect(listed.map((row) => row.state)).toEqual(['expired', 'expired']);
    expect(await call('approveAppointment', { id: second.id })).toMatchObject({ ok: false });
    await value('revokeAppointment', { id: second.id, reason: '来访取消' });
    listed = await value<AppointmentView[]>('listAppointments', { limit: 10 });
    expect(listed[0]).toMatchObject({ state: 'revoked', revokeReason: '来访取消' });
  });
});

describe('a manual reading', () => {
  async function pendingPupil(): Promise<void> {
    const check = await value<CheckView>('scan', { text: 'S2026001', source: 'camera' }, nobody);
    expect(check.missing).toEqual(['temperature']);
  }

  it('names the guard signed in at the gate, whatever name is typed', async () => {
    await pendingPupil();
    const decided = await value<CheckView>(
      'manualReading',
      { celsius: 36.7, guardName: '别人', instrument: 'handheld' },
      guard,
    );
    expect(decided.entry).toMatchObject({ temperatureMethod: 'manual', measuredBy: '王师傅' });
  });

  it('needs a typed name when nobody is signed in, and takes it', async () => {
    await pendingPupil();
    expect(
      await call('manualReading', { celsius: 36.7, instrument: 'handheld' }, nobody),
    ).toMatchObject({ ok: false, error: { code: 'bad-input', message: 'guardName: name-needed' } });
    const decided = await value<CheckView>(
      'manualReading',
      { celsius: 36.7, guardName: '赵师傅', instrument: 'clinical' },
      nobody,
    );
    expect(decided.entry).toMatchObject({ measuredBy: '赵师傅' });
  });
});
