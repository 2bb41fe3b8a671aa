// The soak itself (rigs in soak-rigs.ts): a check every interval for the run's length while the
// thermometer comes and goes and the district fails and returns, sampled as it goes; then the
// upload drained by itself, the kiosk stopped cleanly, and every check accounted for in its
// database (soak-accounting.ts) and the figures judged (soak-report.ts).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from '../rigs/wait-for';
import { accountFor, entryIdFloor } from './soak-accounting';
import { faultOf, planSoak, type SoakOptions, type SoakPlan } from './soak-plan';
import {
  formatReport,
  growthPer1000,
  memoryFigures,
  problemsOf,
  type PhaseRecord,
  type Sample,
  type SoakReport,
  type UnplugRecord,
} from './soak-report';
import { startSoakRigs, type SoakRigs } from './soak-rigs';
import { sizeOf, takeSample } from './soak-sampler';

const retestWaitSeconds = 2;

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => undefined);
  const scratch = await mkdtemp(path.join(tmpdir(), 'kiosk-soak-'));
  const dataDir = options.dataDir ?? path.join(scratch, 'kiosk');
  for (const dir of [dataDir, path.join(scratch, 'district'), path.join(scratch, 'serial')]) {
    await mkdir(dir, { recursive: true });
  }
  const dbFile = path.join(dataDir, 'kiosk.db');
  const freshData = !existsSync(dbFile);
  const floor = freshData ? 0 : entryIdFloor(dbFile);
  const rigs = await startSoakRigs({
    scratch,
    dataDir,
    rosterSize: options.rosterSize,
    feverEvery: options.feverEvery,
    retestWaitSeconds,
  });
  let run: Awaited<ReturnType<typeof drive>>;
  try {
    run = await drive(rigs, planSoak(options), options, dataDir, log);
  } catch (error) {
    await rigs.abandon();
    throw error;
  }
  const { traffic, kiosk, district } = rigs;
  await traffic.close();
  const exitCode = await kiosk.stop();
  if (exitCode !== 0) run.failures.push(`the kiosk exited with ${exitCode} on SIGTERM`);
  await rigs.pair()?.close();
  const afterBytes = (await sizeOf(dbFile)) + (await sizeOf(`${dbFile}-wal`));
  const districtRecords = district.stats().records;
  await district.close();

  const { samples } = run;
  const partial: Omit<SoakReport, 'verdict'> = {
    startedAt: run.startedAt,
    minutes: options.minutes,
    intervalMs: options.intervalMs,
    dataDir,
    checks: traffic.counts(),
    // Memory while the checks ran, not during the drain afterwards.
    memory: memoryFigures(samples.filter((taken) => taken.atS <= run.checksEndedS + 1)),
    files: {
      beforeBytes: rigs.beforeBytes,
      afterBytes,
      maxDbBytes: Math.max(...samples.map((taken) => taken.dbBytes)),
      maxWalBytes: Math.max(...samples.map((taken) => taken.walBytes)),
      growthBytesPer1000Checks: growthPer1000(
        rigs.beforeBytes,
        afterBytes,
        traffic.counts().started,
      ),
    },
    unplugs: run.unplugs,
    districtPhases: run.phases,
    drain: run.drain,
    accounting: accountFor({
      dbFile,
      floor,
      outcomes: traffic.outcomes(),
      saved: traffic.savedEntries(),
      districtRecords,
      districtIsFresh: freshData,
    }),
    failures: run.failures,
    samples,
  };
  const problems = problemsOf(partial, options.minutes >= 5);
  const report: SoakReport = { ...partial, verdict: { ok: problems.length === 0, problems } };
  if (options.reportFile) {
    await writeFile(options.reportFile, `${JSON.stringify(report, null, 2)}\n`);
  }
  // A failed run keeps its temporary data folder for a look; a passed one leaves nothing
  // behind. A --data-dir is the caller's and stays; the rigs' folder goes either way.
  if (report.verdict.ok || options.dataDir !== null) {
    await rm(scratch, { recursive: true, force: true });
  }
  log(formatReport(report));
  return report;
}

