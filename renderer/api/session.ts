// The sign-in session of this window: kept in sessionStorage (gone when the window closes, not
// shared with other windows) and handed to the client, which sends it with every call.
import type { KioskClient } from '../../contract/client';

const key = 'kiosk.session';

export function saveSession(client: KioskClient, token: string | null): void {
  client.setSession?.(token);
  try {
    if (token === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, token);
  } catch {
    // Storage refused (a locked-down browser): the session lasts until the page reloads.
  }
}

export function restoreSession(client: KioskClient): void {
  try {
    client.setSession?.(sessionStorage.getItem(key));
  } catch {
    client.setSession?.(null);
  }
}
