// Test helper for the school hub suites that run whole kiosks in this process: each in its own
// temp data folder with its config file, the hub's routes served over loopback HTTP by server
// mode's own server (server/server.ts), a gate enrolled at the hub, and the whole content of a
// data folder's database read back (to say nothing was written). Callers end everything in
// afterEach with stopSchoolKiosks().
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { createKiosk, type Kiosk, type KioskOptions } from '../../../backend/kiosk';
import type { Caller, HubLinkStatus, Status } from '../../../contract/api';
import { dispatch } from '../../../contract/dispatch';
import { startServer, type RunningServer } from '../../../server/server';
import { waitFor } from '../../rigs/wait-for';

export const gateCaller: Caller = { actor: null, session: null, origin: 'gate' };

const dirs: string[] = [];
const running: Kiosk[] = [];
const servers: RunningServer[] = [];

export async function makeDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kiosk-school-'));
  dirs.push(dir);
  return dir;
}

export interface StartedKiosk {
  kiosk: Kiosk;
  /** The kiosk's own connection (for what no operation shows). */
  db: Database;
}

/** A kiosk on `dir` with `config` written as its config file; rejects as createKiosk does. */
export async function startKiosk(
  dir: string,
  config: object,
  options: Partial<KioskOptions> = {},
): Promise<StartedKiosk> {
  const configFile = path.join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify(config));
  let db: Database | undefined;
  const kiosk = await createKiosk({
    dataDir: dir,
    configFile,
    onDatabaseOpened: (opened) => (db = opened),
    ...options,
  });
  running.push(kiosk);
  if (db === undefined) throw new Error('the kiosk opened no database');
  return { kiosk, db };
}

export async function stopKiosk(kiosk: Kiosk): Promise<void> {
  const index = running.indexOf(kiosk);
  if (index >= 0) running.splice(index, 1);
  await kiosk.close();
}

/** The hub's routes on loopback, as `npm run serve -- --hub` serves them; answers its address. */
export async function serveHub(hub: Kiosk): Promise<string> {
  const server = await startServer({ kiosk: hub, staticDir: null, port: 0 });
  servers.push(server);
  return server.url.replace(/\/+$/, '');
}

/** Gates first, then the servers, then the hub: a gate's held-open request ends first. */
export async function stopSchoolKiosks(): Promise<void> {
  for (const kiosk of running.splice(0).reverse()) await kiosk.close();
  for (const server of servers.splice(0)) await server.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
}

/** The config file a gate gets: its own gate section and the hub section hub:enroll printed. */
export function gateConfig(hub: Kiosk, gateId: string, url: string): object {
  const secret = hub.hub?.gates.enroll(gateId);
  if (secret === undefined) throw new Error('not a hub');
  return {
    gate: { id: gateId, name: gateId },
    hub: { url, gateId, secret, hubId: hub.hub?.hubId },
  };
}

export async function statusOf(kiosk: Kiosk): Promise<Status> {
  const result = await dispatch(kiosk.handlers, 'status', {}, gateCaller, kiosk.audit);
  if (!result.ok) throw new Error(`status: ${result.error.code}: ${result.error.message}`);
  return result.value as Status;
}

/** Waits for the gate's link status to satisfy `accept`; answers it. */
export async function linkStatus(
  gate: Kiosk,
  accept: (status: HubLinkStatus | undefined) => boolean,
  what: string,
): Promise<HubLinkStatus | undefined> {
  return waitFor(async () => (await statusOf(gate)).hub, accept, { timeoutMs: 15_000, what });
}

/** Every row of every table in the data folder's database, in a stable order. */
export function databaseContent(dir: string): Record<string, string[]> {
  const db = new BetterSqlite3(path.join(dir, 'kiosk.db'), { readonly: true });
  try {
    return tablesOf(db);
  } finally {
    db.close();
  }
}

/** Every row of every table of an open database, in a stable order. */
export function tablesOf(db: Database): Record<string, string[]> {
  const tables = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
    )
    .all();
  return Object.fromEntries(
    tables.map(({ name }) => [
      name,
      db
        .prepare(`SELECT * FROM "${name}"`)
        .all()
        .map((row) => JSON.stringify(row))
        .sort(),
    ]),
  );
}
