// The bureau's day pages on a big day, before and after a change, on the same data in one
// session (not part of `npm test` or CI). Two steps:
//   npx tsx test/bench/district-day.ts load --state F [--schools 300] [--budget 45]
//     a private PostgreSQL (fsync on), a district of N schools × 3 gates, the latest school
//     days bulk-loaded by district-year.ts until the budget is spent (a 300-school day is
//     ~300k records), plus 90 earlier days of daily reports (the neighbouring ranges the
//     missing-records query reads); writes the connection to F and keeps the cluster until
//     SIGINT/SIGTERM.
//   npx tsx test/bench/district-day.ts compare --state F --code DIR
//     the day's results (dayReports, missingOfDay for the district and for each school) of this
//     tree and of DIR, which must be the same.
//   npx tsx test/bench/district-day.ts time --state F [--code DIR] [--runs 9]
//     the day's queries called in this process (dayReports with and without the missing count,
//     missingOfDay) and the pages over HTTP from a service process, each run several times,
//     median and min. --code: a copy of the tree (its district/ and test/bench/) to time
//     instead of this one, e.g. the commit before a change (`git archive`), so both are timed
//     on the same database.
import { writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { isDeepStrictEqual } from 'node:util';
import { addAccount } from '../../district/bureau/accounts';
import type { dayReports } from '../../district/bureau/queries/day-reports';
import type { missingOfDay } from '../../district/bureau/queries/missing';
import { migrate, openDb, schoolDay } from '../../district/service/db';
import { loadKeyring } from '../../district/service/secrets';
import { percentile } from './district-measure';
import { registerDistrict, repoRoot, schoolIdOf, startBench, startService } from './district-rig';
import { loadYear } from './district-year';

type DayReportsModule = { dayReports: typeof dayReports };
type MissingModule = { missingOfDay: typeof missingOfDay };
type Tree = DayReportsModule & MissingModule;
const password = 'bench-password-0123';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    state: { type: 'string', default: path.join(repoRoot, 'test-results', 'district-day.json') },
    schools: { type: 'string', default: '300' },
    budget: { type: 'string', default: '45' },
    code: { type: 'string', default: repoRoot },
    runs: { type: 'string', default: '9' },
  },
});

interface State {
  databaseUrl: string;
  keyFile: string;
  schools: number;
  days: string[];
}

async function load(): Promise<void> {
  const schools = Number(values.schools);
  const bench = await startBench();
  const pool = openDb(bench.databaseUrl, { max: 2 });
  await migrate(pool);
  await registerDistrict(pool, bench.keyring, schools);
  await addAccount(
    pool,
    { username: 'officer', displayName: '王科长', role: 'officer', password },
    'bench',
    Date.now(),
  );
  const loaded = await loadYear(pool, {
    schools,
    perGate: 333,
    budgetSeconds: Number(values.budget),
    lastDay: schoolDay(Date.now() - 86_400_000),
  });
  // Earlier days' reports of the same installations, ranges below the loaded ones: what the
  // missing-records query looks through for another day's range (±62 days).
  const earliest = loaded.schoolDays[0] as string;
  await pool.query(
    `INSERT INTO daily_reports (report_id, school_id, gate_id, installation_id, date,
       generated_at, entries, visitors, denied, retests, fever_cases, unresolved_retests,
       sequence_first, sequence_last, zero, digest, received_at, first_received_at, versions)
     SELECT installation_id || ':' || (date - k)::text, school_id, gate_id, installation_id,
       date - k, generated_at - k * interval '1 day', entries, visitors, denied, retests,
       fever_cases, unresolved_retests, sequence_first - k * 333, sequence_last - k * 333, zero,
       digest, received_at - k * interval '1 day', first_received_at - k * interval '1 day', 1
     FROM daily_reports, generate_series(1, 90) k
     WHERE date = $1 ON CONFLICT DO NOTHING`,
    [earliest],
  );
  await pool.query('VACUUM (ANALYZE)');
  const state: State = {
    databaseUrl: bench.databaseUrl,
    keyFile: bench.keyFile,
    schools,
    days: loaded.schoolDays,
  };
  writeFileSync(values.state, JSON.stringify(state));
  console.log(
    `loaded ${loaded.records.toLocaleString('en')} records, school days ${loaded.schoolDays.join(' ')}; ` +
      `state in ${values.state}; SIGINT to destroy the cluster`,
  );
  await pool.end();
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await bench.destroy();
}

async function timed(runs: number, fn: () => Promise<unknown>): Promise<string> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await fn();
    ms.push(performance.now() - started);
  }
  return `median ${percentile(ms, 0.5).toFixed(1)} ms, min ${Math.min(...ms).toFixed(1)} ms, first ${ms[0]?.toFixed(1)} ms`;
}

