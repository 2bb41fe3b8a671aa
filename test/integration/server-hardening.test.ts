// Server mode against callers that are not the kiosk's own window: the bind address, the
// security headers on every answer, sign-in before anything but signing in from another
// computer (operations and the event stream), and the sign-in rate limit per address.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anonymousCaller } from '../../contract/api';
import { createKiosk, type Kiosk } from '../../backend/kiosk';
import { startServer, type RunningServer, type ServerOptions } from '../../server/server';
import { contentSecurityPolicy } from '../../backend/serving/security-headers';
import { createHttpClient, type EventSourceLike } from '../../renderer/api/http-client';
import { sendRequest as send } from '../rigs/http-request';

let dir: string;
let staticDir: string;
let kiosk: Kiosk;
const servers: RunningServer[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kiosk-hardening-'));
  staticDir = path.join(dir, 'renderer');
  await mkdir(staticDir);
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>kiosk</title>');
  await writeFile(path.join(staticDir, 'app.js'), 'console.log(1)');
  kiosk = await createKiosk({ dataDir: dir });
  await kiosk.handlers.createFirstAdmin(
    { username: 'li', displayName: '李老师', password: 'correct horse' },
    anonymousCaller,
  );
});

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  await kiosk.close();
  await rm(dir, { recursive: true, force: true });
});

async function serve(options: Partial<ServerOptions> = {}): Promise<RunningServer> {
  const server = await startServer({ kiosk, staticDir, port: 0, ...options });
  servers.push(server);
  return server;
}

const op = (server: RunningServer, name: string, body: unknown = {}, session?: string) =>
  send(server, 'POST', `/api/op/${name}`, {
    body,
    headers: session === undefined ? {} : { 'x-kiosk-session': session },
  });

async function signIn(server: RunningServer, from?: string): Promise<string> {
  const answer = await send(server, 'POST', '/api/op/signIn', {
    body: { username: 'li', secret: 'correct horse' },
    from,
  });
  expect(answer.status, answer.body).toBe(200);
  return String(answer.json().token);
}

