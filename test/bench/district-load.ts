// The district's gates against the service: N schools × 3 gates (default 300 × 3) playing the
// morning rush as the kiosk's uploader sends it (a record a second per gate, a batch every
// 10 s: backend/upload's batchMaxWaitSeconds default), a backlog (gates back after days
// offline sending 500-record batches back to back), the day's reports, then the rush raised
// step by step until the stored rate stops following or the answers slow down — with one and
// with two service processes in front of one PostgreSQL (fsync on). The generator runs in its
// own process (district-sender.ts); CPU is read from /proc for the service, PostgreSQL and the
// generator. Prints and returns the figures; asserts only that every answer was a 200 receipt.
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { openDb, schoolDay } from '../../district/service/db';
import {
  cpuProbe,
  cpuSeconds,
  databaseSizes,
  mib,
  postgresCpuSeconds,
  postmasterPid,
  table,
  type Sizes,
} from './district-measure';
import { registerDistrict, repoRoot, startBench, startService, type Service } from './district-rig';
import type { GateSetup, Phase, PhaseResult } from './district-sender';

export interface LoadOptions {
  schools: number;
  concurrency: number;
  services: number[];
  rushSeconds: number;
  stepSeconds: number;
  steps: number[];
  backlogGates: number;
  backlogRecords: number;
  backlogDays: number;
}

export interface LoadRow {
  services: number;
  phase: string;
  offered: string;
  result: PhaseResult & { firstError: string | null; retriedOnClosedSocket: number };
  cpu: Record<string, number>;
}

export interface LoadOutcome {
  rows: LoadRow[];
  sizes: Sizes;
  options: LoadOptions;
}

class Sender {
  child: ChildProcess;
  private pending: ((message: Record<string, unknown>) => void) | null = null;

  constructor() {
    this.child = fork(`${repoRoot}/test/bench/district-sender.ts`, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (message: Record<string, unknown>) => {
      const resolve = this.pending;
      this.pending = null;
      resolve?.(message);
    });
  }

  ask(message: Record<string, unknown>): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      this.pending = (answer) =>
        answer.type === 'failed' ? reject(new Error(String(answer.error))) : resolve(answer);
      this.child.send(message);
    });
  }

  stop(): void {
    this.child.disconnect();
  }
}

/** Stops a service and prints what it complained of, if anything. */
async function stopService(service: Service | undefined): Promise<void> {
  if (!service) return;
  await service.stop();
  const log = service.log().trim();
  if (log) console.log(`service ${service.pid} said:\n${log.split('\n').slice(-20).join('\n')}`);
}

