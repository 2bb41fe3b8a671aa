// Sign-in against guessing, through dispatch on a real database with the kiosk's clock in the
// test's hand: parallel attempts on one account (counted as they start, so no more wrong secrets
// are checked than the lockout allows), wrong tries that expire with the lock, a locked account
// that answers as an unknown one, one form of a username everywhere, and the PINs and passwords
// too easy to guess.
import { describe, expect, it } from 'vitest';
import { usernameKey } from '../../backend/accounts/accounts';
import { lockAfterFailures } from '../../backend/accounts/sign-in';
import { useDispatchKiosk } from '../rigs/dispatch-kiosk';

let admin: string;

const rig = useDispatchKiosk({
  name: 'sign-in-attacks',
  clock: '2026-11-23T08:00:00.000Z',
  setUp: async () => {
    await value('createFirstAdmin', {
      username: 'li',
      displayName: '李老师',
      password: 'correct horse',
    });
    admin = String((await value('signIn', { username: 'li', secret: 'correct horse' })).token);
  },
});
const { call, value, rows } = rig;

const guard = (pin: string) =>
  value(
    'createAccount',
    { username: 'wang', displayName: '王师傅', role: 'guard', secret: pin },
    admin,
  );

const signIn = (secret: string, username = 'wang') => call('signIn', { username, secret });

const failuresChecked = () =>
  rows(
    `SELECT count(*) AS n FROM audit_log l JOIN accounts a ON a.id = l.account_id
     WHERE a.username = 'wang' AND l.action = 'signIn.failed'`,
  )[0]?.n;

const later = (minutes: number) => (rig.clock = new Date(rig.clock.getTime() + minutes * 60_000));

describe('parallel attempts on one account (F1)', () => {
  it('checks at most five wrong PINs of thirty sent at once, and then not the right one', async () => {
    await guard('0029');
    const attempts = Array.from({ length: 30 }, (_, i) => signIn(String(i).padStart(4, '0')));
    const results = await Promise.all(attempts);
    expect(results.filter((result) => result.ok)).toEqual([]);
    expect(failuresChecked()).toBe(lockAfterFailures);
    const [row] = rows(
      "SELECT failed_attempts, locked_until FROM accounts WHERE username = 'wang'",
    );
    expect(row?.failed_attempts).toBe(lockAfterFailures);
    expect(row?.locked_until).toBe('2026-11-23T08:15:00.000Z');
  });

  it('still lets the right PIN in among wrong ones before the lockout', async () => {
    await guard('0003');
    const results = await Promise.all(['0000', '0001', '0002', '0003'].map((pin) => signIn(pin)));
    expect(results.map((result) => result.ok)).toEqual([false, false, false, true]);
    // The right PIN cleared the count: the guard starts again from zero.
    expect(rows("SELECT failed_attempts FROM accounts WHERE username = 'wang'")).toEqual([
      { failed_attempts: 0 },
    ]);
  });
});

describe('wrong tries expire (F3)', () => {
  it('never locks an account for one wrong try every 15 minutes', async () => {
    await guard('2468');
    for (let i = 0; i < 3 * lockAfterFailures; i++) {
      if (i > 0) later(15);
      expect(await signIn('1357')).toMatchObject({ ok: false });
    }
    // A minute after the last wrong try, the guard signs in.
    later(1);
    expect(await signIn('2468')).toMatchObject({ ok: true });
  });

  it('starts counting from zero when a lock ends', async () => {
    await guard('2468');
    for (let i = 0; i < lockAfterFailures; i++) await signIn('1357');
    expect(await signIn('2468')).toMatchObject({ ok: false });
    later(15);
    expect(await signIn('1357')).toMatchObject({ ok: false });
    expect(await signIn('2468')).toMatchObject({ ok: true });
  });

  it('still locks for five wrong tries within 15 minutes', async () => {
    await guard('2468');
    for (let i = 0; i < lockAfterFailures; i++) {
      await signIn('1357');
      later(3);
    }
    expect(await signIn('2468')).toMatchObject({ ok: false });
  });
});

describe('a locked account (F9)', () => {
  it('answers its right PIN exactly as an unknown name, and the audit log shows the lock', async () => {
    await guard('2468');
    for (let i = 0; i < lockAfterFailures; i++) await signIn('1357');
    const locked = await signIn('2468');
    const unknown = await signIn('2468', 'nobody');
    expect(locked).toEqual(unknown);
    expect(locked).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(JSON.stringify(locked)).not.toContain('retryAfterSeconds');
    expect(rows("SELECT action FROM audit_log WHERE action LIKE 'signIn.%'")).toContainEqual({
      action: 'signIn.locked',
    });
  });
});

describe('one form of a username (F2)', () => {
  it('compares names without the spaces around them, full-width letters or case', () => {
    expect(usernameKey(`${' '.repeat(60)}Admin `)).toBe('admin');
    expect(usernameKey('ＬＩ')).toBe('li');
  });

  it('refuses a new account whose name only differs in width or case', async () => {
    for (const username of ['LI', 'ＬＩ', 'ｌｉ']) {
      const result = await call(
        'createAccount',
        { username, displayName: '冒名', role: 'admin', secret: 'another long one' },
        admin,
      );
      expect(result, username).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    }
  });

  it('signs in by any form of the name, and counts its wrong tries as one account', async () => {
    await guard('2468');
    expect(await signIn('2468', 'ＷＡＮＧ')).toMatchObject({ ok: true });
    for (const name of ['wang', 'WANG', 'ｗａｎｇ', 'Wang', 'wAng']) await signIn('1357', name);
    expect(await signIn('2468')).toMatchObject({ ok: false });
  });
});

describe('PINs and passwords too easy to guess (F11)', () => {
  const create = (role: 'guard' | 'admin', secret: string) =>
    call('createAccount', { username: 'zhao', displayName: '赵', role, secret }, admin);

  it.each(['1234', '4321', '0000', '123456', '7890', '98765', '11111111'])(
    'refuses the PIN %s, at its field',
    async (pin) => {
      expect(await create('guard', pin)).toMatchObject({
        ok: false,
        error: { code: 'bad-input', message: 'secret: pin-pattern' },
      });
    },
  );

  it.each(['2468', '1357', '0029', '97531', '135246'])('takes the PIN %s', async (pin) => {
    expect(await create('guard', pin)).toMatchObject({ ok: true });
  });

  it.each([
    ['aaaaaaaa', 'password-short'],
    ['password1', 'password-short'],
    ['nine char', 'password-short'],
    ['woaini1314', 'password-common'],
    ['qwertyuiop', 'password-common'],
    ['1qaz2wsx3edc', 'password-common'],
    ['Password123', 'password-common'],
    ['1234567890', 'password-common'],
    ['zzzzzzzzzzzz', 'password-common'],
  ])('refuses the admin password %s (%s)', async (password, problem) => {
    expect(await create('admin', password)).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: `secret: ${problem}` },
    });
  });

  it('holds the first admin and a reset to the same rules', async () => {
    await rig.startAfresh();
    expect(
      await call('createFirstAdmin', { username: 'li', displayName: '李', password: 'qwertyuiop' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: 'password: password-common' },
    });
    await value('createFirstAdmin', {
      username: 'li',
      displayName: '李',
      password: 'correct horse',
    });
    admin = String((await value('signIn', { username: 'li', secret: 'correct horse' })).token);
    await guard('2468');
    expect(await call('resetSecret', { username: 'wang', secret: '1234' }, admin)).toMatchObject({
      ok: false,
      error: { code: 'bad-input', message: 'secret: pin-pattern' },
    });
  });
});
