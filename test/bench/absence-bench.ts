// `npm run bench:absences` (not part of `npm run bench`): how long the school doctor waits for
// the absence register (docs/absences.md) once a large school has kept it for a year, and
// whether the register slows the gate. One SQLite file in a temp folder, migrated as the kiosk
// opens it, filled with a year of a large school (test/bench/absence-school-year.ts).
// The gate's card lookup (identify(), the query of every scan in the rush) is timed before the
// register's rows are written and again after. Then register(today), register(a mid-year day)
// and its parts, the daily report's counts, and EXPLAIN QUERY PLAN of every query the register
// and the counts prepare, flagging a SCAN that reads every row of entries or absences.
// Env: BENCH_RUNS (30), and the school's (absence-school-year.ts). Prints; asserts nothing.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Database } from 'better-sqlite3';
import { shanghaiDayRange } from '../../contract/school-time';
import { createAbsenceCounts } from '../../backend/absences/absence-counts';
import { createAbsencePicture } from '../../backend/absences/absence-picture';
import { createAbsenceRegister } from '../../backend/absences/absence-register';
import { createIdentify } from '../../backend/checks/identify';
import { databaseFile, openDatabase } from '../../backend/store/database';
import { makeTempDir, removeTempDirs } from '../fixtures/temp-data-dir';
import { testCipher } from '../rigs/field-cipher';
import {
  days,
  fillEntries,
  fillPeople,
  fillRegister,
  midYear,
  now,
  planAbsences,
  pupils,
  random,
  today,
} from './absence-school-year';

const runs = Number(process.env.BENCH_RUNS ?? 30);

interface Figures {
  label: string;
  ms: number[];
}

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? NaN;
}

/** `runs` timed calls after three untimed ones (prepared statements and cache warm). */
function time(label: string, call: () => unknown): Figures {
  for (let n = 0; n < 3; n += 1) call();
  const ms: number[] = [];
  for (let n = 0; n < runs; n += 1) {
    const started = performance.now();
    call();
    ms.push(performance.now() - started);
  }
  return { label, ms };
}

/** Every pupil's card once a run, in a new order each run: each lookup timed on its own. */
function timeCards(db: Database, label: string): Figures {
  const identify = createIdentify({
    db,
    passKeys: () => new Map(),
    appointments: { standing: () => null },
    now,
  });
  const cards = Array.from({ length: pupils }, (_, i) => `S${String(i + 1).padStart(6, '0')}`);
  const ms: number[] = [];
  for (let run = -1; run < runs; run += 1) {
    for (let i = cards.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [cards[i], cards[j]] = [cards[j] as string, cards[i] as string];
    }
    for (const card of cards) {
      const started = performance.now();
      const found = identify(card);
      if (run >= 0) ms.push(performance.now() - started);
      if (found.kind !== 'person') throw new Error(`card ${card} not found`);
    }
  }
  return { label, ms };
}

