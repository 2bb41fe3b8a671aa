// An admin disables, enables and deletes accounts and resets their secrets, through dispatch on a
// real database: sessions end at once, the last admin and oneself are out of reach, the audit
// trail keeps naming a deleted account, a lock-out is answered as any wrong secret until it
// ends (the address limiter's wait is said), lengths are refused.
import { describe, expect, it } from 'vitest';
import { signInRefused } from '../../backend/accounts/sign-in';
import { useDispatchKiosk } from '../rigs/dispatch-kiosk';
import { startServer, type RunningServer } from '../../server/server';

const rig = useDispatchKiosk({
  name: 'account-lifecycle',
  clock: '2026-11-23T00:00:00.000Z',
  southGate: true,
});
const { call, value, rows } = rig;

async function signIn(username: string, secret: string): Promise<string> {
  return String((await value('signIn', { username, secret })).token);
}

/** The first admin 李老师 (li) signed in, and a guard 王师傅 (wang, PIN 2468). */
async function school(): Promise<string> {
  await value('createFirstAdmin', {
    username: 'li',
    displayName: '李老师',
    password: 'correct horse',
  });
  const admin = await signIn('li', 'correct horse');
  await value(
    'createAccount',
    { username: 'wang', displayName: '王师傅', role: 'guard', secret: '2468' },
    admin,
  );
  return admin;
}

function sessionsOf(username: string): number {
  const [row] = rows(
    `SELECT count(*) AS n FROM sessions s JOIN accounts a ON a.id = s.account_id
     WHERE a.username = '${username}'`,
  );
  return Number(row?.n);
}

describe('disabling and enabling an account', () => {
  it('signs the account out at once and refuses it as disabled only after its right PIN', async () => {
    const admin = await school();
    const guard = await signIn('wang', '2468');
    expect(await value('disableAccount', { username: 'wang' }, admin)).toMatchObject({
      username: 'wang',
      disabled: true,
    });
    expect(rig.kiosk.authenticate(guard)).toBeNull();
    // Ended, not only refused while disabled: enabling again does not bring the session back.
    expect(sessionsOf('wang')).toBe(0);
    expect(await call('startShift', {}, guard)).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    // A wrong PIN is answered as for any account: the refusal says nothing about the account.
    expect(await call('signIn', { username: 'wang', secret: '1111' })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', message: signInRefused },
    });
    expect(await call('signIn', { username: 'wang', secret: '2468' })).toMatchObject({
      ok: false,
      error: { code: 'disabled' },
    });
    const listed = (await value('listAccounts', {}, admin)) as unknown as object[];
    expect(listed).toContainEqual(expect.objectContaining({ username: 'wang', disabled: true }));

    expect(await value('enableAccount', { username: 'wang' }, admin)).toMatchObject({
      disabled: false,
    });
    expect(rig.kiosk.authenticate(await signIn('wang', '2468'))).toMatchObject({
      username: 'wang',
    });
  });

  it('keeps an admin from disabling or deleting themselves, and the last enabled admin', async () => {
    const admin = await school();
    for (const name of ['disableAccount', 'deleteAccount', 'resetSecret']) {
      const input = name === 'resetSecret' ? { username: 'li', secret: 'new password' } : {};
      expect(await call(name, { username: 'li', ...input }, admin)).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    await value(
      'createAccount',
      { username: 'zhang', displayName: '张主任', role: 'admin', secret: 'second admin' },
      admin,
    );
    const second = await signIn('zhang', 'second admin');
    await value('disableAccount', { username: 'li' }, second);
    expect(rig.kiosk.authenticate(admin)).toBeNull();
    // 张主任 is the only enabled admin now: nobody can take that away (li is signed out).
    expect(await call('disableAccount', { username: 'zhang' }, second)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(rows("SELECT disabled_at FROM accounts WHERE username = 'zhang'")).toEqual([
      { disabled_at: null },
    ]);
  });

  it('is refused to a guard, and every change is in the audit log in words the page knows', async () => {
    const admin = await school();
    const guard = await signIn('wang', '2468');
    expect(await call('disableAccount', { username: 'li' }, guard)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await value('disableAccount', { username: 'wang' }, admin);
    await value('enableAccount', { username: 'wang' }, admin);
    await value('resetSecret', { username: 'wang', secret: '97531' }, admin);
    await value('deleteAccount', { username: 'wang' }, admin);
    const log = rows("SELECT actor, action, detail FROM audit_log WHERE actor = '李老师 (li)'");
    expect(log.map((row) => row.action)).toEqual(
      expect.arrayContaining(['disableAccount', 'enableAccount', 'resetSecret', 'deleteAccount']),
    );
    const reset = log.find((row) => row.action === 'resetSecret');
    expect(reset?.detail).toContain('wang');
    expect(reset?.detail).not.toContain('97531');
  });
});

describe('deleting an account', () => {
  it('removes it from the list and from sign-in, keeps its row and audit trail, and its username', async () => {
    const admin = await school();
    const guard = await signIn('wang', '2468');
    await value('startShift', {}, guard);
    expect(await value('deleteAccount', { username: 'wang' }, admin)).toEqual({ deleted: true });
    expect(sessionsOf('wang')).toBe(0);
    const listed = (await value('listAccounts', {}, admin)) as unknown as { username: string }[];
    expect(listed.map((account) => account.username)).toEqual(['li']);
    expect(await call('signIn', { username: 'wang', secret: '2468' })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized', message: signInRefused },
    });
    // Who did what stays readable: the audit rows and the duty log still name 王师傅.
    expect(rows("SELECT actor FROM audit_log WHERE action = 'startShift'")).toEqual([
      { actor: '王师傅 (wang)' },
    ]);
    expect(await value('dutyLog', {}, admin)).toMatchObject({ current: { guard: '王师傅' } });
    expect(rows("SELECT secret_hash, deleted_at FROM accounts WHERE username = 'wang'")).toEqual([
      { secret_hash: '', deleted_at: rig.clock.toISOString() },
    ]);
    // The username is never given to someone else, and the admin is told why.
    expect(
      await call(
        'createAccount',
        { username: 'wang', displayName: '新王', role: 'guard', secret: '1357' },
        admin,
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: expect.stringMatching(/deleted account/) },
    });
    expect(await call('enableAccount', { username: 'wang' }, admin)).toMatchObject({
      ok: false,
      error: { code: 'bad-input' },
    });
  });
});

