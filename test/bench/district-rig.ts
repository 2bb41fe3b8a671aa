// What both district benches set up: a private PostgreSQL with fsync on (a real district
// commits to disk), a key file, the service in its own process(es) (district-serve.ts, each its
// own process group so stopping it reaches node itself), and a registered district of N
// schools × 3 gates with a secret issued for each gate.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { addGate, addSchool, issueSecret } from '../../district/service/registry';
import { createKeyFile, loadKeyring, type Keyring } from '../../district/service/secrets';
import { startPostgres, type PostgresCluster } from '../rigs/postgres';
import type { GateSetup } from './district-sender';

export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const gateIds = ['north', 'south', 'east'];
export const gateNames = ['北门', '南门', '东门'];

export interface Bench {
  pg: PostgresCluster;
  databaseUrl: string;
  keyFile: string;
  keyring: Keyring;
  dir: string;
  destroy(): Promise<void>;
}

export async function startBench(settings: Record<string, string> = {}): Promise<Bench> {
  const pgc = await startPostgres({ fsync: true, settings });
  const databaseUrl = await pgc.createDatabase('district');
  const dir = mkdtempSync(path.join(tmpdir(), 'district-bench-'));
  const keyFile = path.join(dir, 'district.key');
  createKeyFile(keyFile);
  return {
    pg: pgc,
    databaseUrl,
    keyFile,
    keyring: loadKeyring(keyFile),
    dir,
    async destroy() {
      await pgc.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Service {
  url: string;
  pid: number;
  /** What the process wrote after it started (its complaints about requests, if any). */
  log(): string;
  stop(): Promise<void>;
}

/** A service process; resolves once it prints its URL (it has migrated by then). */
export async function startService(
  bench: Bench,
  poolSize = 10,
  bureau = false,
  // Another copy of the tree's serve script (district-day.ts times the code before a change).
  script = 'test/bench/district-serve.ts',
): Promise<Service> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      script,
      '--database',
      bench.databaseUrl,
      '--key-file',
      bench.keyFile,
      '--pool',
      String(poolSize),
      ...(bureau ? ['--bureau'] : []),
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  let log = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the service did not start:\n${output}`)),
      60_000,
    );
    const look = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      log = (log + chunk.toString()).slice(-20_000);
      const match = /https?:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.once('exit', (code) => reject(new Error(`the service exited with ${code}:\n${output}`)));
  });
  const pid = child.pid as number;
  return {
    url,
    pid,
    log: () => log.replace(/^.*listening on.*\n/m, ''),
    async stop() {
      if (child.exitCode !== null) return;
      process.kill(-pid, 'SIGTERM');
      const timer = setTimeout(() => process.kill(-pid, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export const schoolIdOf = (school: number) => `4403050${String(school + 1).padStart(3, '0')}`;

/** Registers the schools and gates and issues every gate's secret (as the bureau's admin would). */
export async function registerDistrict(
  pool: pg.Pool,
  keyring: Keyring,
  schools: number,
): Promise<Omit<GateSetup, 'url'>[]> {
  const gates: Omit<GateSetup, 'url'>[] = [];
  for (let school = 0; school < schools; school += 1) {
    const schoolId = schoolIdOf(school);
    await addSchool(
      pool,
      { schoolId, name: `南山区第${school + 1}小学`, area: `街道${(school % 8) + 1}` },
      'bench',
    );
    for (const [index, gateId] of gateIds.entries()) {
      await addGate(pool, { schoolId, gateId, name: gateNames[index] ?? gateId }, 'bench');
      gates.push({
        schoolId,
        gateId,
        secret: await issueSecret(pool, keyring, schoolId, gateId, 'bench'),
      });
    }
  }
  return gates;
}
