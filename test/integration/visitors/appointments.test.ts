// Appointments through dispatch on a real database, as the admin console will use them: the
// visitor's document validated before anything is stored, approval issuing a pass the school's
// key verifies and recording who approved, revocation, entries counted up to the limit and no
// further, the pass image, and the audit log naming the approver without the ID number.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppointmentView, Caller, CheckView } from '../../../contract/api';
import { dispatch } from '../../../contract/dispatch';
import { createKiosk, type Kiosk } from '../../../backend/kiosk';
import { openFieldCipherForCli } from '../../../backend/privacy/data-key';
import { createAppointments } from '../../../backend/visitors/appointments';
import { verifyPass } from '../../../backend/visitors/pass-token';
import { loadOrCreateSchoolKeys } from '../../../backend/visitors/school-keys';
import { openDatabase } from '../../../backend/store/database';

let dir: string;
let kiosk: Kiosk;
let admin: Caller;
let clock = new Date('2026-11-23T00:00:00.000Z');

beforeEach(async () => {
  clock = new Date('2026-11-23T00:00:00.000Z');
  dir = await mkdtemp(path.join(tmpdir(), 'kiosk-appointments-'));
  await writeFile(path.join(dir, 'config.json'), '{}');
  kiosk = await createKiosk({
    dataDir: dir,
    configFile: path.join(dir, 'config.json'),
    now: () => clock,
  });
  const anonymous: Caller = { actor: null, session: null, origin: 'test' };
  await dispatch(
    kiosk.handlers,
    'createFirstAdmin',
    { username: 'li', displayName: '李老师', password: 'correct horse' },
    anonymous,
  );
  const signedIn = await dispatch(
    kiosk.handlers,
    'signIn',
    { username: 'li', secret: 'correct horse' },
    anonymous,
  );
  const token = signedIn.ok ? (signedIn.value as { token: string }).token : null;
  admin = { actor: kiosk.authenticate(token), session: token, origin: 'console' };
});

afterEach(async () => {
  await kiosk.close();
  await rm(dir, { recursive: true, force: true });
});

async function call(name: string, input: unknown, caller: Caller = admin) {
  return dispatch(kiosk.handlers, name, input, caller, kiosk.audit);
}