/** The checks, the faults on their timeline, the samples, and the drain afterwards. */
async function drive(
  rigs: SoakRigs,
  plan: SoakPlan,
  options: SoakOptions,
  dataDir: string,
  log: (line: string) => void,
) {
  const { traffic, district, status } = rigs;
  const t0 = Date.now();
  const sinceStart = () => (Date.now() - t0) / 1000;
  const unplugs: UnplugRecord[] = [];
  const phases: PhaseRecord[] = [];
  const failures: string[] = [];
  let districtFault: string | null = null;
  let plugged = true;
  let kioskSeesThermometer = true;

  traffic.onThermometer((thermometer) => {
    kioskSeesThermometer = thermometer.connected;
    const current = unplugs.at(-1);
    if (!current) return;
    const at = Date.now();
    if (!thermometer.connected && current.detectedAfterMs === null) {
      current.detectedAfterMs = at - (t0 + current.unplugAtS * 1000);
      log(`  thermometer: the kiosk says disconnected after ${current.detectedAfterMs} ms`);
    }
    if (thermometer.connected && plugged && current.reconnectedAfterMs === null) {
      current.reconnectedAfterMs = at - (t0 + current.replugAtS * 1000);
      log(`  thermometer: reconnected by itself after ${current.reconnectedAfterMs} ms`);
    }
  });

  const timers = plan.districtPhases.flatMap((phase) => [
    setTimeout(() => {
      district.setFault(faultOf(phase.kind));
      districtFault = phase.kind;
      log(`  district: fails (${phase.kind}) at ${sinceStart().toFixed(0)} s`);
    }, phase.startMs),
    setTimeout(() => {
      district.setFault(null);
      districtFault = null;
      const record: PhaseRecord = {
        kind: phase.kind,
        startS: phase.startMs / 1000,
        endS: phase.endMs / 1000,
        pendingAtEnd: null,
        drainedAfterS: null,
      };
      phases.push(record);
      void status().then(
        (now) => (record.pendingAtEnd = now.upload.pending),
        () => undefined,
      );
      log(`  district: back at ${sinceStart().toFixed(0)} s`);
    }, phase.endMs),
  ]);

  const samples: Sample[] = [];
  const sample = async () => {
    const taken = await takeSample({
      pid: rigs.pid,
      dataDir,
      atS: sinceStart(),
      counts: traffic.counts(),
      status,
      districtFault,
    });
    samples.push(taken);
    for (const phase of phases) {
      if (phase.drainedAfterS === null && taken.pending === 0) {
        phase.drainedAfterS = taken.atS - phase.endS;
      }
    }
    log(
      `  ${taken.atS.toFixed(0).padStart(5)} s  RSS ${taken.rssMB.toFixed(1)} MB  ` +
        `checks ${taken.started} (${taken.failed} failed)  pending ${taken.pending}`,
    );
  };
  await sample();
  const sampler = setInterval(
    () => void sample().catch((error: Error) => failures.push(`sample: ${error.message}`)),
    options.sampleEveryMs,
  );
  try {
    // One at a time, as people come through one gate.
    let nextUnplug = 0;
    let nextStart = t0;
    for (let index = 0; Date.now() - t0 < plan.durationMs; index += 1) {
      const wait = nextStart - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      nextStart = Math.max(Date.now(), nextStart) + options.intervalMs;
      const window = plan.unplugs[nextUnplug];
      const elapsed = Date.now() - t0;
      if (window && plugged && elapsed >= window.unplugAtMs) {
        await rigs.unplug();
        plugged = false;
        const record = { unplugAtS: sinceStart(), replugAtS: 0 };
        unplugs.push({ ...record, detectedAfterMs: null, reconnectedAfterMs: null });
        log(`  thermometer: unplugged at ${sinceStart().toFixed(0)} s`);
      } else if (window && !plugged && elapsed >= window.replugAtMs) {
        const record = unplugs.at(-1);
        if (record) record.replugAtS = sinceStart();
        await rigs.plugIn();
        plugged = true;
        nextUnplug += 1;
        log(`  thermometer: plugged back in at ${sinceStart().toFixed(0)} s`);
      }
      // Until the kiosk has the thermometer back, the guard types the reading in.
      const back = unplugs.at(-1)?.reconnectedAfterMs !== null;
      const pair = plugged && kioskSeesThermometer && back ? rigs.pair() : null;
      const outcome = await traffic.check(index, pair);
      if (outcome.kind === 'failed') log(`  check ${index} failed: ${outcome.reason}`);
    }
  } finally {
    clearInterval(sampler);
    for (const timer of timers) clearTimeout(timer);
    district.setFault(null);
  }
  const checksEndedS = sinceStart();

  // After the last check the district is up: the backlog must go out by itself, within its
  // backoff (the next attempt it has planned) and half a minute more.
  const drainStart = Date.now();
  const nextAttempt = Date.parse((await status()).upload.nextAttemptAt ?? '') || Date.now();
  const drainBudgetMs = Math.min(8 * 60_000, Math.max(60_000, nextAttempt - Date.now() + 30_000));
  const drained = await waitFor(status, (now) => now.upload.pending === 0, {
    timeoutMs: drainBudgetMs,
    everyMs: 250,
    what: 'the upload to drain',
  }).then(
    () => true,
    () => false,
  );
  const drain = {
    drained,
    afterS: (Date.now() - drainStart) / 1000,
    pending: (await status()).upload.pending,
  };
  await sample();
  return {
    startedAt: new Date(t0).toISOString(),
    samples,
    unplugs,
    phases,
    failures,
    drain,
    checksEndedS,
  };
}