async function time(): Promise<void> {
  const state = JSON.parse(readFileSync(values.state, 'utf8')) as State;
  const runs = Number(values.runs);
  const code = path.resolve(values.code);
  const dayReportsModule = (await import(
    path.join(code, 'district/bureau/queries/day-reports.ts')
  )) as DayReportsModule;
  const missingModule = (await import(
    path.join(code, 'district/bureau/queries/missing.ts')
  )) as MissingModule;
  const pool = openDb(state.databaseUrl, { max: 4 });
  const day = state.days.at(-1) as string;
  const now = Date.parse(`${day}T12:00:00Z`);
  const school = schoolIdOf(Math.floor(state.schools / 2));
  console.log(`code ${code}, day ${day}, ${runs} runs each`);
  const lines: [string, () => Promise<unknown>][] = [
    ['dayReports (today page)', () => dayReportsModule.dayReports(pool, day, now)],
    [
      'dayReports missing:false (sweep)',
      () => dayReportsModule.dayReports(pool, day, now, null, { missing: false }),
    ],
    ['missingOfDay (missing page)', () => missingModule.missingOfDay(pool, day)],
    ['missingOfDay one school', () => missingModule.missingOfDay(pool, day, school)],
  ];
  for (const [name, fn] of lines) console.log(`  ${name}: ${await timed(runs, fn)}`);
  const service = await startService(
    {
      databaseUrl: state.databaseUrl,
      keyFile: state.keyFile,
      keyring: loadKeyring(state.keyFile),
      dir: '',
      pg: undefined as never,
      destroy: async () => undefined,
    },
    10,
    true,
    path.join(code, 'test/bench/district-serve.ts'),
  );
  try {
    const response = await fetch(`${service.url}/bureau/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: service.url },
      body: new URLSearchParams({ username: 'officer', password }).toString(),
    });
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    for (const page of [
      `/bureau/?date=${day}`,
      `/bureau/missing?date=${day}`,
      `/bureau/schools/${school}?date=${day}`,
      `/bureau/export.xlsx?date=${day}`,
    ]) {
      let size = 0;
      const result = await timed(runs, async () => {
        const answer = await fetch(`${service.url}${page}`, { headers: { cookie } });
        size = (await answer.arrayBuffer()).byteLength;
        if (answer.status !== 200) throw new Error(`${page}: ${answer.status}\n${service.log()}`);
      });
      console.log(`  GET ${page}: ${result} (${(size / 1024).toFixed(0)} KiB)`);
    }
  } finally {
    await service.stop();
    await pool.end();
  }
}

/** The day's results of this tree and of --code, compared: a change must not alter them. */
async function compare(): Promise<void> {
  const state = JSON.parse(readFileSync(values.state, 'utf8')) as State;
  const code = path.resolve(values.code);
  const pool = openDb(state.databaseUrl, { max: 4 });
  const day = state.days.at(-1) as string;
  const now = Date.parse(`${day}T12:00:00Z`);
  const trees = [code, repoRoot].map(async (root): Promise<Tree> => ({
    dayReports: (
      (await import(path.join(root, 'district/bureau/queries/day-reports.ts'))) as DayReportsModule
    ).dayReports,
    missingOfDay: (
      (await import(path.join(root, 'district/bureau/queries/missing.ts'))) as MissingModule
    ).missingOfDay,
  }));
  const [before, after] = await Promise.all(trees);
  if (!before || !after) throw new Error('no code');
  const schools = Array.from({ length: state.schools }, (_, i) => schoolIdOf(i));
  const checks: [string, (t: Tree) => Promise<unknown>][] = [
    ['dayReports', (t) => t.dayReports(pool, day, now)],
    ['missingOfDay', (t) => t.missingOfDay(pool, day)],
    ...schools.flatMap((school): [string, (t: Tree) => Promise<unknown>][] => [
      [`missingOfDay ${school}`, (t) => t.missingOfDay(pool, day, school)],
      [`dayReports ${school}`, (t) => t.dayReports(pool, day, now, school)],
    ]),
  ];
  let differ = 0;
  for (const [name, fn] of checks) {
    const same = isDeepStrictEqual(await fn(before), await fn(after));
    if (!same) differ += 1;
    if (!same || !name.includes(' ')) console.log(`  ${name}: ${same ? 'same' : 'DIFFERENT'}`);
  }
  const missing = await after.missingOfDay(pool, day);
  const short = missing.filter((report) => (report.missing?.length ?? 0) > 0);
  console.log(
    `  ${checks.length} checks, ${differ} different; ${short.length} of ${missing.length} reports lack records, ` +
      `${short.reduce((n, r) => n + (r.missing?.length ?? 0), 0)} gaps`,
  );
  await pool.end();
}

if (positionals[0] === 'load') await load();
else if (positionals[0] === 'time') await time();
else if (positionals[0] === 'compare') await compare();
else throw new Error('usage: district-day.ts load|time [--state F] …');
