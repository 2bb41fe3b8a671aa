// Server mode under the attacks a security review ran on it, over real HTTP: parallel PIN
// guessing from one and from several addresses (behind a proxy, told apart by X-Forwarded-For),
// a padded username that slipped past the limiter, a proxy that made everyone one caller, an
// event stream that kept an admin from idling out, a lock-out that told who exists, and large
// bodies read before the caller was known.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { lockAfterFailures } from '../../backend/accounts/sign-in';
import { useDispatchKiosk } from '../rigs/dispatch-kiosk';
import { sendRequest } from '../rigs/http-request';
import { startServer, type RunningServer, type ServerOptions } from '../../server/server';
import { defaultSignInLimits } from '../../server/sign-in-limiter';

const servers: RunningServer[] = [];

const rig = useDispatchKiosk({
  name: 'attacks',
  clock: '2026-11-23T08:00:00.000Z',
  setUp: async () => {
    await call('createFirstAdmin', {
      username: 'admin',
      displayName: '李老师',
      password: 'correct horse',
    });
  },
});
/** The call's value; throws when it answers an error. */
const call = rig.value;
const { rows } = rig;

// Registered after the rig's, so it runs before it (the last registered runs first): the
// servers close before the kiosk they serve.
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

/** The guard 王师傅 (wang) with this PIN. */
async function guardWithPin(pin: string): Promise<void> {
  const admin = await call('signIn', { username: 'admin', secret: 'correct horse' });
  const session = String(admin.token);
  await call(
    'createAccount',
    { username: 'wang', displayName: '王师傅', role: 'guard', secret: pin },
    session,
  );
  await call('signOut', {}, session);
}

async function serve(options: Partial<ServerOptions> = {}): Promise<RunningServer> {
  const server = await startServer({ kiosk: rig.kiosk, staticDir: null, port: 0, ...options });
  servers.push(server);
  return server;
}

/** Behind a proxy on this machine: every test request comes from 127.0.0.1. */
const behindProxy = () => serve({ behindProxy: true });

interface Answer {
  status: number;
  body: string;
}

/** A request, POST unless told otherwise; its status and body, what a test compares whole. */
async function send(
  server: RunningServer,
  pathname: string,
  options: { body?: unknown; headers?: Record<string, string>; method?: string } = {},
): Promise<Answer> {
  const { status, body } = await sendRequest(server, options.method ?? 'POST', pathname, options);
  return { status, body };
}

/** A sign-in as the proxy passes it on from `client`. */
const signInFrom = (server: RunningServer, client: string, username: string, secret: string) =>
  send(server, '/api/op/signIn', {
    body: { username, secret },
    headers: { 'x-forwarded-for': client },
  });

/** How many wrong secrets were really checked against wang's hash. */
const wrongChecked = () =>
  rows(
    `SELECT count(*) AS n FROM audit_log l JOIN accounts a ON a.id = l.account_id
     WHERE a.username = 'wang' AND l.action = 'signIn.failed'`,
  )[0]?.n;

const lockedUntil = () =>
  rows("SELECT locked_until FROM accounts WHERE username = 'wang'")[0]?.locked_until;

const pin = (n: number) => String(n).padStart(4, '0');

/** Waits until one wrong PIN has been checked and refused: by then every attempt has arrived. */
const firstRefusal = (answers: Promise<Answer>[]) =>
  new Promise<void>((resolve) => {
    for (const answer of answers) void answer.then(({ status }) => status === 401 && resolve());
  });

describe('parallel PIN guessing (F1)', () => {
  it('checks no more wrong PINs than the lockout from three addresses, and then not the right one', async () => {
    await guardWithPin('0029');
    const server = await behindProxy();
    const clients = ['198.51.100.1', '198.51.100.2', '198.51.100.3'];
    const wrong = Array.from({ length: 29 }, (_, i) =>
      signInFrom(server, clients[i % 3] ?? '', 'wang', pin(i)),
    );
    // The right PIN goes while the wrong ones are still being checked, from a fourth computer.
    await firstRefusal(wrong);
    const right = await signInFrom(server, '198.51.100.4', 'wang', '0029');
    const answers = [...(await Promise.all(wrong)), right];
    expect(wrongChecked()).toBeLessThanOrEqual(lockAfterFailures);
    expect(answers.filter((answer) => answer.status === 200)).toEqual([]);
    expect(right.status).toBe(401);
    expect(Date.parse(String(lockedUntil()))).toBeGreaterThan(rig.clock.getTime());
  });

  it('lets one address check no more than its share, however many it sends at once', async () => {
    await guardWithPin('0009');
    const server = await behindProxy();
    const wrong = Array.from({ length: 9 }, (_, i) =>
      signInFrom(server, '198.51.100.9', 'wang', pin(i)),
    );
    await firstRefusal(wrong);
    const right = await signInFrom(server, '198.51.100.9', 'wang', '0009');
    const answers = [...(await Promise.all(wrong)), right];
    expect(wrongChecked()).toBe(defaultSignInLimits.failuresPerAccount);
    expect(answers.filter((answer) => answer.status === 200)).toEqual([]);
    expect(answers.filter((answer) => answer.status !== 429)).toHaveLength(
      defaultSignInLimits.failuresPerAccount,
    );
    // One short of the lockout: the guard still signs in from the gate's own computer.
    expect((await signInFrom(server, '198.51.100.50', 'wang', '0009')).status).toBe(200);
  });
});

