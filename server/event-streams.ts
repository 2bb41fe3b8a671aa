// Server mode's event streams (GET /api/events): the kiosk's events as server-sent events, to
// the gate's own screen and to signed-in computers, which bring a ticket (event-tickets.ts)
// standing for their session. A stream ends with its session: at sign-out, expiry or idleness.
import type { ServerResponse } from 'node:http';
import type { Kiosk } from '../backend/kiosk';
import { apiSecurityHeaders } from '../backend/serving/security-headers';
import { eventSchemas, type EventName } from '../contract/api';
import type { EventTickets } from './event-tickets';

export interface EventStreamOptions {
  kiosk: Pick<Kiosk, 'events' | 'authenticate'>;
  tickets: EventTickets;
  /** How often a stream says it is alive and checks its session. */
  heartbeatMs: number;
}

export function createEventStreams({ kiosk, tickets, heartbeatMs }: EventStreamOptions) {
  /** Open event streams, with the session each was opened for (null: this machine's screen). */
  const streams = new Map<ServerResponse, string | null>();

  /** Signed out: its ticket stops working and the streams it opened close. */
  function endSession(session: string): void {
    tickets.revoke(session);
    for (const [stream, owner] of streams) if (owner === session) stream.end();
  }

  return {
    /** Streams the events on `response`; false, writing nothing, when the caller may not. */
    open(response: ServerResponse, url: URL, local: boolean): boolean {
      // EventSource cannot send the session header: another computer brings a ticket
      // (event-tickets.ts) that stands for its session.
      const ticket = url.searchParams.get('ticket');
      const session = ticket === null ? null : tickets.sessionOf(ticket);
      // Checking the ticket's session is no activity: a ticket holder keeps no admin signed in.
      if (!local && (session === null || kiosk.authenticate(session, false) === null)) {
        if (session !== null) tickets.revoke(session);
        return false;
      }
      response.writeHead(200, {
        ...apiSecurityHeaders(),
        'content-type': 'text/event-stream; charset=utf-8',
        connection: 'keep-alive',
      });
      response.write('retry: 1000\n\n');
      streams.set(response, session);
      // A session that expired or went idle ends its stream at the next heartbeat; asking does
      // not count as activity, or an open screen would keep an admin signed in forever.
      const heartbeat = setInterval(() => {
        if (session !== null && kiosk.authenticate(session, false) === null) {
          endSession(session);
          return;
        }
        response.write(': keep-alive\n\n');
      }, heartbeatMs);
      const unsubscribe = (Object.keys(eventSchemas) as EventName[]).map((event) =>
        kiosk.events.on(event, (payload) => {
          response.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
        }),
      );
      response.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe.forEach((off) => off());
        streams.delete(response);
      });
      return true;
    },
    endSession,
    /** Ends every open stream: the server is closing. */
    closeAll(): void {
      for (const stream of streams.keys()) stream.end();
    },
  };
}
