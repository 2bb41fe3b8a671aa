// Who is signed in at the console, handed by AdminGate to the pages inside it: the tab bar shows
// only the pages the account's role may open. No token here; the session stays in api/session.ts.
import { createContext, useContext } from 'react';
import type { ActorView } from '../../contract/api';

export const ConsoleActorContext = createContext<ActorView | null>(null);

/** The account signed in at the console, or null outside AdminGate. */
export function useConsoleActor(): ActorView | null {
  return useContext(ConsoleActorContext);
}

/** Whether this role may use the console at all (a guard works at the gate, not here). */
export function mayUseConsole(role: ActorView['role']): boolean {
  return role === 'admin' || role === 'health';
}
