// Who is signed in at this gate window, shared by the guard's corner: the sign-in box sets it,
// the manual-reading form reads it (to hide the name field). A tiny external store, so neither
// component owns the other. It holds no token — the session itself stays in api/session.ts.
import { useSyncExternalStore } from 'react';
import type { ActorView } from '../../contract/api';

let current: ActorView | null = null;
/** Counts the changes of who is signed in: a sign-out and the nobody before a sign-in differ. */
let changes = 0;
const listeners = new Set<() => void>();

export function setSignedInGuard(actor: ActorView | null): void {
  if (actor === current) return;
  current = actor;
  changes += 1;
  for (const listener of listeners) listener();
}

function subscribe(changed: () => void): () => void {
  listeners.add(changed);
  return () => listeners.delete(changed);
}

/** Changes each time someone signs in or out at this window. */
export function useSignInChanges(): number {
  return useSyncExternalStore(subscribe, () => changes);
}

export function signedInGuard(): ActorView | null {
  return current;
}

/** The account signed in at the gate (a guard, or an admin standing in), or null. */
export function useSignedInGuard(): ActorView | null {
  return useSyncExternalStore(subscribe, signedInGuard);
}
