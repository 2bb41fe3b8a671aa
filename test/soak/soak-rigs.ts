// What the soaks run against: a roster imported as the admin would, the reference district
// receiver, a GY-906 on a socat pair, and the kiosk in server mode as its own process (so its
// memory is its own), with the gate traffic listening to its events. The soak spawns the kiosk
// as spawnKiosk does; the memory soak (memory-rigs.ts) spawns its probed one. abandon() ends
// whatever was started, for a run that fails half-way: no socat or kiosk is left behind.
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Status } from '../../contract/api';
import { main as importRoster } from '../../cli/import-roster';
import { startDistrictReceiver, type DistrictReceiver } from '../district/receiver';
import { spawnKiosk, type KioskChild } from '../rigs/kiosk-process';
import { openSocatPair, type SocatPair } from '../rigs/socat-pair';
import { waitFor } from '../rigs/wait-for';
import { startGateTraffic, type GateTraffic } from './gate-traffic';
import { sizeOf } from './soak-sampler';

/** The rigs around a kiosk of either kind: the soak's (KioskChild) or the memory soak's. */
export interface GateRigs<Kiosk> {
  district: DistrictReceiver;
  kiosk: Kiosk;
  traffic: GateTraffic;
  /** The thermometer's cable; null while it is unplugged. */
  pair(): SocatPair | null;
  unplug(): Promise<void>;
  plugIn(): Promise<void>;
  status(): Promise<Status>;
  /** Kills what is still running (kiosk with SIGKILL); for failures only. */
  abandon(): Promise<void>;
}

export interface SoakRigs extends GateRigs<KioskChild> {
  pid: number;
  /** The database file and WAL after the roster import, before the kiosk started. */
  beforeBytes: number;
}

export interface GateRigsInput {
  scratch: string;
  dataDir: string;
  rosterSize: number;
  feverEvery: number;
  retestWaitSeconds: number;
}

export async function startSoakRigs(input: GateRigsInput): Promise<SoakRigs> {
  await importSoakRoster(input.scratch, input.dataDir, input.rosterSize);
  const dbFile = path.join(input.dataDir, 'kiosk.db');
  const beforeBytes = (await sizeOf(dbFile)) + (await sizeOf(`${dbFile}-wal`));
  const rigs = await startGateRigs({
    ...input,
    gate: { id: 'soak', name: '压力测试门' },
    spawn: (configFile) => spawnKiosk(input.dataDir, configFile),
  });
  return { ...rigs, pid: rigs.kiosk.pid ?? 0, beforeBytes };
}

/**
 * Starts the district, the thermometer's socat pair, the kiosk `spawn` starts on a config
 * naming both, and the traffic; resolves once the kiosk says the thermometer is connected.
 * The roster is imported beforehand (importSoakRoster); the district's secret starts with the
 * gate's id.
 */
export async function startGateRigs<Kiosk extends { url: string; kill(): Promise<void> }>(
  input: GateRigsInput & {
    gate: { id: string; name: string };
    spawn: (configFile: string) => Promise<Kiosk>;
  },
): Promise<GateRigs<Kiosk>> {
  const { scratch } = input;
  const secret = `${input.gate.id}-${randomUUID()}`;
  const serialDir = path.join(scratch, 'serial');
  const district = await startDistrictReceiver({ dataDir: path.join(scratch, 'district'), secret });
  let pair: SocatPair | null = null;
  let kiosk: Kiosk | null = null;
  let traffic: GateTraffic | null = null;
  const abandon = async () => {
    await traffic?.close().catch(() => undefined);
    await kiosk?.kill();
    await pair?.close();
    await district.close();
  };
  try {
    pair = await openSocatPair(serialDir);
    const configFile = path.join(scratch, 'config.json');
    await writeFile(
      configFile,
      JSON.stringify({
        gate: input.gate,
        thermometer: { driver: 'gy906', path: pair.kioskPath },
        district: { url: district.url, schoolId: 'soak-school', secret, timeoutSeconds: 5 },
        policy: { retestWaitSeconds: input.retestWaitSeconds },
      }),
    );
    const child = await input.spawn(configFile);
    kiosk = child;
    const status = async (): Promise<Status> => {
      const response = await fetch(`${child.url}/api/status`, {
        signal: AbortSignal.timeout(10_000),
      });
      return (await response.json()) as Status;
    };
    traffic = await startGateTraffic(child.url, {
      rosterSize: input.rosterSize,
      feverEvery: input.feverEvery,
      retestWaitMs: input.retestWaitSeconds * 1000,
    });
    await waitFor(status, (now) => now.thermometer.connected, {
      timeoutMs: 15_000,
      what: 'the thermometer to connect',
    });
    return {
      district,
      kiosk: child,
      traffic,
      pair: () => pair,
      async unplug() {
        await pair?.close();
        pair = null;
      },
      async plugIn() {
        pair = await openSocatPair(serialDir);
      },
      status,
      abandon,
    };
  } catch (error) {
    await abandon();
    throw error;
  }
}

/** Students S3000001… as a school's sheet would have them. */
export async function importSoakRoster(
  scratch: string,
  dataDir: string,
  size: number,
): Promise<void> {
  const rows = ['卡号,姓名,类别,班级,身份证号'];
  for (let index = 0; index < size; index += 1) {
    const className = `${(index % 6) + 1}年级${(index % 4) + 1}班`;
    rows.push(`S${3_000_001 + index},学生${index + 1},学生,${className},`);
  }
  const file = path.join(scratch, 'roster.csv');
  await writeFile(file, `${rows.join('\r\n')}\r\n`);
  const messages: string[] = [];
  const output = {
    out: (line: string) => messages.push(line),
    error: (line: string) => messages.push(line),
  };
  const code = await importRoster(['--data-dir', dataDir, file], { output });
  if (code !== 0) throw new Error(`the roster import failed:\n${messages.join('\n')}`);
}