describe('binding', () => {
  it('refuses an address other computers reach unless allowLan, in plain words', async () => {
    await expect(serve({ host: '0.0.0.0' })).rejects.toThrow(/other computers can reach/);
    const lan = await serve({ host: '0.0.0.0', allowLan: true });
    expect(lan.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await send(lan, 'GET', '/api/status')).status).toBe(200);
  });

  it('listens on 127.0.0.1 by default', async () => {
    expect((await serve()).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('security headers', () => {
  const common = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': expect.stringMatching(/^camera=\(self\), microphone=\(\)/) as unknown,
  };

  it('sends the screen policy with every page and file', async () => {
    const server = await serve();
    for (const pathname of ['/', '/index.html', '/app.js']) {
      const answer = await send(server, 'GET', pathname);
      expect(answer.status, pathname).toBe(200);
      expect(answer.headers, pathname).toMatchObject({
        ...common,
        'content-security-policy': contentSecurityPolicy,
      });
      expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  it.each([
    ['an operation', 'POST', '/api/op/status', 200],
    ['the status', 'GET', '/api/status', 200],
    ['a refused call', 'POST', '/api/op/listAccounts', 401],
    ['an unknown API path', 'GET', '/api/nothing', 404],
    ['a missing file', 'GET', '/nothing.html', 404],
    ['a path attack', 'GET', '/a%2fb', 400],
    ['the event stream', 'GET', '/api/events', 200],
  ])('sends no-store and a deny-all policy with %s', async (_, method, pathname, status) => {
    const server = await serve();
    const answer = await send(server, method, pathname, method === 'POST' ? { body: {} } : {});
    expect(answer.status).toBe(status);
    expect(answer.headers).toMatchObject({
      ...common,
      'cache-control': 'no-store',
      'content-security-policy': expect.stringContaining("default-src 'none'") as unknown,
    });
  });

  it('sends them with a refused Host too', async () => {
    const server = await serve();
    const answer = await send(server, 'GET', '/', { headers: { host: 'evil.example' } });
    expect(answer.status).toBe(421);
    expect(answer.headers).toMatchObject(common);
  });
});

describe('another computer', () => {
  // trustLoopback: false makes this test's own requests count as another computer's.
  const remote = () => serve({ trustLoopback: false });

  it.each([
    ['status', {}],
    ['scan', { text: 'S2026001', source: 'wedge' }],
    ['recentEntries', { limit: 5 }],
    ['manualReading', { celsius: 36.5 }],
    ['simulateReading', { celsius: 36.5 }],
    ['cancelCheck', {}],
    ['createFirstAdmin', { username: 'x', displayName: 'X', password: 'long enough' }],
    ['listAccounts', {}],
  ])('must sign in before %s', async (name, body) => {
    const server = await remote();
    const answer = await op(server, name, body);
    expect(answer.status).toBe(401);
    expect(answer.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('may sign in, and then use the gate operations', async () => {
    const server = await remote();
    expect((await op(server, 'setupStatus')).json()).toEqual({ needsFirstAdmin: false });
    expect((await op(server, 'whoAmI')).json()).toBeNull();
    expect((await send(server, 'GET', '/api/status')).status).toBe(401);
    const session = await signIn(server);
    expect((await op(server, 'status', {}, session)).status).toBe(200);
    expect((await op(server, 'recentEntries', { limit: 5 }, session)).status).toBe(200);
    const scan = await op(server, 'scan', { text: 'NOBODY', source: 'wedge' }, session);
    expect(scan.status).toBe(200);
    expect((await op(server, 'signOut', {}, session)).status).toBe(200);
    expect((await op(server, 'status', {}, session)).status).toBe(401);
  });

  it('opens the event stream only with a ticket, never with the session in the URL', async () => {
    const server = await remote();
    expect((await send(server, 'GET', '/api/events')).status).toBe(401);
    expect((await send(server, 'POST', '/api/events/ticket')).status).toBe(401);
    const session = await signIn(server);
    expect((await send(server, 'GET', `/api/events?ticket=${session}`)).status).toBe(401);
    const issued = await send(server, 'POST', '/api/events/ticket', {
      headers: { 'x-kiosk-session': session },
    });
    expect(issued.status).toBe(200);
    const ticket = String(issued.json().ticket);
    expect(ticket).not.toBe(session);
    expect((await send(server, 'GET', `/api/events?ticket=${ticket}`)).status).toBe(200);
    // The ticket is not a session: it calls nothing.
    expect((await op(server, 'status', {}, ticket)).status).toBe(401);
    await op(server, 'signOut', {}, session);
    expect((await send(server, 'GET', `/api/events?ticket=${ticket}`)).status).toBe(401);
  });

  it('ends an event stream when its session goes idle, without keeping it alive itself', async () => {
    await kiosk.close();
    let clock = new Date('2026-11-23T08:00:00.000Z');
    kiosk = await createKiosk({ dataDir: dir, now: () => clock });
    const server = await serve({ trustLoopback: false, heartbeatMs: 20 });
    const session = await signIn(server);
    const issued = await send(server, 'POST', '/api/events/ticket', {
      headers: { 'x-kiosk-session': session },
    });
    const url = new URL(server.url);
    let ended = false;
    const opened = await new Promise<number>((resolve, reject) => {
      const stream = request(
        { host: url.hostname, port: url.port, path: `/api/events?ticket=${issued.json().ticket}` },
        (response) => {
          response.resume();
          response.on('end', () => (ended = true));
          resolve(response.statusCode ?? 0);
        },
      );
      stream.on('error', reject);
      stream.end();
    });
    expect(opened).toBe(200);
    // 20 minutes of heartbeats: still signed in, and the heartbeats did not count as activity…
    clock = new Date('2026-11-23T08:20:00.000Z');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ended).toBe(false);
    // …so 31 minutes after the sign-in the admin is idle, and the stream ends within a heartbeat.
    clock = new Date('2026-11-23T08:31:00.000Z');
    await expect.poll(() => ended, { timeout: 2000 }).toBe(true);
    expect((await op(server, 'status', {}, session)).status).toBe(401);
  });

  it('gets the renderer client a ticket when it signs in, and drops it when it signs out', async () => {
    const server = await remote();
    const opened: string[] = [];
    const fake: EventSourceLike = {
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      close: () => undefined,
    };
    const transport = {
      fetch: (url: string, init: RequestInit) => fetch(url, init),
      openEvents: (url: string) => (opened.push(url), fake),
    };
    const client = createHttpClient(server.url, transport);
    client.subscribe('reading', () => undefined);
    const signedIn = await client.call('signIn', { username: 'li', secret: 'correct horse' });
    client.setSession?.(signedIn.token);
    await expect.poll(() => opened.length).toBe(2);
    expect(opened[0]).toBe(`${server.url}/api/events`);
    expect(opened[1]).toMatch(/\/api\/events\?ticket=[\w-]+$/);
    expect(opened[1]).not.toContain(signedIn.token);
    const pathname = new URL(opened[1] ?? '').pathname + new URL(opened[1] ?? '').search;
    expect((await send(server, 'GET', pathname)).status).toBe(200);
    await client.call('signOut', {});
    client.setSession?.(null);
    expect(opened[2]).toBe(`${server.url}/api/events`);
    expect((await send(server, 'GET', pathname)).status).toBe(401);
  });

  it('leaves the gate screen open to this machine', async () => {
    const server = await serve();
    expect((await op(server, 'status')).status).toBe(200);
    expect((await send(server, 'GET', '/api/events')).status).toBe(200);
  });
});

// A real network address of this machine, when it has one: requests to it come from it, so the
// server sees another computer without any test switch.
const lanAddress = Object.values(networkInterfaces())
  .flatMap((entries) => entries ?? [])
  .find((entry) => !entry.internal && entry.family === 'IPv4')?.address;

describe.skipIf(lanAddress === undefined)(`on the school network (${lanAddress})`, () => {
  it('accepts its configured host and asks callers on it to sign in', async () => {
    const server = await serve({ host: lanAddress, allowLan: true });
    expect(server.url).toBe(`http://${lanAddress}:${new URL(server.url).port}`);
    const status = await send(server, 'GET', '/api/status');
    expect(status.status).toBe(401);
    expect((await send(server, 'GET', '/')).status).toBe(200);
    const session = await signIn(server);
    expect((await op(server, 'status', {}, session)).status).toBe(200);
  });

  it('on 0.0.0.0, accepts this machine’s addresses as Host, and no other name', async () => {
    const server = await serve({ host: '0.0.0.0', allowLan: true, hostNames: ['gate.lan'] });
    const port = new URL(server.url).port;
    const lan = { ...server, url: `http://${lanAddress}:${port}` };
    expect((await send(lan, 'GET', '/')).status).toBe(200);
    expect((await send(lan, 'GET', '/', { headers: { host: `gate.lan:${port}` } })).status).toBe(
      200,
    );
    expect((await send(lan, 'GET', '/', { headers: { host: `evil.lan:${port}` } })).status).toBe(
      421,
    );
  });
});

describe('sign-in rate limit', () => {
  it('answers 429 after 10 attempts a minute from one address, and not for the others', async () => {
    const server = await serve();
    const attempts = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        send(server, 'POST', '/api/op/signIn', {
          body: { username: `nobody${i}`, secret: 'wrong' },
          from: '127.0.0.2',
        }),
      ),
    );
    const statuses = attempts.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 401)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20);
    const limited = attempts.find((answer) => answer.status === 429);
    expect(limited?.json()).toMatchObject({ error: { code: 'rate-limited' } });
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0);
    // The rest of the school signs in as usual.
    await signIn(server, '127.0.0.1');
  });

  it('never lets one address lock the account for everyone', async () => {
    const server = await serve();
    const wrong = () =>
      send(server, 'POST', '/api/op/signIn', {
        body: { username: 'li', secret: 'guess' },
        from: '127.0.0.3',
      });
    for (let i = 0; i < 4; i++) expect((await wrong()).status).toBe(401);
    for (let i = 0; i < 5; i++) expect((await wrong()).status).toBe(429);
    // Four wrong tries in all reached the account: one short of its lockout.
    await signIn(server, '127.0.0.1');
  });
});
