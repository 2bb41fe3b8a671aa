// The README promises that the health-code verifier never follows a redirect: a platform (or
// whoever sits between the kiosk and it) answering 3xx must not send the pupil's code to another
// address, nor have that address's "green" believed. Two servers on 127.0.0.1: one answers
// every request with a redirect, the other would say green and records whether anyone came.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOnlineVerifier } from '../../../backend/health-code/health-code-verifier';

interface Listening {
  server: Server;
  url: string;
}

async function listen(server: Server): Promise<Listening> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/verify` };
}

async function close({ server }: Listening): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** What reached the redirect's target: method and body of each request. */
const reached: { method: string; body: string }[] = [];
let status = 302;
let target: Listening;
let redirector: Listening;

beforeAll(async () => {
  target = await listen(
    createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        reached.push({ method: request.method ?? '', body });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ result: 'green' }));
      });
    }),
  );
  redirector = await listen(
    createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(status, { location: target.url, 'content-type': 'text/plain' });
        response.end('moved');
      });
    }),
  );
});

afterAll(async () => {
  await close(redirector);
  await close(target);
});

beforeEach(() => {
  reached.length = 0;
});

describe('the online verifier and redirects', () => {
  it('the redirect target would answer green to anyone who came (the control)', async () => {
    const verifier = createOnlineVerifier({ url: target.url, timeoutSeconds: 2 });
    expect(await verifier.verify('code-direct')).toBe('green');
    expect(reached).toEqual([{ method: 'POST', body: JSON.stringify({ code: 'code-direct' }) }]);
  });

  it.each([301, 302, 303, 307, 308])(
    'a %i is failed, and the code never reaches the address it points to',
    async (code) => {
      status = code;
      const verifier = createOnlineVerifier({ url: redirector.url, timeoutSeconds: 2 });
      expect(await verifier.verify('code-redirected')).toBe('failed');
      // Give a followed request the time to arrive before saying it did not.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(reached).toEqual([]);
    },
  );
});