async function value<T>(name: string, input: unknown): Promise<T> {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

const visit = {
  visitorName: '张伟',
  documentType: 'resident-id',
  documentNumber: '11010519491231002X',
  phone: '13800138000',
  host: '王老师（三年级二班）',
  reason: '家长会',
  area: '教学楼A座',
  vehiclePlate: null,
  validFrom: '2026-11-23T06:00:00.000Z',
  validTo: '2026-11-23T10:00:00.000Z',
  entriesAllowed: 2,
};

describe('appointments', () => {
  it('refuses a document number that fails its check, and a visit that ends before it starts', async () => {
    expect(
      await call('createAppointment', { ...visit, documentNumber: '110105194912310021' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'bad-input' },
    });
    expect(
      await call('createAppointment', { ...visit, validTo: '2026-11-23T05:00:00.000Z' }),
    ).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(await value<AppointmentView[]>('listAppointments', { limit: 10 })).toEqual([]);
  });

  it('is only for admins', async () => {
    expect(
      await call('createAppointment', visit, { actor: null, session: null, origin: 'gate' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
  });

  it('issues a pass the school key verifies on approval, naming the approver', async () => {
    const created = await value<AppointmentView>('createAppointment', visit);
    expect(created).toMatchObject({
      state: 'requested',
      passToken: null,
      documentNumber: '110***********002X',
    });
    const approved = await value<AppointmentView>('approveAppointment', { id: created.id });
    expect(approved).toMatchObject({ state: 'approved', approvedBy: '李老师' });
    const keys = loadOrCreateSchoolKeys(dir);
    const verified = verifyPass(
      approved.passToken ?? '',
      keys.publicKeys,
      new Date('2026-11-23T07:00:00.000Z'),
    );
    expect(verified).toMatchObject({
      ok: true,
      pass: { appointmentId: created.id, name: '张伟', area: '教学楼A座', uses: 2 },
    });
    const image = await value<{ png: string }>('passImage', { id: created.id });
    expect(Buffer.from(image.png, 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(await call('approveAppointment', { id: created.id })).toMatchObject({ ok: false });
  });

  it('records approvals in the audit log without the visitor’s ID number', async () => {
    const created = await value<AppointmentView>('createAppointment', visit);
    await value('approveAppointment', { id: created.id });
    const log = await value<{ action: string; detail: string }[]>('auditLog', { limit: 20 });
    expect(log.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['createAppointment', 'approveAppointment']),
    );
    expect(JSON.stringify(log)).not.toContain('11010519491231002X');
  });

  it('counts entries up to the limit and no further, and knows a revoked pass', async () => {
    const created = await value<AppointmentView>('createAppointment', visit);
    await value('approveAppointment', { id: created.id });
    const db = openDatabase(path.join(dir, 'kiosk.db'));
    try {
      const appointments = createAppointments(
        db,
        () => loadOrCreateSchoolKeys(dir),
        () => clock,
        openFieldCipherForCli(db, dir),
      );
      expect([appointments.useEntry(created.id), appointments.useEntry(created.id)]).toEqual([
        true,
        true,
      ]);
      expect(appointments.useEntry(created.id)).toBe(false);
      expect(appointments.standing(created.id)).toEqual({ revoked: false, used: 2, erased: false });
    } finally {
      db.close();
    }
    await value('revokeAppointment', { id: created.id, reason: '家长会改期' });
    const [listed] = await value<AppointmentView[]>('listAppointments', { limit: 5 });
    expect(listed).toMatchObject({ state: 'revoked', revokeReason: '家长会改期', entriesUsed: 2 });
  });
});

describe('a visitor at the gate', () => {
  const gate: Caller = { actor: null, session: null, origin: 'gate' };

  async function approvedPass(entriesAllowed = 1): Promise<{ id: string; token: string }> {
    const created = await value<AppointmentView>('createAppointment', { ...visit, entriesAllowed });
    const approved = await value<AppointmentView>('approveAppointment', { id: created.id });
    return { id: created.id, token: approved.passToken ?? '' };
  }

  async function scan(text: string): Promise<CheckView> {
    const result = await call('scan', { text, source: 'camera' }, gate);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as CheckView;
  }

  async function measure(celsius: number): Promise<void> {
    await call('simulateReading', { celsius }, gate);
  }

  /** The day's questions (visitors answer them by default), all answered no. */
  async function answerNo(check: CheckView): Promise<CheckView> {
    const answers = { symptoms: 'no', travel: 'no', contact: 'no' } as const;
    const result = await call('answerQuestions', { checkId: check.checkId, answers }, gate);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as CheckView;
  }

  it('is measured, passes, is told where to go and until when, and the entry names the visit', async () => {
    const { id, token } = await approvedPass();
    clock = new Date('2026-11-23T07:00:00.000Z');
    const asked = await scan(token);
    expect(asked.missing).toContain('answers');
    const waiting = await answerNo(asked);
    expect(waiting).toMatchObject({
      missing: ['temperature'],
      person: { name: '张伟', kind: 'visitor', className: '教学楼A座' },
      visit: { appointmentId: id, area: '教学楼A座', until: '2026-11-23T10:00:00.000Z' },
    });
    await measure(36.6);
    const [entry] = await value<{ decision: string; visit: unknown; person: unknown }[]>(
      'recentEntries',
      { limit: 1 },
    );
    expect(entry).toMatchObject({
      decision: 'pass',
      person: { name: '张伟', kind: 'visitor' },
      visit: { appointmentId: id, host: '王老师（三年级二班）' },
    });
    const [listed] = await value<AppointmentView[]>('listAppointments', { limit: 1 });
    expect(listed?.entriesUsed).toBe(1);
  });

  it('refuses a pass used up, forged, expired, not yet valid, or revoked, with the reason', async () => {
    const first = await approvedPass(1);
    clock = new Date('2026-11-23T07:00:00.000Z');
    await answerNo(await scan(first.token));
    await measure(36.5);
    clock = new Date('2026-11-23T07:01:00.000Z');
    const reasons: Record<string, string | undefined> = {};
    const refused = async (label: string, text: string) => {
      const check = await scan(text);
      reasons[label] = check.entry?.reasons[0];
      clock = new Date(clock.getTime() + 10_000);
    };
    await refused('used up', first.token);
    const second = await approvedPass(3);
    const middle = Math.floor(second.token.length / 2);
    const altered =
      second.token.slice(0, middle) +
      (second.token[middle] === 'A' ? 'B' : 'A') +
      second.token.slice(middle + 1);
    await refused('forged', altered);
    await refused('garbage', 'GP1.not-a-pass');
    clock = new Date('2026-11-23T05:00:00.000Z');
    await refused('not yet valid', second.token);
    clock = new Date('2026-11-23T07:30:00.000Z');
    await value('revokeAppointment', { id: second.id, reason: '改期' });
    await refused('revoked', second.token);
    clock = new Date('2026-11-23T11:00:00.000Z');
    await refused('expired', second.token);
    expect(reasons).toEqual({
      'used up': 'pass-used-up',
      forged: 'pass-forged',
      garbage: 'pass-malformed',
      expired: 'pass-expired',
      'not yet valid': 'pass-not-yet-valid',
      revoked: 'pass-revoked',
    });
  });
});
