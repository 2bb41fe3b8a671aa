// Sign-in and roles on a real database, through dispatch as both transports call it: the first
// admin on first run only; scrypt hashes, never the secret, in the database; PIN and password
// rules; lock-out after five wrong tries; sessions that end; admin-only operations refused to
// guards and to nobody, and every admin action in an audit log nobody can edit; the duty log;
// and the HTTP server carrying the session in a header and naming where a call came from.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { signInRefused } from '../../backend/accounts/sign-in';
import type { Caller } from '../../contract/api';
import { dispatch } from '../../contract/dispatch';
import { useDispatchKiosk } from '../rigs/dispatch-kiosk';
import { startServer, type RunningServer } from '../../server/server';

const rig = useDispatchKiosk({
  name: 'accounts',
  clock: '2026-11-23T00:00:00.000Z',
  southGate: true,
});
const { call, value, rows } = rig;

async function firstAdmin(): Promise<string> {
  await value('createFirstAdmin', {
    username: 'li',
    displayName: '李老师',
    password: 'correct horse',
  });
  return String((await value('signIn', { username: 'li', secret: 'correct horse' })).token);
}

describe('accounts', () => {
  it('asks for the first admin on first run, and only then', async () => {
    expect(await value('setupStatus')).toEqual({ needsFirstAdmin: true });
    await firstAdmin();
    expect(await value('setupStatus')).toEqual({ needsFirstAdmin: false });
    expect(
      await call('createFirstAdmin', { username: 'x', displayName: 'X', password: 'another one' }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('keeps only scrypt hashes, never the secret', async () => {
    await firstAdmin();
    const [account] = rows('SELECT secret_hash FROM accounts');
    expect(String(account?.secret_hash)).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(JSON.stringify(rows('SELECT * FROM accounts'))).not.toContain('correct horse');
    expect(JSON.stringify(rows('SELECT * FROM audit_log'))).not.toContain('correct horse');
  });

  it('refuses admin operations to nobody and to a guard, and allows them to an admin', async () => {
    const admin = await firstAdmin();
    expect(await call('listAccounts')).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    await value(
      'createAccount',
      { username: 'wang', displayName: '王师傅', role: 'guard', secret: '2468' },
      admin,
    );
    const guard = String((await value('signIn', { username: 'wang', secret: '2468' })).token);
    expect(await call('listAccounts', {}, guard)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await call('deviceSettings', {}, guard)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await call('listAccounts', {}, admin)).toMatchObject({ ok: true });
  });

  it('holds PINs to 4–8 digits and passwords to 10 characters', async () => {
    const admin = await firstAdmin();
    for (const [role, secret] of [
      ['guard', '12a4'],
      ['guard', '123'],
      ['admin', 'short'],
    ]) {
      const result = await call(
        'createAccount',
        { username: `u${secret}`, displayName: 'U', role, secret },
        admin,
      );
      expect(result).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    }
  });

  it('locks an account for 15 minutes after five wrong tries, the right secret included', async () => {
    await firstAdmin();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(await call('signIn', { username: 'li', secret: 'wrong' })).toMatchObject({
        ok: false,
        error: { code: 'unauthorized' },
      });
    }
    expect(await call('signIn', { username: 'li', secret: 'correct horse' })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', message: signInRefused },
    });
    rig.clock = new Date(rig.clock.getTime() + 16 * 60_000);
    expect(await call('signIn', { username: 'li', secret: 'correct horse' })).toMatchObject({
      ok: true,
    });
  });

  it('answers an unknown username as a wrong secret', async () => {
    await firstAdmin();
    expect(await call('signIn', { username: 'nobody', secret: 'whatever' })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', message: signInRefused },
    });
  });

  it('ends an admin session after 30 idle minutes, and on sign-out', async () => {
    const admin = await firstAdmin();
    expect(rig.kiosk.authenticate(admin)).toMatchObject({ username: 'li' });
    rig.clock = new Date(rig.clock.getTime() + 29 * 60_000);
    expect(rig.kiosk.authenticate(admin)).not.toBeNull();
    rig.clock = new Date(rig.clock.getTime() + 31 * 60_000);
    expect(rig.kiosk.authenticate(admin)).toBeNull();
    const again = String(
      (await value('signIn', { username: 'li', secret: 'correct horse' })).token,
    );
    await value('signOut', {}, again);
    expect(rig.kiosk.authenticate(again)).toBeNull();
  });

  it('writes every admin action to an audit log, with secrets left out, that nobody can edit', async () => {
    const admin = await firstAdmin();
    await value(
      'createAccount',
      { username: 'zhao', displayName: '赵师傅', role: 'guard', secret: '13579' },
      admin,
    );
    const log = (await value('auditLog', { limit: 10 }, admin)) as unknown as {
      action: string;
      detail: string;
      actor: string;
      origin: string;
    }[];
    expect(log.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['createFirstAdmin', 'signIn', 'createAccount']),
    );
    const created = log.find((entry) => entry.action === 'createAccount');
    expect(created).toMatchObject({ actor: '李老师 (li)', origin: 'test bench' });
    expect(created?.detail).toContain('zhao');
    expect(created?.detail).not.toContain('13579');
    const db = new Database(path.join(rig.dir, 'kiosk.db'));
    try {
      expect(() => db.prepare("UPDATE audit_log SET actor = 'someone else'").run()).toThrow(
        /never edited/,
      );
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/never deleted/);
    } finally {
      db.close();
    }
  });

  it('does nothing it cannot audit, and records an admin action that failed as failed', async () => {
    const admin = await firstAdmin();
    const account = { username: 'zhao', displayName: '赵师傅', role: 'guard', secret: '13579' };
    await value('createAccount', account, admin);
    // The same username again: refused, and the log says the attempt failed.
    expect(await call('createAccount', account, admin)).toMatchObject({ ok: false });
    const attempts = rows(
      "SELECT detail FROM audit_log WHERE action = 'createAccount' ORDER BY id",
    ).map((row) => String(row.detail));
    expect(attempts).toHaveLength(3);
    expect(attempts[2]).toMatch(/^\{"failed":"[a-z-]+"\}$/);

    // An audit log that cannot be written: the action is not done, and the admin is told why.
    const caller: Caller = {
      actor: rig.kiosk.authenticate(admin),
      session: admin,
      origin: 'bench',
    };
    const broken = () => {
      throw new Error('database or disk is full');
    };
    const answer = await dispatch(
      rig.kiosk.handlers,
      'createAccount',
      { ...account, username: 'qian' },
      caller,
      broken,
    );
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/audit log cannot be written/) },
    });
    expect(rows("SELECT * FROM accounts WHERE username = 'qian'")).toEqual([]);
    // A view is not shown either.
    expect(await dispatch(rig.kiosk.handlers, 'listAccounts', {}, caller, broken)).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/nothing is shown/) },
    });
  });

  it('keeps the duty log: a guard signs on, and off with a handover note', async () => {
    const admin = await firstAdmin();
    await value(
      'createAccount',
      { username: 'wang', displayName: '王师傅', role: 'guard', secret: '2468' },
      admin,
    );
    const guard = String((await value('signIn', { username: 'wang', secret: '2468' })).token);
    expect(await call('startShift')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    await value('startShift', {}, guard);
    expect(await call('startShift', {}, admin)).toMatchObject({
      ok: false,
      error: { code: 'bad-input' },
    });
    rig.clock = new Date(rig.clock.getTime() + 8 * 3_600_000);
    await value('endShift', { handoverNote: '东侧闸机偶尔卡卡，已报修，电话 13800138000' }, guard);
    // The note is the duty log's: the audit log, which nobody can edit, keeps no free text.
    expect(JSON.stringify(rows('SELECT * FROM audit_log'))).not.toContain('13800138000');
    expect(rows("SELECT detail FROM audit_log WHERE action = 'endShift'")).toEqual([
      { detail: null },
    ]);
    // Handover notes are for those signed in, not for whoever stands at the gate screen.
    expect(await call('dutyLog')).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const duty = await value('dutyLog', {}, guard);
    expect(duty.current).toBeNull();
    expect(duty.recent).toMatchObject([
      {
        guard: '王师傅',
        handoverNote: '东侧闸机偶尔卡卡，已报修，电话 13800138000',
        endedAt: '2026-11-23T08:00:00.000Z',
      },
    ]);
  });
});

describe('sign-in over HTTP', () => {
  let server: RunningServer;

  afterEach(async () => {
    await server?.close();
  });

  it('takes the session from a header and records the caller’s address in the audit log', async () => {
    server = await startServer({ kiosk: rig.kiosk, staticDir: null, port: 0 });
    const post = (name: string, body: unknown, session?: string) =>
      fetch(`${server.url}/api/op/${name}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: server.url,
          ...(session ? { 'x-kiosk-session': session } : {}),
        },
        body: JSON.stringify(body),
      });
    await post('createFirstAdmin', {
      username: 'li',
      displayName: '李老师',
      password: 'correct horse',
    });
    const signedIn = (await (
      await post('signIn', { username: 'li', secret: 'correct horse' })
    ).json()) as { token: string };
    expect((await post('listAccounts', {})).status).toBe(401);
    expect((await post('listAccounts', {}, signedIn.token)).status).toBe(200);
    expect((await post('signIn', { username: 'li', secret: 'nope' })).status).toBe(401);
    const log = rows("SELECT origin FROM audit_log WHERE action = 'listAccounts'");
    expect(log).toEqual([{ origin: 'server 127.0.0.1' }]);
  });
});
