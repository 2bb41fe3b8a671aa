// Test rig: calls the kiosk's contract over HTTP as the renderer does, sets up the accounts a
// test needs (an admin and a guard), and hands a session to a browser page so that it opens
// already signed in (the renderer keeps its session in sessionStorage).
import type { Page } from 'playwright-core';

export interface KioskApi {
  /** Calls `name`; throws with the kiosk's error body when it answers an error. */
  op<T = unknown>(name: string, input: unknown, token?: string): Promise<T>;
}

export function kioskApi(url: string): KioskApi {
  return {
    async op<T>(name: string, input: unknown, token?: string): Promise<T> {
      const response = await fetch(`${url}/api/op/${name}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: url,
          ...(token ? { 'x-kiosk-session': token } : {}),
        },
        body: JSON.stringify(input),
      });
      const body = (await response.json()) as unknown;
      if (!response.ok) throw new Error(`${name}: ${JSON.stringify(body)}`);
      return body as T;
    },
  };
}

export const testAccounts = {
  admin: { username: 'admin', displayName: '管理员', secret: 'e2e-admin-password' },
  guard: { username: 'guard', displayName: '王保安', secret: '2468' },
};

/** On a fresh kiosk: the first admin and one guard; answers both sessions. */
export async function setUpAccounts(api: KioskApi): Promise<{ admin: string; guard: string }> {
  const { admin, guard } = testAccounts;
  await api.op('createFirstAdmin', {
    username: admin.username,
    displayName: admin.displayName,
    password: admin.secret,
  });
  const adminToken = await signIn(api, admin.username, admin.secret);
  await api.op('createAccount', { ...guard, role: 'guard' }, adminToken);
  return { admin: adminToken, guard: await signIn(api, guard.username, guard.secret) };
}

export async function signIn(api: KioskApi, username: string, secret: string): Promise<string> {
  return (await api.op<{ token: string }>('signIn', { username, secret })).token;
}

/** Makes every page load in `page` start with this session, as if signed in by hand. */
export async function useSession(page: Page, token: string): Promise<void> {
  await page.addInitScript((value) => sessionStorage.setItem('kiosk.session', value), token);
}
