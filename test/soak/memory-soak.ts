// `npm run soak:memory -- [--checks 30000] [--interval-ms 50] [--sample-every 5000]
//   [--snapshots DIR | --no-snapshots] [--report FILE]`: several school days of checks in about
// an hour against the kiosk as its own process (memory-run.ts), its resident memory and V8 heap
// printed every 5,000 checks, heap snapshots after the warm-up, in the middle and at the end,
// then which classes and retainers grew between them (heap-diff.ts). Exits 1 when a check
// failed, the kiosk did not stop cleanly, or the heap after a GC grew more than the bound from
// the first sample after the warm-up to the last; 2 on bad arguments.
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { diffHeapSnapshots, formatHeapDiff, type HeapDiff } from './heap-diff';
import { readSoakArgs } from './soak-args';
import { heapSlopeKBPer1000, memoryDefaults, runMemorySoak, type MemorySample } from './memory-run';

const usage =
  'usage: npm run soak:memory -- [--checks 30000] [--interval-ms 50] [--sample-every 5000]\n' +
  '                              [--snapshots DIR | --no-snapshots] [--report FILE]\n' +
  '                              [--max-heap-growth-mb 2]';

async function main(argv: string[]): Promise<number> {
  const values = readSoakArgs(
    argv,
    {
      checks: { type: 'string', default: '30000' },
      'interval-ms': { type: 'string', default: '50' },
      'sample-every': { type: 'string', default: '5000' },
      snapshots: { type: 'string' },
      'no-snapshots': { type: 'boolean' },
      report: { type: 'string' },
      'max-heap-growth-mb': { type: 'string', default: '2' },
    },
    usage,
  );
  if (typeof values === 'number') return values;
  const checks = Number(values.checks);
  const intervalMs = Number(values['interval-ms']);
  const sampleEvery = Number(values['sample-every']);
  const maxGrowthMB = Number(values['max-heap-growth-mb']);
  if (!(checks >= 100) || !(intervalMs >= 0) || !(sampleEvery >= 10) || !(maxGrowthMB > 0)) {
    console.error(`--checks 100 or more, --sample-every 10 or more.\n${usage}`);
    return 2;
  }
  const snapshotDir = values['no-snapshots']
    ? null
    : path.resolve(values.snapshots ?? path.join(tmpdir(), `kiosk-heap-${Date.now()}`));
  console.log(
    `Memory soak: ${checks} checks, one per ${intervalMs} ms; samples every ${sampleEvery}` +
      (snapshotDir ? `; snapshots in ${snapshotDir}` : ''),
  );
  const result = await runMemorySoak({
    ...memoryDefaults(checks),
    intervalMs,
    sampleEvery,
    snapshotDir,
    log: (line) => console.log(line),
  });
  console.log(`\n${formatSamples(result.samples)}`);
  const diffs: { from: string; to: string; diff: HeapDiff }[] = [];
  for (let index = 1; index < result.snapshots.length; index += 1) {
    const from = result.snapshots[index - 1];
    const to = result.snapshots[index];
    if (!from || !to) continue;
    const diff = await diffHeapSnapshots(from.file, to.file);
    diffs.push({ from: from.label, to: to.label, diff });
    console.log(`\n== ${from.label} (${from.checks}) → ${to.label} (${to.checks} checks) ==`);
    console.log(formatHeapDiff(diff));
  }
  const problems = [...result.failures];
  const settled = result.samples.slice(1);
  const first = settled[0];
  const last = settled.at(-1);
  const growthMB = first && last ? last.heapUsedAfterGcMB - first.heapUsedAfterGcMB : 0;
  if (growthMB > maxGrowthMB) {
    problems.push(
      `the heap after a GC grew ${growthMB.toFixed(2)} MB from ${first?.checks} to ` +
        `${last?.checks} checks (allowed ${maxGrowthMB} MB)`,
    );
  }
  const { counts } = result;
  console.log(
    `\n${counts.started} checks (${counts.decided} decided, ${counts.failed} failed, ` +
      `${counts.fevers} fevers, ${counts.manual} typed) in ${result.minutes.toFixed(1)} min; ` +
      `heap after GC ${signedMB(growthMB)} since the warm-up, ` +
      `slope ${heapSlopeKBPer1000(result.samples).toFixed(1)} KB per 1000 checks; ` +
      `kiosk exit ${result.exitCode}`,
  );
  if (values.report) {
    const report = { ...result, growthMB, problems, diffs: diffs.map(summarise) };
    await writeFile(path.resolve(values.report), `${JSON.stringify(report, null, 2)}\n`);
  }
  for (const problem of problems) console.error(`  problem: ${problem}`);
  return problems.length === 0 ? 0 : 1;
}

function signedMB(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(2)} MB`;
}

/** The table the README quotes: one row per sample. */
export function formatSamples(samples: readonly MemorySample[]): string {
  const rows = [
    '| checks | min | RSS MB | heap used MB | heap after GC MB | V8 heap MB | malloc MB | kiosk malloc MB | db MB |',
    '| -----: | --: | -----: | -----------: | ---------------: | ---------: | --------: | --------------: | ----: |',
  ];
  for (const taken of samples) {
    rows.push(
      `| ${taken.checks} | ${(taken.atS / 60).toFixed(1)} | ${taken.rssMB.toFixed(1)} | ` +
        `${taken.heapUsedMB.toFixed(1)} | ${taken.heapUsedAfterGcMB.toFixed(2)} | ` +
        `${taken.heapTotalMB.toFixed(1)} | ` +
        `${taken.mallocMB?.toFixed(1) ?? '–'} | ${taken.kioskMallocMB?.toFixed(1) ?? '–'} | ` +
        `${taken.dbMB.toFixed(1)} |`,
    );
  }
  return rows.join('\n');
}

/** The diff without its whole class list: the 30 largest movers either way. */
function summarise(entry: { from: string; to: string; diff: HeapDiff }) {
  const moved = [...entry.diff.classes].sort(
    (a, b) => Math.abs(b.retained[1] - b.retained[0]) - Math.abs(a.retained[1] - a.retained[0]),
  );
  return { ...entry, diff: { ...entry.diff, classes: moved.slice(0, 30) } };
}

process.exitCode = await main(process.argv.slice(2));
