// The README's promise that an unknown username costs the same hash work as a known one, held by
// counting the work rather than timing it: every refused sign-in checks its secret against a hash
// exactly once — an unknown, deleted or locked account against the decoy, a known one against
// its own — so no answer comes back sooner for an account that does not exist.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lockAfterFailures } from '../../backend/accounts/sign-in';
import type * as secretHash from '../../backend/accounts/secret-hash';
import { decoyHash, verifySecret } from '../../backend/accounts/secret-hash';
import type { Caller } from '../../contract/api';
import { dispatch } from '../../contract/dispatch';
import { createKiosk, type Kiosk } from '../../backend/kiosk';

vi.mock('../../backend/accounts/secret-hash', async (importOriginal) => {
  const real = await importOriginal<typeof secretHash>();
  return { ...real, verifySecret: vi.fn(real.verifySecret) };
});

const verified = vi.mocked(verifySecret);
let dir: string;
let kiosk: Kiosk;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kiosk-hash-work-'));
  kiosk = await createKiosk({ dataDir: dir });
  await call('createFirstAdmin', {
    username: 'li',
    displayName: '李老师',
    password: 'correct horse',
  });
  const admin = await call('signIn', { username: 'li', secret: 'correct horse' });
  const session = admin.ok ? (admin.value as { token: string }).token : null;
  for (const username of ['wang', 'zhao']) {
    await call(
      'createAccount',
      { username, displayName: username, role: 'guard', secret: '2468' },
      session,
    );
  }
  await call('deleteAccount', { username: 'zhao' }, session);
  verified.mockClear();
});

afterEach(async () => {
  await kiosk.close();
  await rm(dir, { recursive: true, force: true });
});

function call(name: string, input: unknown, session: string | null = null) {
  const caller: Caller = { actor: kiosk.authenticate(session), session, origin: 'test bench' };
  return dispatch(kiosk.handlers, name, input, caller, kiosk.audit);
}

/** The hashes one sign-in checked its secret against. */
async function hashesChecked(username: string, secret: string): Promise<string[]> {
  verified.mockClear();
  const result = await call('signIn', { username, secret });
  expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  return verified.mock.calls.map(([, stored]) => stored);
}

describe('the hash work of a refused sign-in', () => {
  it('checks a wrong secret for a known account against its own hash, once', async () => {
    const [checked] = await hashesChecked('wang', '1357');
    expect(verified).toHaveBeenCalledTimes(1);
    expect(checked).not.toBe(await decoyHash());
  });

  it.each([
    ['an unknown username', 'nobody'],
    ['a deleted account', 'zhao'],
  ])('checks %s against the decoy hash, once', async (_, username) => {
    expect(await hashesChecked(username, '1357')).toEqual([await decoyHash()]);
  });

  it('checks a locked account against the decoy hash, once, like an unknown name', async () => {
    for (let i = 0; i < lockAfterFailures; i++)
      await call('signIn', { username: 'wang', secret: '1357' });
    expect(await hashesChecked('wang', '2468')).toEqual([await decoyHash()]);
  });
});
