// `npx tsx test/bench/verify-bench.ts [--entries N] [--runs R]`: how long `npm run verify` takes
// on a log of N entries (default 100,000) written through the real entry log (so every entry is
// chained as at the gate), run R times (default 3) as its own process. Prints each run's wall
// time and the median, and the database size; asserts nothing.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs, promisify } from 'node:util';
import { main as verify } from '../../cli/verify';
import { createEntryLog } from '../../backend/entries/entry-log';
import { databaseFile, openDatabase } from '../../backend/store/database';
import { insertPolicyRow } from '../fixtures/entry-rows';
import { sampleEntry } from '../integration/integrity/chain-log';
import { repoRoot } from '../rigs/kiosk-server';
import { testCipher } from '../rigs/field-cipher';

const run = promisify(execFile);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      entries: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '3' },
    },
  });
  const entries = Number(values.entries);
  const dir = await mkdtemp(path.join(tmpdir(), 'kiosk-verify-bench-'));
  try {
    const filled = performance.now();
    fill(dir, entries);
    const size = (await stat(databaseFile(dir))).size;
    console.log(
      `log: ${entries.toLocaleString('en')} entries in ${((performance.now() - filled) / 1000).toFixed(1)} s, ` +
        `${(size / 1024 / 1024).toFixed(1)} MiB`,
    );
    const times: number[] = [];
    for (let index = 0; index < Number(values.runs); index += 1) {
      const started = performance.now();
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', 'cli/verify.ts', '--data-dir', dir],
        { cwd: repoRoot },
      );
      const wall = (performance.now() - started) / 1000;
      times.push(wall);
      const checked = /Checked in ([\d.]+) s/.exec(stdout)?.[1] ?? '?';
      console.log(`run ${index + 1}: ${wall.toFixed(2)} s wall, verify itself ${checked} s`);
    }
    console.log(`median: ${median(times).toFixed(2)} s wall`);
    // In-process too, with the CPU time: on a shared machine the wall time says more about
    // the neighbours than about verify.
    const cpuTimes: number[] = [];
    for (let index = 0; index < Number(values.runs); index += 1) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const code = await verify(['--data-dir', dir], {
        output: { out: () => {}, error: () => {} },
      });
      const used = process.cpuUsage(cpu);
      cpuTimes.push((used.user + used.system) / 1e6);
      console.log(
        `in-process run ${index + 1}: exit ${code}, ${((performance.now() - started) / 1000).toFixed(2)} s wall, ` +
          `${((used.user + used.system) / 1e6).toFixed(2)} s CPU`,
      );
    }
    console.log(`median: ${median(cpuTimes).toFixed(2)} s CPU`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  return [...values].sort((first, second) => first - second)[values.length >> 1] ?? 0;
}

/** Appends through the entry log; one outer transaction and no fsync, so filling is quick. */
function fill(dir: string, entries: number): void {
  const db = openDatabase(databaseFile(dir));
  try {
    db.pragma('synchronous = OFF');
    insertPolicyRow(db, 1);
    const log = createEntryLog(db, testCipher);
    db.transaction(() => {
      const quiet = { announce: false };
      for (let index = 1; index <= entries; index += 1) log.append(sampleEntry(index), quiet);
    })();
  } finally {
    db.close();
  }
}

await main();
