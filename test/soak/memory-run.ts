// The memory soak's run (rigs in memory-rigs.ts): a check every interval — far faster than the
// morning rush — until the count is reached, the thermometer pulled out and the district failing
// now and then by check count, so a few school days' checks and faults pass in an hour or so.
// Every `sampleEvery` checks it reads the kiosk's resident memory (/proc) and V8 heap (after a
// full GC, through the heap probe); heap snapshots after the warm-up, in the middle and at the
// end. Then the kiosk is stopped with SIGTERM, which must end it cleanly.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from '../rigs/wait-for';
import { faultOf, type DistrictPhase } from './soak-plan';
import { residentMegabytes, sizeOf } from './soak-sampler';
import { startMemoryRigs, type MemoryRigs } from './memory-rigs';

export interface MemorySoakOptions {
  checks: number;
  /** One check started every this often (the next waits if a check takes longer). */
  intervalMs: number;
  /** Samples every this many checks (and at the start and after the warm-up). */
  sampleEvery: number;
  /** Checks before the first snapshot: start-up's one-off allocations settle first. */
  warmupChecks: number;
  /** Where the snapshots go; none are taken when null. */
  snapshotDir: string | null;
  /** A snapshot half-way too (default); the CI run does without. */
  middleSnapshot?: boolean;
  /** The thermometer is out for `unpluggedChecks` (typed readings) once every this many. */
  unplugEvery: number;
  unpluggedChecks: number;
  /** The district fails for `districtDownChecks` once every this many (500, hang, reset). */
  districtEvery: number;
  districtDownChecks: number;
  rosterSize: number;
  feverEvery: number;
  retestWaitSeconds: number;
  log: (line: string) => void;
}

export interface MemorySample {
  label: string;
  checks: number;
  atS: number;
  /** Resident memory as the kiosk ran (before the GC the probe forces). */
  rssMB: number;
  /** V8's heap before and after a full GC, and external memory (buffers, SQLite not counted). */
  heapUsedMB: number;
  heapUsedAfterGcMB: number;
  /** V8's heap as committed after the GC, and of it the young generation (new_space). */
  heapTotalMB: number;
  newSpaceMB: number;
  externalMB: number;
  /** What malloc holds (native: SQLite's page cache, buffers); null without malloc-stats.c. */
  mallocMB: number | null;
  /**
   * mallocMB less what the snapshots so far left in it: V8 keeps its object-id map and the
   * names it copied after a snapshot (so ids match between snapshots), ~20 MB after the first.
   */
  kioskMallocMB: number | null;
  rssAfterGcMB: number;
  dbMB: number;
  pending: number | null;
}

export interface MemorySoakResult {
  samples: MemorySample[];
  snapshots: {
    label: string;
    file: string;
    checks: number;
    rssBeforeMB: number;
    rssAfterMB: number;
    profilerAddedMB: number;
  }[];
  counts: { started: number; decided: number; failed: number; fevers: number; manual: number };
  failures: string[];
  exitCode: number | null;
  minutes: number;
}

/** The CLI's defaults: 30,000 checks at one per 50 ms, a snapshot at 1,000, 15,000, 30,000. */
export function memoryDefaults(checks: number): Omit<MemorySoakOptions, 'log' | 'snapshotDir'> {
  return {
    checks,
    intervalMs: 50,
    sampleEvery: 5_000,
    warmupChecks: Math.min(1_000, Math.floor(checks / 10)),
    unplugEvery: 2_500,
    unpluggedChecks: 50,
    districtEvery: 4_000,
    districtDownChecks: 400,
    rosterSize: 400,
    feverEvery: 50,
    retestWaitSeconds: 1,
  };
}

const mb = (bytes: number) => bytes / (1024 * 1024);
const phaseKinds: DistrictPhase['kind'][] = ['status-500', 'hang', 'reset'];