/** The day before `day`, `n` days back, as YYYY-MM-DD. */
function daysBefore(day: string, n: number): string[] {
  const start = Date.parse(`${day}T12:00:00Z`);
  return Array.from({ length: n }, (_, i) =>
    new Date(start - (n - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

export async function runLoad(options: LoadOptions): Promise<LoadOutcome> {
  const bench = await startBench();
  const rows: LoadRow[] = [];
  const services: Service[] = [];
  const day = schoolDay(Date.now());
  const pool = openDb(bench.databaseUrl, { max: 2 });
  try {
    const first = await startService(bench);
    services.push(first);
    const started = performance.now();
    const registered = await registerDistrict(pool, bench.keyring, options.schools);
    console.log(
      `registered ${options.schools} schools × 3 gates, a secret each, in ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const postmaster = postmasterPid(bench.pg.port);
    for (const [run, count] of options.services.entries()) {
      while (services.length < count) services.push(await startService(bench));
      while (services.length > count) await stopService(services.pop());
      const gates: GateSetup[] = registered.map((gate, index) => ({
        ...gate,
        url: services[index % count]?.url ?? '',
      }));
      const sender = new Sender();
      try {
        await sender.ask({ type: 'setup', gates, concurrency: options.concurrency, day, run });
        const probe = () =>
          cpuProbe({
            service: () => services.reduce((sum, s) => sum + cpuSeconds(s.pid), 0),
            postgres: () => postgresCpuSeconds(postmaster),
            generator: () => cpuSeconds(sender.child.pid ?? 0),
          });
        const phase = async (name: string, offered: string, body: Phase) => {
          const cpu = probe();
          const answer = await sender.ask({ type: 'phase', phase: body });
          const row: LoadRow = {
            services: count,
            phase: name,
            offered,
            result: answer.result as LoadRow['result'],
            cpu: cpu.stop(),
          };
          rows.push(row);
          console.log(formatRows([row]).split('\n').at(-1));
          if (row.result.firstError) console.log(`  first error: ${row.result.firstError}`);
          return row;
        };
        const gateCount = gates.length;
        if (run === 0) {
          await phase('rush 1× (real)', `${gateCount} rec/s`, {
            kind: 'rush',
            seconds: options.rushSeconds,
            rate: 1,
            batchWaitMs: 10_000,
          });
          await phase('daily reports', `${gateCount} reports`, {
            kind: 'reports',
            generatedAt: new Date(Date.parse(`${day}T16:30:00+08:00`)).toISOString(),
          });
        }
        const backlogGates = Math.min(options.backlogGates, gateCount);
        await phase('backlog (500/batch)', `${backlogGates} gates × ${options.backlogRecords}`, {
          kind: 'backlog',
          gates: backlogGates,
          records: options.backlogRecords,
          days: daysBefore(day, options.backlogDays),
        });
        for (const step of options.steps) {
          const row = await phase(`rush ${step}×`, `${gateCount * step} rec/s`, {
            kind: 'rush',
            seconds: options.stepSeconds,
            rate: step,
            batchWaitMs: 10_000 / step,
          });
          const stored = row.result.storedPerSecond;
          // Saturated: the stored rate no longer follows the offered one, answers slow down, or
          // the gates' batches grow (records wait for the answer to the previous batch).
          if (
            stored < 0.9 * gateCount * step ||
            row.result.latencyMs.p99 > 2000 ||
            row.result.batchRecords.median > 15
          ) {
            break;
          }
        }
      } finally {
        sender.stop();
      }
    }
    return { rows, sizes: await databaseSizes(pool), options };
  } finally {
    await pool.end();
    for (const service of services) await stopService(service);
    await bench.destroy();
  }
}

const n = (value: number, digits = 0) =>
  Number.isFinite(value)
    ? value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '–';

/** CPU milliseconds a request cost a process, from its share over the phase. */
function perBatch(share: number | undefined, cpu: Record<string, number>, result: PhaseResult) {
  return (((share ?? 0) / 100) * (cpu.seconds ?? 0) * 1000) / result.requests;
}

export function formatRows(rows: LoadRow[]): string {
  return table(
    [
      'procs',
      'phase',
      'offered',
      'stored rec/s',
      'batches/s',
      'recs/batch (med/max)',
      'answer ms median',
      'p99',
      'max',
      'statuses',
      'CPU % service',
      'postgres',
      'generator',
      'machine (of 200)',
      'CPU ms/batch service+pg',
    ],
    rows.map(({ services, phase, offered, result, cpu }) => [
      services,
      phase,
      offered,
      result.records > 0 ? n(result.storedPerSecond) : '–',
      n(result.requests / result.seconds),
      result.records > 0 ? `${result.batchRecords.median}/${result.batchRecords.max}` : '–',
      n(result.latencyMs.median, 1),
      n(result.latencyMs.p99, 1),
      n(result.latencyMs.max, 1),
      Object.entries(result.statuses)
        .map(([status, count]) => `${status}×${count}`)
        .join(' ') +
        (result.notReceipts ? ` (${result.notReceipts} not receipts)` : '') +
        (result.retriedOnClosedSocket ? ` (${result.retriedOnClosedSocket} resent¹)` : ''),
      cpu.service ?? 0,
      cpu.postgres ?? 0,
      cpu.generator ?? 0,
      cpu.machine ?? 0,
      `${n(perBatch(cpu.service, cpu, result), 2)}+${n(perBatch(cpu.postgres, cpu, result), 2)}`,
    ]),
  );
}

export function formatSizes(sizes: Sizes): string {
  const perMillion = (bytes: number) => mib((bytes / sizes.records) * 1e6);
  return table(
    ['what', 'rows', 'size', 'per million records'],
    [
      [
        'records (tables, all partitions)',
        n(sizes.records),
        mib(sizes.recordsBytes),
        perMillion(sizes.recordsBytes),
      ],
      ['records (indexes)', '', mib(sizes.recordsIndexBytes), perMillion(sizes.recordsIndexBytes)],
      [
        'batches (table + index)',
        n(sizes.batches),
        mib(sizes.batchesBytes),
        perMillion(sizes.batchesBytes),
      ],
      ['daily_reports', '', mib(sizes.dailyReportsBytes), ''],
    ],
  );
}