/** The SQL every statement prepared on `db` through the answer: what the register runs. */
function recordingPrepares(db: Database, statements: Set<string>): Database {
  return new Proxy(db, {
    get(target, key) {
      if (key === 'prepare') {
        return (sql: string) => {
          statements.add(sql);
          return target.prepare(sql);
        };
      }
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}

/**
 * EXPLAIN QUERY PLAN of each SELECT. A SCAN of entries or absences reads every row, unless
 * through a partial index (only the rows it holds, e.g. the open absences).
 */
function explain(db: Database, statements: Set<string>): string[] {
  const partial = new Set(
    db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE sql LIKE '%) WHERE %'")
      .all()
      .map((row) => row.name),
  );
  const values: Record<string, unknown> = { date: today, ...shanghaiDayRange(today), person: 1 };
  const lines: string[] = [];
  for (const sql of statements) {
    if (!/^\s*SELECT/i.test(sql)) continue;
    const named = [...sql.matchAll(/@(\w+)/g)].map((match) => match[1] as string);
    const params = named.length > 0 ? Object.fromEntries(named.map((n) => [n, values[n]])) : [];
    const positional = (sql.match(/\?/g) ?? []).map(() => 1);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(named.length > 0 ? params : positional) as { detail: string }[];
    const text = sql.replace(/\s+/g, ' ').trim();
    lines.push(`  …${text.slice(text.indexOf(' FROM ')).slice(0, 150)}`);
    for (const { detail } of plan) {
      const index = /USING (?:COVERING )?INDEX (\w+)/.exec(detail)?.[1];
      const full =
        /^SCAN (e|a|entries|absences)\b/.test(detail) &&
        (index === undefined || !partial.has(index));
      lines.push(`      ${full ? '!! every row: ' : ''}${detail}`);
    }
  }
  return lines;
}

function table(rows: Figures[], unit: 'ms' | 'µs'): string[] {
  const scale = unit === 'µs' ? 1000 : 1;
  const cell = (ms: number) => (ms * scale).toFixed(unit === 'µs' ? 1 : 2).padStart(9);
  return rows.map(
    ({ label, ms }) =>
      `  ${label.padEnd(44)}${cell(percentile(ms, 0.5))}${cell(percentile(ms, 0.95))}` +
      `${cell(Math.min(...ms))}${cell(Math.max(...ms))}  (${ms.length})`,
  );
}

/** Building only: no fsync a commit and a larger cache; back to the kiosk's own for timing. */
function building<T>(db: Database, fill: () => T): [T, number] {
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const started = performance.now();
  const result = fill();
  const seconds = (performance.now() - started) / 1000;
  db.pragma('synchronous = FULL');
  db.pragma('cache_size = -4096');
  return [result, seconds];
}

function main(): void {
  const load = () =>
    loadavg()
      .map((n) => n.toFixed(2))
      .join(' ');
  const loadBefore = load();
  const db = openDatabase(databaseFile(makeTempDir('kiosk-absence-bench-')));
  try {
    const plan = planAbsences();
    fillPeople(db);
    const [entries, entriesSeconds] = building(db, () => fillEntries(db, plan));
    const cardsBefore = timeCards(db, 'gate card lookup, no register rows');
    const [, registerSeconds] = building(db, () => fillRegister(db, plan));
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;

    const statements = new Set<string>();
    const spied = recordingPrepares(db, statements);
    const register = createAbsenceRegister(spied, now, testCipher);
    const picture = createAbsencePicture(spied);
    const counts = createAbsenceCounts(spied);
    const shown = register.register(today);
    const cardsAfter = timeCards(db, 'gate card lookup, with the register');
    const timed = [
      time(`register(today ${today})`, () => register.register(today)),
      time(`register(mid-year ${midYear})`, () => register.register(midYear)),
      time('  of which picture(today)', () => picture.picture(today)),
      time('  of which awaitingCertificate(today)', () => picture.awaitingCertificate(today)),
      time('  of which certificates(today)', () => picture.certificates(today)),
      time('  of which awaitingCertificate(mid-year)', () => picture.awaitingCertificate(midYear)),
      time('daily report: absentIll + returnsCleared', () => {
        counts.absentIll(today);
        counts.returnsCleared(today);
      }),
      time('daily report counts, mid-year', () => {
        counts.absentIll(midYear);
        counts.returnsCleared(midYear);
      }),
    ];
    const header = `  ${''.padEnd(44)}${'median'.padStart(9)}${'p95'.padStart(9)}${'min'.padStart(9)}${'max'.padStart(9)}  (samples)`;
    console.log(
      [
        `Absence register bench: ${pupils} pupils in 48 classes, ${days.length} school days ` +
          `(${days[0]} to ${today}), load average ${loadBefore} (1, 5, 15 min)`,
        `  built: ${entries} entries in ${entriesSeconds.toFixed(1)} s; ` +
          `${count('SELECT count(*) AS n FROM absences')} absences, ` +
          `${count('SELECT count(*) AS n FROM absence_follow_ups')} follow-ups, ` +
          `${count('SELECT count(*) AS n FROM return_certificates')} certificates in ` +
          `${registerSeconds.toFixed(1)} s`,
        `  today: ${shown.open.length} open, ${shown.ended.length} ended, ` +
          `${shown.awaitingCertificate.length} awaiting a certificate, picture ` +
          JSON.stringify({ ...shown.picture, byClass: shown.picture.byClass.length }),
        '',
        `The doctor's page and the daily report, ms (${runs} runs each):`,
        header,
        ...table(timed, 'ms'),
        '',
        `The gate's card lookup (identify), µs a scan (${runs} runs of every card):`,
        header,
        ...table([cardsBefore, cardsAfter], 'µs'),
        '',
        'Query plans of the statements the register and the counts prepare:',
        ...explain(db, statements),
        '',
        `load average after: ${load()}`,
      ].join('\n'),
    );
  } finally {
    db.close();
    removeTempDirs();
  }
}

main();
