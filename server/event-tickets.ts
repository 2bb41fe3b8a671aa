// Tickets for server mode's event stream. A browser's EventSource cannot send the session
// header, and a session token in a URL could end up in a proxy's log and then call anything.
// So a signed-in page trades its session (in the header) for a ticket that opens the event
// stream and nothing else, good while its session is, dropped at sign-out.
import { randomBytes } from 'node:crypto';

export interface EventTickets {
  /** The ticket for `session` (the same one again while it lives). */
  issue(session: string): string;
  /** The session a ticket stands for, or null. */
  sessionOf(ticket: string): string | null;
  /** Forgets the session's ticket (sign-out). */
  revoke(session: string): void;
}

export function createEventTickets(maxTickets = 1000): EventTickets {
  const sessionByTicket = new Map<string, string>();
  const ticketBySession = new Map<string, string>();
  return {
    issue(session) {
      const existing = ticketBySession.get(session);
      if (existing !== undefined) return existing;
      const ticket = randomBytes(24).toString('base64url');
      sessionByTicket.set(ticket, session);
      ticketBySession.set(session, ticket);
      // Sessions end without telling us (expiry); the oldest tickets go first.
      while (sessionByTicket.size > maxTickets) {
        const [oldTicket, oldSession] = sessionByTicket.entries().next().value ?? [];
        if (oldTicket === undefined || oldSession === undefined) break;
        sessionByTicket.delete(oldTicket);
        ticketBySession.delete(oldSession);
      }
      return ticket;
    },
    sessionOf(ticket) {
      return sessionByTicket.get(ticket) ?? null;
    },
    revoke(session) {
      const ticket = ticketBySession.get(session);
      if (ticket === undefined) return;
      ticketBySession.delete(session);
      sessionByTicket.delete(ticket);
    },
  };
}
