// What a gate's link to its hub (backend/replica/hub-link.ts) says is wrong, by code, for the
// guard station to put in words: a real hub served over loopback HTTP refusing a revoked gate,
// one it does not know, a wrong secret and a wrong clock; another hub; a hub restored from an
// older backup (and the hub's notice for the office, with both numbers); and at the hub's
// address nothing listening, a failing server, an answer the hub did not sign, a refusal the hub
// never makes, and a page that cannot be applied. Each keeps its English detail for the logs,
// and a code goes away once the hub answers again.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signAnswer } from '../../../backend/hub/hub-gates';
import { createHubService, type HubService } from '../../../backend/hub/hub-service';
import { createHubLink, type HubConfig, type HubLink } from '../../../backend/replica/hub-link';
import type { HubLinkStatus } from '../../../contract/api';
import { handleHubRoute } from '../../../server/hub-routes';
import { removeTempDirs } from '../../fixtures/temp-data-dir';
import { startSchool, type School } from './hub-rig';

/** An answer the test makes instead of the hub's; signed with the gate's secret when asked. */
type Scripted = (path: string) => { status: number; body: unknown; signed: boolean };

let school: School;
let service: HubService;
let secret: string;
let server: Server;
let url: string;
let scripted: Scripted | null;
let links: HubLink[];

beforeEach(async () => {
  school = startSchool();
  service = createHubService({
    ...school.hub,
    passKeys: () => school.passKeys,
    now: () => school.clock.now,
    onEntries: () => undefined,
  });
  secret = service.gates.enroll('east');
  scripted = null;
  links = [];
  server = createServer((request, response) => void answer(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  for (const link of links) await link.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  service.close();
  school.close();
  removeTempDirs();
});

async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { pathname } = new URL(request.url ?? '/', 'http://localhost');
  if (scripted === null) {
    await handleHubRoute(service, pathname, request, response);
    return;
  }
  for await (const chunk of request) void chunk;
  const made = scripted(pathname);
  const bytes = Buffer.from(JSON.stringify(made.body));
  const asked = String(request.headers['x-signature']);
  response.writeHead(made.status, {
    'content-type': 'application/json',
    ...(made.signed ? { 'x-signature': signAnswer(secret, pathname, asked, bytes) } : {}),
  });
  response.end(bytes);
}

/** The gate's link, started; `until` resolves with the first status it reports that matches. */
function startLink(config: Partial<HubConfig> = {}, gateNow = () => school.clock.now) {
  const reported: HubLinkStatus[] = [];
  const waiting: {
    accept: (status: HubLinkStatus) => boolean;
    resolve: (status: HubLinkStatus) => void;
  }[] = [];
  const link = createHubLink({
    config: { url, gateId: 'east', secret, ...config },
    replica: school.replica,
    records: { read: () => [], waiting: () => 0 },
    health: () => ({
      version: '1.4.0',
      thermometer: 'none',
      relay: 'none',
      districtWaiting: null,
      districtLastSuccessAt: null,
    }),
    now: gateNow,
    onApplied: () => undefined,
    onStatus: (status) => {
      reported.push(status);
      for (const each of waiting.filter(({ accept }) => accept(status))) each.resolve(status);
    },
    uploadsToDistrict: false,
    waitSeconds: 1,
  });
  links.push(link);
  link.start();
  return {
    link,
    until(accept: (status: HubLinkStatus) => boolean): Promise<HubLinkStatus> {
      const seen = reported.find(accept);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => waiting.push({ accept, resolve }));
    },
  };
}

/** The first status that is not well. */
const trouble = (status: HubLinkStatus): boolean => status.errorCode !== null;

