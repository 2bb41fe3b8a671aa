// `npm run bench:district [-- options]`: the district service at scale on this machine (not part
// of `npm test` or CI). 1. district-load.ts: a district's gates (300 schools × 3 gates) against
// the service — the morning rush, a backlog, the daily reports, then the rush raised step by
// step to where it saturates, with one and with two service processes. 2. district-year.ts: a
// year of the district bulk-loaded into PostgreSQL, then the bureau's pages timed over HTTP
// (district-pages.ts). Prints a summary and writes it to test-results/district-scale.md.
// Options: --only load|year, --schools N (300), --concurrency N (64), --services 1,2,
// --rush-seconds N (60), --step-seconds N (30), --steps 2,4,8,16,32, --backlog-gates N (90),
// --backlog-records N per gate (5000), --year-schools N (300), --year-budget seconds (780).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatRows, formatSizes, runLoad } from './district-load';
import { runPages } from './district-pages';
import { repoRoot } from './district-rig';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    schools: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '64' },
    services: { type: 'string', default: '1,2' },
    'rush-seconds': { type: 'string', default: '60' },
    'step-seconds': { type: 'string', default: '30' },
    steps: { type: 'string', default: '2,4,8,16,32' },
    'backlog-gates': { type: 'string', default: '90' },
    'backlog-records': { type: 'string', default: '5000' },
    'backlog-days': { type: 'string', default: '5' },
    'year-schools': { type: 'string', default: '300' },
    'year-budget': { type: 'string', default: '780' },
  },
});
const list = (text: string) => text.split(',').map(Number);

const sections: string[] = [
  '# District service at scale (`npm run bench:district`)',
  '',
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB; ` +
    `load average at the start ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')} (other work on the machine shares its cores). PostgreSQL 15 with fsync on, ` +
    'default settings otherwise; the service and the load generator in their own processes.',
  '',
];

if (values.only !== 'year') {
  const outcome = await runLoad({
    schools: Number(values.schools),
    concurrency: Number(values.concurrency),
    services: list(values.services),
    rushSeconds: Number(values['rush-seconds']),
    stepSeconds: Number(values['step-seconds']),
    steps: list(values.steps),
    backlogGates: Number(values['backlog-gates']),
    backlogRecords: Number(values['backlog-records']),
    backlogDays: Number(values['backlog-days']),
  });
  sections.push(
    `## Ingest: ${values.schools} schools × 3 gates`,
    '',
    `Each gate a kiosk installation with its own secret and sequence, batches gzipped and signed ` +
      `as the protocol says, keep-alive HTTP, at most ${values.concurrency} requests in flight. ` +
      '"rush N×": each gate writes N records a second and sends a batch every 10/N s (N times ' +
      "the district's gates at the kiosk's default batchMaxWaitSeconds of 10 s), for the time given, " +
      'then each gate sends what it has left; stored rec/s = records newly stored a second over the ' +
      "phase's steady part (from the end of its first batch interval to its end; the backlog: all " +
      'of it); answer ms: from the request sent to the answer read (waiting for one of the ' +
      'requests in flight not included; the end-of-phase send of what is left not included). ' +
      '¹ resent: a keep-alive connection the service closed after 5 s idle, taken for a request ' +
      'at that moment, and the request sent again on a new one (as any HTTP client does; the ' +
      'protocol is idempotent). With 2 processes the ' +
      'gates are split between them (gate i → process i mod 2). CPU in % of one core, from ' +
      '/proc over the phase; "machine" is every process on the machine, of 200 %.',
    '',
    formatRows(outcome.rows),
    '',
    `Database size after the ingest run (pg_table_size / pg_indexes_size over every partition ` +
      `of records; pg_total_relation_size of batches):`,
    '',
    formatSizes(outcome.sizes),
    '',
  );
}

if (values.only !== 'load') {
  sections.push(
    ...(await runPages({
      schools: Number(values['year-schools']),
      budgetSeconds: Number(values['year-budget']),
    })),
  );
}

const text = sections.join('\n');
console.log(`\n${text}`);
const out = path.join(repoRoot, 'test-results', 'district-scale.md');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${text}\n`);
console.log(`\nwritten to ${path.relative(repoRoot, out)}`);
