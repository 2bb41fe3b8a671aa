// `npm run soak -- --minutes N [--interval-ms 500] [--data-dir DIR] [--report FILE]`: the kiosk
// in server mode under a check every 500 ms for N minutes, the thermometer unplugged and the
// district failing now and then (soak-run.ts). Prints the figures; exits 1 when memory is not
// flat (from 5 minutes up), a check was lost, or the upload did not drain; 2 on bad arguments.
import path from 'node:path';
import { readSoakArgs } from './soak-args';
import { runSoak } from './soak-run';
import { defaultOptions } from './soak-plan';

const usage =
  'usage: npm run soak -- --minutes N [--interval-ms 500] [--data-dir DIR] [--report FILE]';

async function main(argv: string[]): Promise<number> {
  const values = readSoakArgs(
    argv,
    {
      minutes: { type: 'string' },
      'interval-ms': { type: 'string', default: '500' },
      'data-dir': { type: 'string' },
      report: { type: 'string' },
    },
    usage,
  );
  if (typeof values === 'number') return values;
  const minutes = Number(values.minutes);
  const intervalMs = Number(values['interval-ms']);
  if (!(minutes > 0) || !(intervalMs >= 50)) {
    console.error(`Give --minutes (more than 0) and --interval-ms (50 or more).\n${usage}`);
    return 2;
  }
  const report = await runSoak({
    ...defaultOptions(minutes),
    intervalMs,
    dataDir: values['data-dir'] ? path.resolve(values['data-dir']) : null,
    reportFile: values.report ? path.resolve(values.report) : null,
    log: (line) => console.log(line),
  });
  if (!report.verdict.ok) console.error(`Soak failed; the data folder is kept: ${report.dataDir}`);
  return report.verdict.ok ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
