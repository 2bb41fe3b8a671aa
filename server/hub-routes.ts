// The school hub's routes for its gates (docs/school-hub.md): POST /hub/v1/feed and
// /hub/v1/records, each signed by an enrolled gate (backend/hub/hub-gates.ts). The body is read
// raw, because the signature covers its bytes, and never beyond the limit; anything but a
// signed POST from a known gate is refused before the hub looks at it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HubService } from '../backend/hub/hub-service';
import { apiSecurityHeaders } from '../backend/serving/security-headers';

// 2,000 records of a gate's backlog with every column: a few MB.
const maxBodyBytes = 16 * 1024 * 1024;

const routes = { '/hub/v1/feed': 'feed', '/hub/v1/records': 'records' } as const;

/** True when this was a hub route and has been answered. */
export async function handleHubRoute(
  hub: HubService | null,
  pathname: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  if (!pathname.startsWith('/hub/')) return false;
  const route = routes[pathname as keyof typeof routes] as 'feed' | 'records' | undefined;
  if (hub === null || route === undefined) {
    send(response, 404, { error: 'not-found', message: 'This kiosk is not a school hub.' });
    return true;
  }
  if (request.method !== 'POST') {
    send(response, 405, { error: 'bad-input', message: 'Use POST.' });
    return true;
  }
  const body = await readBody(request);
  if (body === null) {
    send(response, 413, { error: 'too-large', message: 'Request body too large.' });
    return true;
  }
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  try {
    const answer = await hub.handle(route, {
      gateId: header('x-gate-id'),
      timestamp: header('x-timestamp'),
      signature: header('x-signature'),
      method: 'POST',
      path: pathname,
      body,
    });
    const bytes = Buffer.from(JSON.stringify(answer.body));
    send(response, answer.status, bytes, answer.sign?.(bytes));
  } catch (error) {
    // The gate tries again; the hub's operator needs to see why it keeps failing.
    console.error(`The school hub could not answer ${pathname}:`, error);
    send(response, 500, { error: 'internal', message: (error as Error).message });
  }
  return true;
}

async function readBody(request: IncomingMessage): Promise<Buffer | null> {
  if (Number(request.headers['content-length'] ?? 0) > maxBodyBytes) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, status: number, value: unknown, signature?: string): void {
  response.writeHead(status, {
    ...apiSecurityHeaders(),
    'content-type': 'application/json; charset=utf-8',
    ...(signature === undefined ? {} : { 'x-signature': signature }),
  });
  response.end(Buffer.isBuffer(value) ? value : JSON.stringify(value));
}
