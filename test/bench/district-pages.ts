// The bureau's pages with a year of a district: a private PostgreSQL (fsync on, auto_explain
// logging the plan of every page's statement slower than 100 ms), the year bulk-loaded
// (district-year.ts), one service process with the bureau's pages, an officer signed in over
// HTTP, then each page requested several times on the latest school day and on a day in the
// middle of what was loaded. Returns the Markdown sections of the summary.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { addAccount } from '../../district/bureau/accounts';
import { migrate, openDb, schoolDay } from '../../district/service/db';
import { mib, percentile, table } from './district-measure';
import { registerDistrict, schoolIdOf, startBench, startService } from './district-rig';
import { loadYear, type YearLoaded } from './district-year';

const password = 'bench-password-0123';
const runs = 10;
const slowMs = 100;

interface Timed {
  page: string;
  day: string;
  status: number;
  bytes: number;
  firstMs: number;
  medianMs: number;
  p95Ms: number;
}

/** Signs in through the page's form; the session cookie. */
async function signIn(base: string): Promise<string> {
  const response = await fetch(`${base}/bureau/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
    body: new URLSearchParams({ username: 'officer', password }).toString(),
  });
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
  if (cookies.length === 0) {
    throw new Error(
      `sign-in gave no cookie: ${response.status} ${(await response.text()).slice(0, 200)}`,
    );
  }
  return cookies.join('; ');
}

async function timePage(base: string, cookie: string, page: string, day: string): Promise<Timed> {
  const ms: number[] = [];
  let status = 0;
  let bytes = 0;
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    const response = await fetch(`${base}${page}`, { headers: { cookie }, redirect: 'manual' });
    const body = await response.arrayBuffer();
    ms.push(performance.now() - started);
    status = response.status;
    bytes = body.byteLength;
  }
  return {
    page,
    day,
    status,
    bytes,
    firstMs: ms[0] ?? NaN,
    medianMs: percentile(ms, 0.5),
    p95Ms: percentile(ms, 0.95),
  };
}

/** auto_explain's plans from the server's log: each slow statement once, slowest first. */
function slowPlans(logDir: string): { ms: number; text: string }[] {
  const plans = new Map<string, { ms: number; text: string }>();
  for (const file of readdirSync(logDir)) {
    const log = readFileSync(path.join(logDir, file), 'utf8');
    for (const entry of log.split(/\n(?=\S.*LOG:\s+duration:)/)) {
      const match = /duration: ([\d.]+) ms\s+plan:\n([\s\S]*)/.exec(entry);
      if (!match) continue;
      const text = (match[2] ?? '').replace(/\n\S[^\n]*(LOG|STATEMENT|ERROR):[\s\S]*$/, '');
      const query =
        /Query Text: ([\s\S]*?)\n\s+(\w[^\n]*\(cost|\w[^\n]*\(actual)/.exec(text)?.[1] ?? text;
      const key = query.replace(/\s+/g, ' ').slice(0, 300);
      const ms = Number(match[1]);
      if ((plans.get(key)?.ms ?? 0) < ms) plans.set(key, { ms, text });
    }
  }
  return [...plans.values()].sort((a, b) => b.ms - a.ms);
}

export async function runPages(o: { schools: number; budgetSeconds: number }): Promise<string[]> {
  const bench = await startBench({
    shared_preload_libraries: 'auto_explain',
    logging_collector: 'on',
    log_directory: 'log',
  });
  const pool = openDb(bench.databaseUrl, { max: 2 });
  const service = { stop: async () => undefined } as { stop(): Promise<void> };
  try {
    await migrate(pool);
    await registerDistrict(pool, bench.keyring, o.schools);
    await addAccount(
      pool,
      { username: 'officer', displayName: '王科长', role: 'officer', password },
      'bench',
      Date.now(),
    );
    const lastDay = schoolDay(Date.now() - 86_400_000);
    console.log(
      `loading a year of ${o.schools} schools up to ${lastDay} (budget ${o.budgetSeconds} s)…`,
    );
    const loaded = await loadYear(pool, {
      schools: o.schools,
      perGate: 333,
      budgetSeconds: o.budgetSeconds,
      lastDay,
    });
    const size = Number(
      (
        await pool.query(
          `SELECT sum(pg_total_relation_size(relid)) AS n FROM pg_partition_tree('records')`,
        )
      ).rows[0]?.n ?? 0,
    );
    const dataDir = String((await pool.query('SHOW data_directory')).rows[0]?.data_directory);
    // The pages' statements only (the service connects after this), not the load's own.
    await pool.query(`ALTER DATABASE district SET auto_explain.log_min_duration = ${slowMs}`);
    await pool.query('ALTER DATABASE district SET auto_explain.log_analyze = on');
    Object.assign(service, await startService(bench, 10, true));
    const base = (service as unknown as { url: string }).url;
    const cookie = await signIn(base);
    const latest = loaded.schoolDays.at(-1) as string;
    const middle = loaded.schoolDays[Math.floor(loaded.schoolDays.length / 2)] as string;
    const school = schoolIdOf(Math.floor(o.schools / 2));
    const timed: Timed[] = [];
    for (const day of [latest, middle]) {
      for (const page of [
        `/bureau/?date=${day}`,
        `/bureau/fever?date=${day}`,
        `/bureau/schools/${school}?date=${day}`,
        `/bureau/missing?date=${day}`,
        `/bureau/alerts`,
        `/bureau/export.xlsx?date=${day}`,
        `/bureau/schools/${school}/export.xlsx?date=${day}`,
      ]) {
        if (page === '/bureau/alerts' && day !== latest) continue;
        const result = await timePage(base, cookie, page, day);
        timed.push(result);
        console.log(
          `  ${page}: ${result.status}, median ${result.medianMs.toFixed(1)} ms, p95 ${result.p95Ms.toFixed(1)} ms`,
        );
      }
    }
    return report(o.schools, loaded, size, timed, slowPlans(path.join(dataDir, 'log')));
  } finally {
    await pool.end();
    await service.stop();
    await bench.destroy();
  }
}

function report(
  schools: number,
  loaded: YearLoaded,
  size: number,
  timed: Timed[],
  plans: { ms: number; text: string }[],
): string[] {
  const days = loaded.schoolDays;
  const seqScans = plans.filter((plan) => /Seq Scan on records_/.test(plan.text));
  return [
    `## The bureau's pages with a year of data`,
    '',
    `Loaded straight into PostgreSQL (INSERT … SELECT generate_series, one statement per school ` +
      `day into its partition, newest day first, until the load's time budget was spent): ` +
      `${schools} schools × 3 gates × 333 records a school day, ${days.length} school days ` +
      `(${days[0]} to ${days.at(-1)}, weekdays outside the holidays; ${loaded.calendarDays} calendar ` +
      `days of daily reports), ${loaded.records.toLocaleString('en')} records in ` +
      `${loaded.seconds.toFixed(0)} s (${Math.round(loaded.recordsPerSecond).toLocaleString('en')} ` +
      `records/s with the indexes in place, fsync on), ${loaded.reports.toLocaleString('en')} ` +
      `daily reports, ${loaded.alerts.toLocaleString('en')} alerts; VACUUM (ANALYZE) ` +
      `${loaded.vacuumSeconds.toFixed(0)} s. records with its indexes: ${mib(size)} ` +
      `(${mib((size / loaded.records) * 1e6)} per million).`,
    '',
    `Each page requested ${runs} times in a row by a signed-in officer (one service process); ` +
      `"first" is the first request, median and p95 over all ${runs}.`,
    '',
    table(
      ['page', 'day', 'status', 'size', 'first ms', 'median ms', 'p95 ms'],
      timed.map((t) => [
        t.page.replace(/\?date=.*$/, ''),
        t.day,
        t.status,
        `${(t.bytes / 1024).toFixed(0)} KiB`,
        t.firstMs.toFixed(1),
        t.medianMs.toFixed(1),
        t.p95Ms.toFixed(1),
      ]),
    ),
    '',
    plans.length === 0
      ? `No statement took over ${slowMs} ms (auto_explain logged none).`
      : `Statements over ${slowMs} ms (auto_explain, EXPLAIN ANALYZE of the real run; ` +
        `${seqScans.length} with a sequential scan of a records partition):`,
    '',
    ...plans
      .slice(0, 6)
      .flatMap((plan) => [
        '```',
        `${plan.ms.toFixed(0)} ms`,
        plan.text.length > 6000 ? `${plan.text.slice(0, 6000)}\n…` : plan.text,
        '```',
        '',
      ]),
  ];
}
