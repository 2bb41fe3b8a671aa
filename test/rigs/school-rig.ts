// Test rig: a school of separate processes on loopback (docs/school-hub.md) — a hub on a fixed
// port (its gates must find it again after a restart), and gates joined to it with
// `hub:enroll`, each with its own data folder and a GY-906 thermometer on its own socat pair.
// Everything a test starts here is stopped by stopSchool(), whatever the test did.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { main as enroll } from '../../cli/hub-enroll';
import { encodeGy906Frame } from '../../native/thermometer/gy906';
import { kioskApi, type KioskApi } from './kiosk-api';
import { spawnKiosk, type KioskChild } from './kiosk-process';
import { openSocatPair, type SocatPair } from './socat-pair';
import { waitFor } from './wait-for';

export interface SchoolProcess {
  name: string;
  dataDir: string;
  configFile: string;
  child: KioskChild;
  api: KioskApi;
}

export interface SchoolGate extends SchoolProcess {
  thermometer: SocatPair;
}

export interface School {
  root: string;
  hubPort: number;
  hub: SchoolProcess;
  gates: SchoolGate[];
}

export { freePort } from './free-port';

/**
 * Starts (or starts again) the hub on its port, with more config sections if given (a
 * district); the hub's own lane has the simulated thermometer.
 */
export async function startHub(
  root: string,
  port: number,
  more: object = {},
): Promise<SchoolProcess> {
  const dataDir = path.join(root, 'hub');
  await mkdir(dataDir, { recursive: true });
  const configFile = path.join(root, 'hub.json');
  await writeFile(configFile, JSON.stringify({ gate: { id: 'office', name: '办公室' }, ...more }));
  const child = await spawnKiosk(dataDir, configFile, ['--hub', '--port', String(port)]);
  return { name: 'hub', dataDir, configFile, child, api: kioskApi(child.url) };
}

/** Enrols `gateId` at the hub (npm run hub:enroll) and answers the `hub` section it printed. */
export async function enrollGate(hubDataDir: string, gateId: string, hubUrl: string) {
  let printed = '';
  const problems: string[] = [];
  const code = await enroll(['--data-dir', hubDataDir, '--gate', gateId, '--url', hubUrl], {
    out: (line) => (printed += `${line}\n`),
    error: (line) => problems.push(line),
  });
  if (code !== 0) throw new Error(`hub:enroll failed: ${problems.join('\n')}`);
  return (JSON.parse(printed) as { hub: { url: string; gateId: string; secret: string } }).hub;
}

/** Writes the gate's config (its thermometer, its hub section) and starts it. */
export async function startGate(
  root: string,
  gateId: string,
  hub: object,
  thermometer?: SocatPair,
): Promise<SchoolGate> {
  const dataDir = path.join(root, gateId);
  await mkdir(dataDir, { recursive: true });
  const pair = thermometer ?? (await openSocatPair(await serialDir(root, gateId)));
  const configFile = path.join(root, `${gateId}.json`);
  await writeFile(
    configFile,
    JSON.stringify({
      gate: { id: gateId, name: `${gateId}门` },
      thermometer: { driver: 'gy906', path: pair.kioskPath, baudRate: 9600 },
      hub,
    }),
  );
  let child: KioskChild;
  try {
    child = await spawnKiosk(dataDir, configFile);
  } catch (error) {
    if (thermometer === undefined) await pair.close();
    throw error;
  }
  const gate = {
    name: gateId,
    dataDir,
    configFile,
    child,
    api: kioskApi(child.url),
    thermometer: pair,
  };
  await waitFor(
    () => statusOf(gate),
    (status) => status.thermometer.connected,
    {
      timeoutMs: 15_000,
      what: `${gateId}'s thermometer to connect`,
    },
  );
  return gate;
}

async function serialDir(root: string, gateId: string): Promise<string> {
  const dir = path.join(root, `${gateId}-serial`);
  await mkdir(dir, { recursive: true });
  return dir;
}

export interface GateStatus {
  thermometer: { connected: boolean };
  check: { checkId: string; cardText: string | null; missing: string[] } | null;
  hub?: {
    state: string;
    syncedAt: string | null;
    waiting: number;
    errorCode: string | null;
    error: string | null;
  };
  gates?: {
    id: string;
    lastContactAt: string | null;
    receivedThrough: number;
    notice: { code: string; at: string; gateHad: number; hubHas: number } | null;
  }[];
}

export async function statusOf(process: SchoolProcess): Promise<GateStatus> {
  const response = await fetch(`${process.child.url}/api/status`);
  return (await response.json()) as GateStatus;
}

