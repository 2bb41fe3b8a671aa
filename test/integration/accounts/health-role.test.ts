// The role health on a real kiosk, through dispatch as both transports call it: an admin makes
// a school doctor's account, whose secret is a password held to the admin's rules (a PIN is
// refused, so is a common password, at creation and at a reset); the doctor signs in, may keep
// the absence register (its handler a stub here: the register is built elsewhere) with every
// call in the audit log under their name, may do what a guard may (the duty shift), is refused
// what only an admin may, and is signed out after 30 idle minutes like an admin. A guard is
// refused the register. The last enabled admin stays enabled whatever health accounts exist.
import { describe, expect, it } from 'vitest';
import type { Caller, Handlers } from '../../../contract/api';
import { dispatch } from '../../../contract/dispatch';
import { createAccounts } from '../../../backend/accounts/accounts';
import { databaseFile, openDatabase } from '../../../backend/store/database';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { useDispatchKiosk } from '../../rigs/dispatch-kiosk';

const rig = useDispatchKiosk({
  name: 'health-role',
  clock: '2026-12-01T00:00:00.000Z',
  southGate: true,
});
const { call, value, rows } = rig;

const doctor = { username: 'zhou', displayName: '周校医', role: 'health', secret: 'xiaoyi-2026!' };

/** The first admin, a guard and the doctor, each signed in: their session tokens. */
async function accounts(): Promise<{ admin: string; guard: string; health: string }> {
  await value('createFirstAdmin', {
    username: 'li',
    displayName: '李老师',
    password: 'correct horse',
  });
  const admin = String((await value('signIn', { username: 'li', secret: 'correct horse' })).token);
  await value(
    'createAccount',
    { username: 'wang', displayName: '王师傅', role: 'guard', secret: '2468' },
    admin,
  );
  await value('createAccount', doctor, admin);
  const guard = String((await value('signIn', { username: 'wang', secret: '2468' })).token);
  const health = String((await value('signIn', { username: 'zhou', secret: doctor.secret })).token);
  return { admin, guard, health };
}

/** A call of the absence register, its handler a stub, audited by the kiosk's own recorder. */
function register(session: string) {
  const caller: Caller = { actor: rig.kiosk.authenticate(session), session, origin: 'test bench' };
  const handlers = {
    ...rig.kiosk.handlers,
    absenceRegister: async () => ({ stub: true }),
  } as unknown as Handlers;
  return dispatch(handlers, 'absenceRegister', { date: '2026-12-01' }, caller, rig.kiosk.audit);
}

describe('the role health', () => {
  it('holds the doctor’s secret to the password rules, at creation and at a reset', async () => {
    await value('createFirstAdmin', {
      username: 'li',
      displayName: '李老师',
      password: 'correct horse',
    });
    const admin = String(
      (await value('signIn', { username: 'li', secret: 'correct horse' })).token,
    );
    for (const [secret, problem] of [
      ['13579', 'secret: password-short'],
      ['1234567890', 'secret: password-common'],
      ['password123', 'secret: password-common'],
    ] as const) {
      const refused = await call('createAccount', { ...doctor, secret }, admin);
      expect(refused, secret).toMatchObject({
        ok: false,
        error: { code: 'bad-input', message: problem },
      });
    }
    expect(rows("SELECT * FROM accounts WHERE username = 'zhou'")).toEqual([]);
    expect(await value('createAccount', doctor, admin)).toMatchObject({
      username: 'zhou',
      role: 'health',
    });
    expect(await call('resetSecret', { username: 'zhou', secret: '24680' }, admin)).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: 'secret: password-short' },
    });
    expect(rows("SELECT detail FROM audit_log WHERE action = 'createAccount'").at(-1)).toEqual({
      detail:
        '{"username":"zhou","displayName":"周校医","role":"health","secret":"(not recorded)"}',
    });
  });

  it('lets the doctor and an admin keep the register, audited, and refuses a guard', async () => {
    const { admin, guard, health } = await accounts();
    expect(await register(guard)).toEqual({
      ok: false,
      error: {
        code: 'forbidden',
        message: 'Only the school doctor, a class teacher or an admin may do this.',
      },
    });
    expect(await register(health)).toEqual({ ok: true, value: { stub: true } });
    expect(await register(admin)).toEqual({ ok: true, value: { stub: true } });
    expect(
      rows("SELECT actor, detail, origin FROM audit_log WHERE action = 'absenceRegister'"),
    ).toEqual([
      { actor: '周校医 (zhou)', detail: '{"date":"2026-12-01"}', origin: 'test bench' },
      { actor: '李老师 (li)', detail: '{"date":"2026-12-01"}', origin: 'test bench' },
    ]);
  });

  it('lets the doctor do what a guard may, and nothing only an admin may', async () => {
    const { health } = await accounts();
    expect(await call('listAccounts', {}, health)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await call('createAccount', { ...doctor, username: 'x' }, health)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // As an admin signed in at the guard station counts as a guard, so does the doctor.
    expect(await value('startShift', {}, health)).toMatchObject({ guard: '周校医' });
  });

  it('signs the doctor out after 30 idle minutes, as an admin, while a guard stays', async () => {
    const { guard, health } = await accounts();
    rig.clock = new Date(rig.clock.getTime() + 29 * 60_000);
    expect(rig.kiosk.authenticate(health)).toMatchObject({ username: 'zhou', role: 'health' });
    rig.clock = new Date(rig.clock.getTime() + 31 * 60_000);
    expect(rig.kiosk.authenticate(health)).toBeNull();
    expect(rig.kiosk.authenticate(guard)).toMatchObject({ username: 'wang' });
  });

  it('keeps the last enabled admin enabled: a health account is no admin', async () => {
    const db = openDatabase(databaseFile(makeTempDir('kiosk-last-admin-')));
    try {
      const store = createAccounts(db, () => rig.clock);
      await store.add(
        { username: 'li', displayName: '李老师', role: 'admin', secret: 'correct horse' },
        null,
      );
      await store.add(doctor as typeof doctor & { role: 'health' }, null);
      // Asked by nobody signed in (as a tool on the kiosk itself would): the rule alone refuses.
      expect(() => store.disable('li', null)).toThrow('The last enabled admin stays enabled');
      expect(() => store.remove('li', null)).toThrow('The last enabled admin stays enabled');
      store.disable('zhou', null);
      expect(store.list().map(({ username, disabled }) => ({ username, disabled }))).toEqual([
        { username: 'li', disabled: false },
        { username: 'zhou', disabled: true },
      ]);
    } finally {
      db.close();
      removeTempDirs();
    }
  });
});