export async function runMemorySoak(options: MemorySoakOptions): Promise<MemorySoakResult> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'kiosk-memory-soak-'));
  const dataDir = path.join(scratch, 'kiosk');
  for (const dir of [dataDir, path.join(scratch, 'district'), path.join(scratch, 'serial')]) {
    await mkdir(dir, { recursive: true });
  }
  if (options.snapshotDir) await mkdir(options.snapshotDir, { recursive: true });
  // A kiosk that does not start says why in the error; its empty folder is not kept.
  const rigs = await startMemoryRigs({ scratch, dataDir, ...options }).catch(async (error) => {
    await rm(scratch, { recursive: true, force: true });
    throw error;
  });
  if (!rigs.kiosk.mallocStats) options.log('  (malloc figures unavailable: no gcc)');
  try {
    const result = await drive(rigs, options, dataDir);
    await rigs.traffic.close();
    result.exitCode = await rigs.kiosk.stop();
    if (result.exitCode !== 0) {
      result.failures.push(`the kiosk exited with ${result.exitCode} on SIGTERM`);
    }
    await rigs.pair()?.close();
    await rigs.district.close();
    await rm(scratch, { recursive: true, force: true });
    return result;
  } catch (error) {
    await rigs.abandon();
    options.log(`The run failed; its folder is kept: ${scratch}`);
    throw error;
  }
}

