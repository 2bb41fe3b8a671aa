// A visitor's pass at a gate whose school hub is away (policy passesWhileHubAway, issue 18): a
// real hub and a real gate, each a whole kiosk in this process, the hub's routes served over
// loopback HTTP as server mode serves them, and the hub "away" when that server stops. With
// 'refuse' the gate admits the pass while it reaches the hub and refuses it ('pass-hub-away')
// while it does not; by default it admits by its own count, and when it is back the hub lists
// the use beyond the allowance in its status. A kiosk without a hub ignores the choice.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createKiosk, type Kiosk } from '../../../backend/kiosk';
import type { AppointmentView, Caller, CheckView, EntryView, Status } from '../../../contract/api';
import { dispatch } from '../../../contract/dispatch';
import { handleHubRoute } from '../../../server/hub-routes';
import { waitFor } from '../../rigs/wait-for';

const clock = { now: new Date('2026-11-23T01:00:00.000Z') };
const now = () => clock.now;
const gateCaller: Caller = { actor: null, session: null, origin: 'gate' };
const dirs: string[] = [];
const kiosks: Kiosk[] = [];
const servers: Server[] = [];
const databases = new Map<Kiosk, Database>();

afterEach(async () => {
  for (const server of servers.splice(0)) stopServing(server);
  for (const kiosk of kiosks.splice(0).reverse()) await kiosk.close();
  databases.clear();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  clock.now = new Date('2026-11-23T01:00:00.000Z');
});

/** Visitors are neither measured nor asked here: a scan of a pass decides at once. */
function policyWith(fields: object): object {
  const needs = { temperature: ['student', 'staff'], healthCode: [], questions: [] };
  return { required: { ordinary: needs, epidemic: needs }, ...fields };
}

async function startKiosk(
  config: object,
  options: { hub?: boolean; hubWaitSeconds?: number } = {},
): Promise<Kiosk> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kiosk-hub-away-'));
  dirs.push(dir);
  const configFile = path.join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify(config));
  let db: Database | undefined;
  const kiosk = await createKiosk({
    dataDir: dir,
    configFile,
    now,
    onDatabaseOpened: (opened) => (db = opened),
    ...options,
  });
  kiosks.push(kiosk);
  if (db !== undefined) databases.set(kiosk, db);
  return kiosk;
}

/** The kiosk's own count of the pass's entries (no operation shows it at a gate). */
function usedAt(kiosk: Kiosk, appointmentId: string): number | undefined {
  return databases
    .get(kiosk)
    ?.prepare<[string], { used: number }>(
      'SELECT entries_used AS used FROM appointments WHERE id = ?',
    )
    .get(appointmentId)?.used;
}