describe('a padded username (F2)', () => {
  it('counts the same account however many spaces come before its name', async () => {
    const server = await behindProxy();
    const attacker = '198.51.100.66';
    for (let i = 0; i < defaultSignInLimits.failuresPerAccount; i++) {
      expect((await signInFrom(server, attacker, 'admin', 'wrong guess')).status).toBe(401);
    }
    const padded = await signInFrom(server, attacker, `${' '.repeat(60)}admin`, 'wrong guess');
    expect(padded.status).toBe(429);
    expect((await signInFrom(server, '198.51.100.20', 'admin', 'correct horse')).status).toBe(200);
  });
});

describe('behind a proxy (F4)', () => {
  it('counts each computer by the address the proxy names, and logs that address', async () => {
    const server = await behindProxy();
    const noisy = '198.51.100.7';
    for (let i = 0; i < defaultSignInLimits.attemptsPerWindow; i++) {
      await signInFrom(server, noisy, `nobody${i}`, 'wrong guess');
    }
    expect((await signInFrom(server, noisy, 'nobody', 'wrong guess')).status).toBe(429);
    // What the caller wrote into the header before the proxy appended the real address is not
    // believed: the right-most entry is.
    expect((await signInFrom(server, `203.0.113.9, ${noisy}`, 'nobody', 'x')).status).toBe(429);
    // The admin on another computer signs in at once.
    const admin = await signInFrom(server, '198.51.100.20', 'admin', 'correct horse');
    expect(admin.status).toBe(200);
    expect(rows("SELECT origin FROM audit_log WHERE action = 'signIn'")).toEqual([
      { origin: 'server 198.51.100.20' },
    ]);
  });
});

describe('the event stream (F8)', () => {
  it('does not keep an admin session from idling out when it is opened', async () => {
    const server = await serve({ trustLoopback: false });
    const signedIn = await signInFrom(server, '198.51.100.20', 'admin', 'correct horse');
    const session = String((JSON.parse(signedIn.body) as { token: string }).token);
    const issued = await send(server, '/api/events/ticket', {
      headers: { 'x-kiosk-session': session, 'x-forwarded-for': '198.51.100.20' },
    });
    const ticket = String((JSON.parse(issued.body) as { ticket: string }).ticket);
    // Whoever holds the ticket opens the stream 20 minutes later…
    rig.clock = new Date('2026-11-23T08:20:00.000Z');
    const opened = await send(server, `/api/events?ticket=${ticket}`, { method: 'GET' });
    expect(opened.status).toBe(200);
    // …and 31 minutes after the admin's last call the session is idle all the same.
    rig.clock = new Date('2026-11-23T08:31:00.000Z');
    expect(rig.kiosk.authenticate(session, false)).toBeNull();
  });
});

describe('a locked account (F9)', () => {
  it('answers exactly as an unknown username does, even to its right PIN', async () => {
    await guardWithPin('2468');
    const server = await behindProxy();
    // Five wrong tries from five computers lock the account.
    for (let i = 0; i < lockAfterFailures; i++) {
      await signInFrom(server, `198.51.100.${30 + i}`, 'wang', '1357');
    }
    const locked = await signInFrom(server, '198.51.100.40', 'wang', '2468');
    const unknown = await signInFrom(server, '198.51.100.41', 'nobody', '2468');
    expect(locked).toEqual(unknown);
    expect(locked.status).toBe(401);
  });
});

describe('request bodies (F10)', () => {
  const headersOnly = (
    server: RunningServer,
    pathname: string,
    headers: Record<string, string>,
  ) => {
    const url = new URL(server.url);
    return new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
      let continued = false;
      const outgoing = request({
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: pathname,
        headers: { 'content-type': 'application/json', ...headers },
      });
      outgoing.on('continue', () => (continued = true));
      outgoing.on('response', (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, continued });
        outgoing.destroy();
      });
      outgoing.on('error', (error) => (outgoing.destroyed ? undefined : reject(error)));
      // The 8 MB are announced and never sent: only an answer that needs no body comes back.
      outgoing.flushHeaders();
      setTimeout(() => {
        resolve({ status: 0, continued });
        outgoing.destroy();
      }, 2000);
    });
  };

  it('answers a caller without a session before its body is sent', async () => {
    const server = await behindProxy();
    const big = { 'content-length': String(8 * 1024 * 1024), 'x-forwarded-for': '198.51.100.5' };
    expect(await headersOnly(server, '/api/op/listAccounts', big)).toEqual({
      status: 401,
      continued: false,
    });
    expect(
      await headersOnly(server, '/api/op/importRoster', { ...big, expect: '100-continue' }),
    ).toEqual({ status: 401, continued: false });
    // Signing in is open, with room for a username and a secret only.
    expect(await headersOnly(server, '/api/op/signIn', big)).toEqual({
      status: 413,
      continued: false,
    });
  });

  it('keeps signing in open, with a small body, and large bodies for those signed in', async () => {
    const server = await behindProxy();
    const from = { 'x-forwarded-for': '198.51.100.5' };
    const long = { username: 'admin', secret: 'x'.repeat(100_000) };
    expect((await send(server, '/api/op/signIn', { body: long, headers: from })).status).toBe(413);
    const signedIn = await signInFrom(server, '198.51.100.5', 'admin', 'correct horse');
    expect(signedIn.status).toBe(200);
    const session = String((JSON.parse(signedIn.body) as { token: string }).token);
    const padded = { limit: 5, padding: 'x'.repeat(100_000) };
    const answer = await send(server, '/api/op/auditLog', {
      body: padded,
      headers: { ...from, 'x-kiosk-session': session },
    });
    // Read and parsed: refused for its extra field, not for its size.
    expect(answer.status).toBe(400);
    expect(answer.body).not.toContain('too large');
  });
});
