// The memory soak (`npm run soak:memory`) cut to what CI can afford, under a minute: the kiosk
// as its own process, 100 checks to warm up, then 300 more as fast as it answers, heap
// snapshots after the warm-up and at the end. What the kiosk made after the warm-up and still
// holds after a full GC (V8's code apart) must stay under 1,000 bytes a check: it is ~85 KB in
// all, ~280 bytes a check, most of it V8's bookkeeping, and the 1.1 KB a check that the
// 150-minute soak's 8 MB an hour would mean fails it. And the V8 heap after a GC may not grow
// more than 1.5 MB from the warm-up to the end (it grows ~0.1 MB). The long run (README "Soak
// test", npm run soak:memory) measures the slopes; this only catches a leak per check.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffHeapSnapshots } from '../../soak/heap-diff';
import { memoryDefaults, runMemorySoak } from '../../soak/memory-run';

const checks = 400;
const warmup = 100;
let snapshotDir: string | null = null;

afterAll(async () => {
  if (snapshotDir) await rm(snapshotDir, { recursive: true, force: true });
});

describe('the memory soak, short', () => {
  it('keeps nothing per check once warm', async () => {
    snapshotDir = await mkdtemp(path.join(tmpdir(), 'kiosk-heap-ci-'));
    const result = await runMemorySoak({
      ...memoryDefaults(checks),
      intervalMs: 0,
      sampleEvery: 100,
      warmupChecks: warmup,
      // The faults are the long run's: here one check path after another, and fevers.
      unplugEvery: Number.MAX_SAFE_INTEGER,
      districtEvery: Number.MAX_SAFE_INTEGER,
      feverEvery: 25,
      retestWaitSeconds: 0,
      snapshotDir,
      middleSnapshot: false,
      log: () => undefined,
    });
    expect(result.failures).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.counts).toMatchObject({ started: checks, decided: checks, failed: 0 });
    expect(result.counts.fevers).toBeGreaterThan(0);

    const [start, end] = result.snapshots;
    expect(start?.checks).toBe(warmup);
    expect(end?.checks).toBe(checks);
    const diff = await diffHeapSnapshots(start?.file ?? '', end?.file ?? '');
    const perCheck = diff.newObjects.bytes / (checks - warmup);
    expect(perCheck, `made since the warm-up and still alive, per check`).toBeLessThan(1000);

    const second = result.samples[1];
    const last = result.samples.at(-1);
    expect(second?.checks).toBe(warmup);
    const growth = (last?.heapUsedAfterGcMB ?? 0) - (second?.heapUsedAfterGcMB ?? 0);
    expect(growth, 'heap after a GC, MB, from the warm-up to the end').toBeLessThan(1.5);
  }, 120_000);
});