async function value<T>(kiosk: Kiosk, name: string, input: unknown, caller = gateCaller) {
  const result = await dispatch(kiosk.handlers, name, input, caller, kiosk.audit);
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

/** An approved pass for `entriesAllowed` entries, issued at this kiosk by its first admin. */
async function issuePass(kiosk: Kiosk, entriesAllowed: number): Promise<AppointmentView> {
  await value(kiosk, 'createFirstAdmin', {
    username: 'li',
    displayName: '李老师',
    password: 'correct horse',
  });
  const { token } = await value<{ token: string }>(kiosk, 'signIn', {
    username: 'li',
    secret: 'correct horse',
  });
  const admin: Caller = { actor: kiosk.authenticate(token), session: token, origin: 'console' };
  const created = await value<AppointmentView>(
    kiosk,
    'createAppointment',
    {
      visitorName: '张伟',
      documentType: 'resident-id',
      documentNumber: '11010519491231002X',
      phone: '13800138000',
      host: '王老师（三年级二班）',
      reason: '家长会',
      area: '教学楼A座',
      vehiclePlate: null,
      validFrom: '2026-11-23T00:00:00.000Z',
      validTo: '2026-11-23T10:00:00.000Z',
      entriesAllowed,
    },
    admin,
  );
  return value<AppointmentView>(kiosk, 'approveAppointment', { id: created.id }, admin);
}

/** The pass scanned at a kiosk a minute after the last scan (not the same card held up again). */
async function scanPass(kiosk: Kiosk, pass: AppointmentView): Promise<EntryView> {
  clock.now = new Date(clock.now.getTime() + 60_000);
  const check = await value<CheckView>(kiosk, 'scan', { text: pass.passToken, source: 'camera' });
  if (check.entry === null) throw new Error(`the pass was not decided: ${check.missing.join()}`);
  return check.entry;
}

function serve(hub: Kiosk, port = 0): Promise<Server> {
  const server = createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    void handleHubRoute(hub.hub, pathname, request, response);
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/** The hub goes away: no new connection, and the gate's held-open request is cut. */
function stopServing(server: Server): void {
  server.close();
  server.closeAllConnections();
}

const statusOf = (kiosk: Kiosk) => value<Status>(kiosk, 'status', {});

async function linkState(gate: Kiosk, state: string): Promise<void> {
  await waitFor(
    async () => (await statusOf(gate)).hub?.state,
    (seen) => seen === state,
    { timeoutMs: 15_000, what: `the gate's link to be ${state}` },
  );
}

/** A hub with the given policy and one pass, serving on loopback, and its gate 'east' joined. */
async function startSchool(policy: object, entriesAllowed: number) {
  const hub = await startKiosk(
    { gate: { id: 'office', name: '办公室' }, policy: policyWith(policy) },
    { hub: true },
  );
  const pass = await issuePass(hub, entriesAllowed);
  const server = await serve(hub);
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  const secret = hub.hub?.gates.enroll('east') ?? '';
  const gate = await startKiosk(
    {
      gate: { id: 'east', name: '东门' },
      hub: { url, gateId: 'east', secret, hubId: hub.hub?.hubId },
    },
    { hubWaitSeconds: 1 },
  );
  await linkState(gate, 'online');
  return { hub, gate, pass, server, port };
}

describe('a visitor’s pass at a gate whose hub is away', () => {
  it("with 'refuse': admitted while the gate reaches the hub, refused while it does not, admitted when it is back", async () => {
    const { hub, gate, pass, server, port } = await startSchool(
      { passesWhileHubAway: 'refuse' },
      3,
    );
    expect(await scanPass(gate, pass)).toMatchObject({ decision: 'pass' });
    stopServing(server);
    await linkState(gate, 'offline');
    const refused = await scanPass(gate, pass);
    expect(refused).toMatchObject({
      decision: 'deny',
      reasons: ['pass-hub-away'],
      visit: { appointmentId: pass.id },
    });
    // The refused visit is not counted at the gate: only the first entry is.
    expect(usedAt(gate, pass.id)).toBe(1);
    await serve(hub, port);
    await linkState(gate, 'online');
    expect(await scanPass(gate, pass)).toMatchObject({ decision: 'pass' });
    expect(usedAt(gate, pass.id)).toBe(2);
  });

  it('by default: admitted by the gate’s own count, and the hub lists the use beyond the allowance', async () => {
    const { hub, gate, pass, server, port } = await startSchool({}, 1);
    stopServing(server);
    await linkState(gate, 'offline');
    // Meanwhile the once-only pass is used at the hub's own lane: the school's count is full.
    expect(await scanPass(hub, pass)).toMatchObject({ decision: 'pass' });
    expect(await scanPass(gate, pass)).toMatchObject({ decision: 'pass' });
    expect((await statusOf(hub)).passOveruse).toEqual([]);
    await serve(hub, port);
    const flagged = await waitFor(
      async () => (await statusOf(hub)).passOveruse ?? [],
      (overuse) => overuse.length > 0,
      { timeoutMs: 15_000, what: 'the hub to flag the pass used beyond its allowance' },
    );
    expect(flagged).toEqual([
      {
        entryId: expect.any(Number) as number,
        appointmentId: pass.id,
        visitorName: '张伟',
        entriesAllowed: 1,
        gateId: 'east',
        at: clock.now.toISOString(),
      },
    ]);
  });
});

describe('a kiosk without a hub', () => {
  it("counts its own passes whatever passesWhileHubAway says ('refuse')", async () => {
    const kiosk = await startKiosk({
      gate: { id: 'north', name: '北门' },
      policy: policyWith({ passesWhileHubAway: 'refuse' }),
    });
    const pass = await issuePass(kiosk, 1);
    expect(await scanPass(kiosk, pass)).toMatchObject({ decision: 'pass' });
    expect(await scanPass(kiosk, pass)).toMatchObject({
      decision: 'deny',
      reasons: ['pass-used-up'],
    });
    expect((await statusOf(kiosk)).passOveruse).toBeUndefined();
  });
});