async function drive(
  rigs: MemoryRigs,
  options: MemorySoakOptions,
  dataDir: string,
): Promise<MemorySoakResult> {
  const { traffic, kiosk, district, log } = { ...rigs, log: options.log };
  const t0 = Date.now();
  const sinceStart = () => (Date.now() - t0) / 1000;
  const samples: MemorySample[] = [];
  let profilerMB = 0;
  const snapshots: MemorySoakResult['snapshots'] = [];
  const failures: string[] = [];
  let kioskSeesThermometer = true;
  traffic.onThermometer((thermometer) => (kioskSeesThermometer = thermometer.connected));

  const sample = async (label: string, checks: number) => {
    const rssMB = residentMegabytes(kiosk.pid);
    const { usage: before } = await kiosk.usage(false);
    const { usage: after, spaces, malloc } = await kiosk.usage(true);
    const status = await rigs.status().catch(() => null);
    const taken: MemorySample = {
      label,
      checks,
      atS: sinceStart(),
      rssMB,
      heapUsedMB: mb(before.heapUsed),
      heapUsedAfterGcMB: mb(after.heapUsed),
      heapTotalMB: mb(after.heapTotal),
      newSpaceMB: mb(spaces.new_space ?? 0),
      externalMB: mb(after.external),
      mallocMB: malloc ? mb(malloc.inUse) : null,
      kioskMallocMB: malloc ? mb(malloc.inUse) - profilerMB : null,
      rssAfterGcMB: residentMegabytes(kiosk.pid),
      dbMB: mb((await sizeOf(path.join(dataDir, 'kiosk.db'))) + (await sizeOf(walOf(dataDir)))),
      pending: status?.upload.pending ?? null,
    };
    samples.push(taken);
    log(
      `  ${String(checks).padStart(6)} checks ${taken.atS.toFixed(0).padStart(5)} s  ` +
        `RSS ${rssMB.toFixed(1)} MB  heap ${taken.heapUsedMB.toFixed(1)} MB ` +
        `(after GC ${taken.heapUsedAfterGcMB.toFixed(2)} MB of ${taken.heapTotalMB.toFixed(1)}, ` +
        `young ${taken.newSpaceMB.toFixed(1)})  malloc ` +
        `${taken.mallocMB?.toFixed(1) ?? '?'} MB (kiosk's ${taken.kioskMallocMB?.toFixed(1) ?? '?'})  ` +
        `pending ${taken.pending}`,
    );
  };
  const snapshot = async (label: string, checks: number) => {
    if (!options.snapshotDir) return;
    const file = path.join(options.snapshotDir, `kiosk-${label}-${checks}.heapsnapshot`);
    const { malloc: before } = await kiosk.usage(true);
    const started = Date.now();
    const rssBeforeMB = residentMegabytes(kiosk.pid);
    const { malloc: after } = await kiosk.snapshot(file);
    const profilerAddedMB = before && after ? mb(after.inUse - before.inUse) : 0;
    profilerMB += profilerAddedMB;
    // Writing a snapshot takes ~100 MB of malloc'd scratch; the probe gives it back
    // (malloc_trim) when it can, and the figures either side say whether that worked.
    const rssAfterMB = residentMegabytes(kiosk.pid);
    snapshots.push({ label, file, checks, rssBeforeMB, rssAfterMB, profilerAddedMB });
    log(
      `  snapshot ${label} at ${checks} checks (${Date.now() - started} ms, RSS ` +
        `${rssBeforeMB.toFixed(1)} → ${rssAfterMB.toFixed(1)} MB, V8's profiler kept ` +
        `${profilerAddedMB.toFixed(1)} MB of malloc): ${file}`,
    );
  };

  await sample('start', 0);
  const middle = Math.round(options.checks / 2);
  let plugged = true;
  let unplugUntil = -1;
  let districtUntil = -1;
  let phase = 0;
  let nextStart = Date.now();
  for (let index = 0; index < options.checks; index += 1) {
    const wait = nextStart - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    nextStart = Math.max(Date.now(), nextStart) + options.intervalMs;
    // Faults by check count, each ending well before the last check.
    const room = index + 2 * options.unpluggedChecks < options.checks;
    if (plugged && room && index > 0 && index % options.unplugEvery === 0) {
      await rigs.unplug();
      plugged = false;
      unplugUntil = index + options.unpluggedChecks;
    } else if (!plugged && index >= unplugUntil) {
      await rigs.plugIn();
      plugged = true;
    }
    const districtRoom = index + 2 * options.districtDownChecks < options.checks;
    if (districtUntil < 0 && districtRoom && index > 0 && index % options.districtEvery === 0) {
      const kind = phaseKinds[phase++ % phaseKinds.length] ?? 'status-500';
      district.setFault(faultOf(kind));
      districtUntil = index + options.districtDownChecks;
    } else if (districtUntil >= 0 && index >= districtUntil) {
      district.setFault(null);
      districtUntil = -1;
    }
    const pair = plugged && kioskSeesThermometer ? rigs.pair() : null;
    const outcome = await traffic.check(index, pair);
    if (outcome.kind === 'failed') {
      failures.push(`check ${index}: ${outcome.reason}`);
      log(`  check ${index} failed: ${outcome.reason}`);
    }
    const done = index + 1;
    if (done === options.warmupChecks) {
      await sample('warm', done);
      await snapshot('start', done);
    }
    if (done % options.sampleEvery === 0 || done === options.checks) {
      if (done !== options.warmupChecks) await sample(`${done}`, done);
    }
    if (done === middle && options.middleSnapshot !== false) await snapshot('middle', done);
  }
  district.setFault(null);
  await snapshot('end', options.checks);
  // The backlog goes out by itself once the district is back; the kiosk is not stopped mid-send.
  await waitFor(rigs.status, (now) => now.upload.pending === 0, {
    timeoutMs: 5 * 60_000,
    everyMs: 500,
    what: 'the upload to drain',
  }).catch((error: Error) => failures.push(error.message));
  return {
    samples,
    snapshots,
    counts: traffic.counts(),
    failures,
    exitCode: null,
    minutes: sinceStart() / 60,
  };
}

function walOf(dataDir: string): string {
  return path.join(dataDir, 'kiosk.db-wal');
}

/** Least-squares slope of heap used after GC over the samples from the second on, KB/1000. */
export function heapSlopeKBPer1000(samples: readonly MemorySample[]): number {
  const points = samples.slice(2).map((taken) => ({ x: taken.checks, y: taken.heapUsedAfterGcMB }));
  const n = points.length;
  if (n < 2) return 0;
  const meanX = points.reduce((sum, point) => sum + point.x, 0) / n;
  const meanY = points.reduce((sum, point) => sum + point.y, 0) / n;
  let top = 0;
  let bottom = 0;
  for (const point of points) {
    top += (point.x - meanX) * (point.y - meanY);
    bottom += (point.x - meanX) ** 2;
  }
  return bottom === 0 ? 0 : (top / bottom) * 1024 * 1000;
}