/** A forehead in front of the streaming sensor, then the lane again as the person steps away. */
export async function measure(gate: SchoolGate, celsius: number): Promise<void> {
  for (const value of [celsius, celsius, celsius, 24.5]) {
    await gate.thermometer.write(encodeGy906Frame(value, 24.5));
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

export interface Decided {
  decision: string;
  reasons: string[];
  id: number;
}

/**
 * One person's check at a gate: the scan (as a wedge scanner sends it), the day's questions
 * answered no when asked, then a reading; answers the entry the gate wrote.
 */
export async function checkAt(gate: SchoolGate, text: string, celsius = 36.6): Promise<Decided> {
  const started = await gate.api.op<{
    checkId: string;
    missing: string[];
    entry: Decided | null;
  }>('scan', { text, source: 'wedge' });
  if (started.entry !== null) return started.entry;
  let view = started;
  if (view.missing.includes('answers')) {
    view = await gate.api.op('answerQuestions', {
      checkId: view.checkId,
      answers: { symptoms: 'no', travel: 'no', contact: 'no' },
    });
    if (view.entry !== null) return view.entry;
  }
  await measure(gate, celsius);
  const done = await waitFor(
    () =>
      gate.api.op<{ id: number; checkId: string; decision: string; reasons: string[] }[]>(
        'recentEntries',
        { limit: 5 },
      ),
    (entries) => entries.some((entry) => entry.checkId === view.checkId),
    { timeoutMs: 15_000, what: `the check of ${text} at ${gate.name} to be decided` },
  );
  const entry = done.find((candidate) => candidate.checkId === view.checkId);
  if (entry === undefined) throw new Error('unreachable');
  return entry;
}

/** Stops every process of the school and its serial pairs; answers their exit codes. */
export async function stopSchool(school: Partial<School>): Promise<(number | null)[]> {
  const codes = await Promise.all(
    (school.gates ?? []).map(async (gate) => {
      const code = await gate.child.stop();
      await gate.thermometer.close();
      return code;
    }),
  );
  if (school.hub !== undefined) codes.push(await school.hub.child.stop());
  return codes;
}

/** Rows of a process's own SQLite file, read-only beside the running process (WAL). */
export function query<T>(process: SchoolProcess, sql: string, ...parameters: unknown[]): T[] {
  const db = new Database(path.join(process.dataDir, 'kiosk.db'), { readonly: true });
  try {
    return db.prepare(sql).all(...parameters) as T[];
  } finally {
    db.close();
  }
}

export function one<T>(process: SchoolProcess, sql: string, ...parameters: unknown[]): T {
  return query<T>(process, sql, ...parameters)[0] as T;
}

type EntryKey = { check_id: string; at: string; decision: string };

/**
 * Waits until the hub holds every record each gate wrote (its hub_outbox, as the hub counts
 * them); answers each gate's entries and the hub's copies of them, in the same order.
 */
export async function entriesAtHub(
  hub: SchoolProcess,
  gates: readonly SchoolProcess[],
): Promise<{ gate: string; own: EntryKey[]; held: EntryKey[] }[]> {
  const found = [];
  for (const each of gates) {
    const written = one<{ last: number }>(
      each,
      'SELECT coalesce(max(id), 0) AS last FROM hub_outbox',
    ).last;
    await waitFor(
      () =>
        one<{ through: number }>(
          hub,
          'SELECT received_through AS through FROM hub_gates WHERE id = ?',
          each.name,
        ).through,
      (through) => through === written,
      { timeoutMs: 60_000, what: `the hub to hold ${each.name}'s records through ${written}` },
    );
    const own = query<EntryKey>(
      each,
      'SELECT check_id, at, decision FROM entries ORDER BY check_id, at',
    );
    const held = query<EntryKey>(
      hub,
      'SELECT check_id, at, decision FROM entries WHERE gate_id = ? ORDER BY check_id, at',
      each.name,
    );
    found.push({ gate: each.name, own, held });
  }
  return found;
}

/** mulberry32: small and seedable, so that a red run can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A visitor as the appointment and walk-in forms take them. */
export const visitor = {
  visitorName: '张伟',
  documentType: 'resident-id',
  documentNumber: '11010519491231002X',
  phone: '13800138000',
  host: '王老师',
  reason: '家长会',
  area: '教学楼A座',
};

/** From a minute ago to two hours from now. */
export const visitWindow = (now: number) => ({
  validFrom: new Date(now - 60_000).toISOString(),
  validTo: new Date(now + 2 * 3_600_000).toISOString(),
});
