// Test rig: calls into a kiosk through dispatch as the gate (nobody signed in) or as a signed-in
// account, and the staff most gate tests need: the first admin and one guard.
import type { Caller } from '../../contract/api';
import { dispatch } from '../../contract/dispatch';
import type { Kiosk } from '../../backend/kiosk';

export const gateCaller: Caller = { actor: null, session: null, origin: 'gate' };

/** The calls, on whichever kiosk `kiosk()` answers at the time (tests start theirs later). */
export function gateCalls(kiosk: () => Kiosk) {
  const attempt = async (name: string, input: unknown, caller: Caller = gateCaller) =>
    dispatch(kiosk().handlers, name, input, caller, kiosk().audit);

  /** The call's value; throws when it answers an error. */
  const call = async (name: string, input: unknown, caller: Caller = gateCaller) => {
    const result = await attempt(name, input, caller);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value as unknown;
  };

  const signIn = async (username: string, secret: string): Promise<Caller> => {
    const { token } = (await call('signIn', { username, secret })) as { token: string };
    return { actor: kiosk().authenticate(token), session: token, origin: 'test' };
  };

  /** The first admin 李老师 (li) and the guard 王保安 (wang, PIN 2468), both signed in. */
  const setUpStaff = async (): Promise<{ admin: Caller; guard: Caller }> => {
    await call('createFirstAdmin', {
      username: 'li',
      displayName: '李老师',
      password: 'pw-1234567',
    });
    const admin = await signIn('li', 'pw-1234567');
    await call(
      'createAccount',
      { username: 'wang', displayName: '王保安', secret: '2468', role: 'guard' },
      admin,
    );
    return { admin, guard: await signIn('wang', '2468') };
  };

  return { attempt, call, signIn, setUpStaff };
}