describe('resetting a secret', () => {
  it('gives a guard a new PIN, ends their session and lifts a lock-out', async () => {
    const admin = await school();
    const guard = await signIn('wang', '2468');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await call('signIn', { username: 'wang', secret: '0000' });
    }
    expect(await call('resetSecret', { username: 'wang', secret: '12a4' }, admin)).toMatchObject({
      ok: false,
      error: { code: 'bad-input' },
    });
    await value('resetSecret', { username: 'wang', secret: '97531' }, admin);
    expect(rig.kiosk.authenticate(guard)).toBeNull();
    expect(sessionsOf('wang')).toBe(0);
    expect(await call('signIn', { username: 'wang', secret: '2468' })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(rig.kiosk.authenticate(await signIn('wang', '97531'))).toMatchObject({
      username: 'wang',
    });
  });

  it('gives another admin a new password of at least 8 characters', async () => {
    const admin = await school();
    await value(
      'createAccount',
      { username: 'zhang', displayName: '张主任', role: 'admin', secret: 'second admin' },
      admin,
    );
    expect(await call('resetSecret', { username: 'zhang', secret: '1234' }, admin)).toMatchObject({
      ok: false,
      error: { code: 'bad-input' },
    });
    await value('resetSecret', { username: 'zhang', secret: 'a new password' }, admin);
    expect(await signIn('zhang', 'a new password')).toEqual(expect.any(String));
  });
});

describe('the lock-out', () => {
  it('refuses even the right PIN as a wrong one until the 15 minutes are over', async () => {
    await school();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await call('signIn', { username: 'wang', secret: '0000' });
    }
    const refused = { ok: false, error: { code: 'unauthorized', message: signInRefused } };
    expect(await call('signIn', { username: 'wang', secret: '2468' })).toEqual(refused);
    rig.clock = new Date(rig.clock.getTime() + 14 * 60_000);
    expect(await call('signIn', { username: 'wang', secret: '2468' })).toEqual(refused);
    rig.clock = new Date(rig.clock.getTime() + 60_000);
    expect(await call('signIn', { username: 'wang', secret: '2468' })).toMatchObject({ ok: true });
  });

  it('carries the address limiter’s wait over HTTP', async () => {
    let server: RunningServer | null = null;
    try {
      server = await startServer({ kiosk: rig.kiosk, staticDir: null, port: 0 });
      await school();
      const url = server.url;
      const post = (body: unknown) =>
        fetch(`${url}/api/op/signIn`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: url },
          body: JSON.stringify(body),
        });
      for (let attempt = 0; attempt < 4; attempt += 1) {
        await post({ username: 'wang', secret: '0000' });
      }
      const limited = await post({ username: 'wang', secret: '2468' });
      expect(limited.status).toBe(429);
      const body = (await limited.json()) as { error: { code: string; retryAfterSeconds: number } };
      expect(body.error.code).toBe('rate-limited');
      expect(body.error.retryAfterSeconds).toBeGreaterThan(14 * 60);
      expect(limited.headers.get('retry-after')).toBe(String(body.error.retryAfterSeconds));
    } finally {
      await server?.close();
    }
  });
});

describe('lengths', () => {
  it('refuses a name or username over 32 characters instead of cutting it', async () => {
    const admin = await school();
    for (const fields of [
      { username: 'a'.repeat(33), displayName: '王师傅' },
      { username: 'zhou', displayName: '周'.repeat(33) },
    ]) {
      expect(
        await call('createAccount', { ...fields, role: 'guard', secret: '2468' }, admin),
      ).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    }
    expect(rows('SELECT username FROM accounts ORDER BY id')).toEqual([
      { username: 'li' },
      { username: 'wang' },
    ]);
  });
});