describe('the hub refuses the gate', () => {
  it('revoked', async () => {
    service.gates.revoke('east');
    const seen = await startLink().until(trouble);
    expect(seen).toMatchObject({ state: 'refused', errorCode: 'revoked' });
    expect(seen.error).toBe('the hub refused this gate: revoked');
  });

  it('unknown-gate: a gate the hub has not enrolled', async () => {
    const seen = await startLink({ gateId: 'west' }).until(trouble);
    expect(seen).toMatchObject({ state: 'refused', errorCode: 'unknown-gate' });
  });

  it('bad-signature: a secret that is not the gate’s', async () => {
    const seen = await startLink({ secret: 'an old secret' }).until(trouble);
    expect(seen).toMatchObject({ state: 'refused', errorCode: 'bad-signature' });
  });

  it('clock: the gate’s clock a day off the hub’s', async () => {
    const tomorrow = () => new Date(school.clock.now.getTime() + 86_400_000);
    const seen = await startLink({}, tomorrow).until(trouble);
    expect(seen).toMatchObject({ state: 'refused', errorCode: 'clock' });
  });

  it('another-hub: the address answers with another hub’s id', async () => {
    const seen = await startLink({ hubId: 'the-other-school' }).until(trouble);
    expect(seen).toMatchObject({ state: 'refused', errorCode: 'another-hub' });
    expect(seen.error).toContain('is another hub');
  });
});

describe('a hub restored from an older backup', () => {
  it('hub-restored at the gate, still online; changes-restored for the office at the hub', async () => {
    school.sync();
    const head = school.feed.head();
    // The gate held 40 changes the backup lacks.
    school.replica.rewindFeed(head + 40);
    const seen = await startLink().until((status) => status.state === 'online');
    expect(seen).toMatchObject({ errorCode: 'hub-restored' });
    expect(seen.error).toContain(`before this gate's ${head + 40}`);
    const [gate] = service.gates.list();
    expect(gate?.notice).toEqual({
      code: 'changes-restored',
      at: school.clock.now.toISOString(),
      gateHad: head + 40,
      hubHas: head,
    });
  });
});

describe('at the hub’s address', () => {
  it('unreachable: nothing listening', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const seen = await startLink().until(trouble);
    expect(seen).toMatchObject({ state: 'offline', errorCode: 'unreachable' });
    expect(seen.error).toContain('ECONNREFUSED');
  });

  it('unreachable: the server fails (5xx); sync-failed: it answers 4xx', async () => {
    scripted = () => ({ status: 502, body: { error: 'bad gateway' }, signed: false });
    expect(await startLink().until(trouble)).toMatchObject({
      state: 'offline',
      errorCode: 'unreachable',
      error: 'the hub answered 502',
    });
    scripted = () => ({ status: 404, body: { error: 'not-found' }, signed: false });
    expect(await startLink().until(trouble)).toMatchObject({
      state: 'offline',
      errorCode: 'sync-failed',
      error: 'the hub answered 404',
    });
  });

  it('unsigned-answer: a page the hub did not sign is not taken', async () => {
    const page = school.page();
    scripted = () => ({ status: 200, body: page, signed: false });
    const seen = await startLink().until(trouble);
    expect(seen).toMatchObject({ state: 'offline', errorCode: 'unsigned-answer' });
    expect(school.replica.meta().cursor).toBe(0);
  });

  it('unsigned-answer: a refusal the hub never makes', async () => {
    scripted = () => ({ status: 401, body: { error: 'sign in first' }, signed: false });
    expect(await startLink().until(trouble)).toMatchObject({
      state: 'refused',
      errorCode: 'unsigned-answer',
    });
  });

  it('sync-failed: a signed page that cannot be applied, until the hub answers again', async () => {
    scripted = () => ({
      status: 200,
      body: { hubId: school.feed.hubId, head: 5, cursor: 5, changes: null, receivedThrough: 0 },
      signed: true,
    });
    const started = startLink();
    expect(await started.until(trouble)).toMatchObject({
      state: 'offline',
      errorCode: 'sync-failed',
    });
    scripted = null;
    const back = await started.until((status) => status.state === 'online');
    expect(back).toMatchObject({ errorCode: null, error: null });
  });
});
