// What the memory soak runs against, as the soak's rigs (soak-rigs.ts) but with the kiosk from
// memory-kiosk.ts (heap probe, GC on demand): a roster imported as the admin would, the
// reference district receiver, a GY-906 on a socat pair, and the gate traffic listening to the
// kiosk's events. abandon() ends whatever was started, so no socat or kiosk is left behind.
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Status } from '../../contract/api';
import { main as importRoster } from '../../cli/import-roster';
import { startDistrictReceiver, type DistrictReceiver } from '../district/receiver';
import { openSocatPair, type SocatPair } from '../rigs/socat-pair';
import { waitFor } from '../rigs/wait-for';
import { startGateTraffic, type GateTraffic } from './gate-traffic';
import { buildMallocStats, spawnProbedKiosk, type ProbedKiosk } from './memory-kiosk';

export interface MemoryRigs {
  district: DistrictReceiver;
  kiosk: ProbedKiosk;
  traffic: GateTraffic;
  /** The thermometer's cable; null while it is unplugged. */
  pair(): SocatPair | null;
  unplug(): Promise<void>;
  plugIn(): Promise<void>;
  status(): Promise<Status>;
  /** Kills what is still running (kiosk with SIGKILL); for failures only. */
  abandon(): Promise<void>;
}

export async function startMemoryRigs(input: {
  scratch: string;
  dataDir: string;
  rosterSize: number;
  feverEvery: number;
  retestWaitSeconds: number;
  log: (line: string) => void;
}): Promise<MemoryRigs> {
  const { scratch, dataDir } = input;
  await importMemoryRoster(scratch, dataDir, input.rosterSize);
  const secret = `memory-soak-${randomUUID()}`;
  const serialDir = path.join(scratch, 'serial');
  const district = await startDistrictReceiver({ dataDir: path.join(scratch, 'district'), secret });
  let pair: SocatPair | null = null;
  let kiosk: ProbedKiosk | null = null;
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
        gate: { id: 'memory-soak', name: '内存压力测试门' },
        thermometer: { driver: 'gy906', path: pair.kioskPath },
        district: { url: district.url, schoolId: 'soak-school', secret, timeoutSeconds: 5 },
        policy: { retestWaitSeconds: input.retestWaitSeconds },
      }),
    );
    const child = await spawnProbedKiosk(dataDir, configFile, buildMallocStats(scratch, input.log));
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

/** Students S3000001… as a school's sheet would have them (the same as soak-rigs.ts). */
async function importMemoryRoster(scratch: string, dataDir: string, size: number): Promise<void> {
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
