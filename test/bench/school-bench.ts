// `npm run bench:school` (also part of `npm run bench`): how fresh a school's gates and its hub
// keep each other (docs/school-hub.md). A hub and three gates on loopback, each its own process,
// data folder and socat thermometer (test/rigs/school-rig.ts). Times what a guard relies on:
// each process's own SQLite file, read read-only by this bench every BENCH_POLL_MS (2 ms).
//  1. a roster change at the hub (setPersonStatus) until each gate's file has it;
//  2. an entry decided at a gate (a pupil's scan; the bench's policy measures visitors only, so
//     the scan decides at once) from the entry's own `at` until the hub's entries table has it;
//  3. a gate away for a school day: the hub stops, the gate checks BENCH_DAY_PUPILS pupils
//     through its scan operation, the gate stops, the hub comes back and changes as many people;
//     then the gate starts and catches up in both directions.
// Env: BENCH_CHANGES (30), BENCH_ENTRIES (30), BENCH_DAY_PUPILS (1500), BENCH_CATCHUP_RUNS (3),
// BENCH_POLL_MS (2), KIOSK_HUB_WAIT_SECONDS (the gates' held-open feed request, default 20 s).
// Prints the figures; asserts only that each copy ends equal to the hub's.
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setUpAccounts, signIn, testAccounts } from '../rigs/kiosk-api';
import {
  enrollGate,
  freePort,
  startGate,
  startHub,
  stopSchool,
  type School,
  type SchoolGate,
} from '../rigs/school-rig';
import { firstSeen, sqliteReader, wallClock, type SqliteReader } from './sqlite-poll';

const changes = Number(process.env.BENCH_CHANGES ?? 30);
const entries = Number(process.env.BENCH_ENTRIES ?? 30);
const dayPupils = Number(process.env.BENCH_DAY_PUPILS ?? 1500);
const catchUpRuns = Number(process.env.BENCH_CATCHUP_RUNS ?? 3);
const pollMs = Number(process.env.BENCH_POLL_MS ?? 2);
const scansInFlight = Number(process.env.BENCH_SCANS_IN_FLIGHT ?? 4);
const gateIds = ['north', 'south', 'east'];

// The hub's policy here: pupils and staff pass on their card alone (a visitor is measured), so
// a gate writes a whole entry (a person, a class) as fast as it decides.
const onTheCard = { temperature: ['visitor'], healthCode: [], questions: ['visitor'] };
const required = { ordinary: onTheCard, epidemic: onTheCard };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? NaN;
}

function line(label: string, ms: number[]): string {
  return (
    `  ${label}: median ${percentile(ms, 0.5).toFixed(1)} ms, p95 ${percentile(ms, 0.95).toFixed(1)} ms, ` +
    `min ${Math.min(...ms).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms (${ms.length} samples)`
  );
}

function rosterCsv(rows: string[]): string {
  return Buffer.from(`卡号,姓名,类别,班级\n${rows.join('\n')}\n`).toString('base64');
}

/** The day's pupils, in the class of school year `year` (a new year changes every one of them). */
function pupils(year: number): string[] {
  return Array.from(
    { length: dayPupils },
    (_, index) =>
      `P${String(index + 1).padStart(5, '0')},学生${index + 1},学生,${year}年级${(index % 8) + 1}班`,
  );
}

interface Bench {
  root: string;
  school: School;
  sections: Map<string, object>;
  readers: Map<string, SqliteReader>;
  admin: string;
}

async function setUp(): Promise<Bench> {
  const root = await mkdtemp(path.join(tmpdir(), 'kiosk-school-bench-'));
  const school: School = { root, hubPort: await freePort(), hub: undefined as never, gates: [] };
  return { root, school, sections: new Map(), readers: new Map(), admin: '' };
}

async function startSchool(bench: Bench): Promise<void> {
  const { school, root } = bench;
  school.hub = await startHub(root, school.hubPort);
  bench.admin = (await setUpAccounts(school.hub.api)).admin;
  const current = await school.hub.api.op<{ body: object }>('currentPolicy', {}, bench.admin);
  await school.hub.api.op(
    'savePolicy',
    { policy: { ...current.body, required }, effectiveFrom: null },
    bench.admin,
  );
  const hubUrl = `http://127.0.0.1:${school.hubPort}`;
  for (const id of gateIds) {
    const section = await enrollGate(school.hub.dataDir, id, hubUrl);
    bench.sections.set(id, section);
    school.gates.push(await startGate(root, id, section));
  }
  await school.hub.api.op(
    'importRoster',
    {
      fileName: 'roster.csv',
      fileBase64: rosterCsv([...pupils(1), 'T0001,李老师,教职工,']),
      markMissingAsLeft: false,
    },
    bench.admin,
  );
  for (const each of [school.hub, ...school.gates]) {
    bench.readers.set(each.name, sqliteReader(path.join(each.dataDir, 'kiosk.db')));
  }
  const head = headOf(bench);
  await firstSeen(
    school.gates.map((gate) => () => cursorOf(bench, gate.name) >= head),
    { everyMs: pollMs, what: 'the roster to reach every gate' },
  );
}

const read = (bench: Bench, name: string): SqliteReader => {
  const found = bench.readers.get(name);
  if (found === undefined) throw new Error(`no reader for ${name}`);
  return found;
};

function headOf(bench: Bench): number {
  return read(bench, 'hub').get<{ head: number }>(
    'SELECT coalesce(max(seq), 0) AS head FROM feed_changes',
  )?.head as number;
}

function cursorOf(bench: Bench, gate: string): number {
  const row = read(bench, gate).get<{ value: string }>(
    "SELECT value FROM kiosk_meta WHERE key = 'hub_feed_cursor'",
  );
  return Number(row?.value ?? 0);
}

/** 1. setPersonStatus at the hub until each gate's people table has the new status. */
async function rosterToGates(bench: Bench): Promise<void> {
  const hub = bench.school.hub;
  const personId = read(bench, 'hub').get<{ id: number }>(
    "SELECT id FROM people WHERE card = 'T0001'",
  )?.id as number;
  const perGate: number[][] = gateIds.map(() => []);
  const all: number[] = [];
  const answered: number[] = [];
  for (let change = 0; change < changes; change += 1) {
    const status = change % 2 === 0 ? 'isolating' : 'active';
    // A pause of 0–200 ms first: the hub looks for new changes on a timer, and a change made
    // right after the last one arrived would always meet that timer at the same phase.
    await sleep(Math.random() * 200);
    const sent = wallClock();
    await hub.api.op('setPersonStatus', { personId, status, reason: '基准测试' }, bench.admin);
    answered.push(wallClock() - sent);
    const seen = await firstSeen(
      gateIds.map(
        (gate) => () =>
          read(bench, gate).get<{ status: string }>(
            'SELECT status FROM people WHERE id = ?',
            personId,
          )?.status === status,
      ),
      { everyMs: pollMs, what: `change ${change} to reach every gate` },
    );
    seen.forEach((at, index) => perGate[index]?.push(at - sent));
    all.push(Math.max(...seen) - sent);
  }
  console.log(
    `1. a roster change at the hub (setPersonStatus, sent) → the status in each gate's SQLite file`,
  );
  gateIds.forEach((gate, index) => console.log(line(gate, perGate[index] ?? [])));
  console.log(line('all three have it', all));
  console.log(
    line("baseline: the hub's answer to setPersonStatus (committed at the hub)", answered),
  );
}

/** 2. A pupil's entry at a gate, from its own `at` until the hub's entries table holds it. */
async function entriesToHub(bench: Bench): Promise<void> {
  const toHub: number[] = [];
  const toOwnFile: number[] = [];
  const scanned: number[] = [];
  for (let entry = 0; entry < entries; entry += 1) {
    const gate = bench.school.gates[entry % gateIds.length] as SchoolGate;
    await sleep(Math.random() * 200);
    const sent = wallClock();
    const answer = await gate.api.op<{ entry: { checkId: string; at: string } | null }>('scan', {
      text: `P${String(entry + 1).padStart(5, '0')}`,
      source: 'wedge',
    });
    scanned.push(wallClock() - sent);
    if (answer.entry === null) throw new Error('the scan was not decided at once');
    const { checkId, at } = answer.entry;
    const has = (name: string) => () =>
      read(bench, name).get('SELECT 1 FROM entries WHERE check_id = ?', checkId) !== undefined;
    const [own, hub] = await firstSeen([has(gate.name), has('hub')], {
      everyMs: pollMs,
      what: `entry ${entry} at the hub`,
    });
    toOwnFile.push((own as number) - Date.parse(at));
    toHub.push((hub as number) - Date.parse(at));
  }
  console.log(
    `2. an entry at a gate (a pupil's scan, passed on the card) → the hub's entries table, ` +
      `from the entry's own \`at\` (ms resolution), ${entries} entries over ${gateIds.length} gates`,
  );
  console.log(line('at the hub', toHub));
  console.log(line("baseline: the same entry in the gate's own file (same poller)", toOwnFile));
  console.log(line("baseline: the gate's scan operation, request → entry written", scanned));
}

interface CatchUp {
  up: { seconds: number; rate: number };
  down: { seconds: number; rate: number };
  fromSpawn: number;
  wroteSeconds: number;
  changed: number;
}

/** 3. One run of a gate away for a school day, then catching up. */
async function catchUp(bench: Bench, run: number): Promise<CatchUp> {
  const { school } = bench;
  const gate = school.gates[0] as SchoolGate;
  const hubReader = read(bench, 'hub');
  await school.hub.child.stop();
  // The day at the gate, the hub away: every pupil in, through the gate's scan operation.
  const writing = performance.now();
  const cards = pupils(1).map((row) => row.split(',')[0] as string);
  // A few scans in flight, as a wedge scanner and a busy lane would send them.
  const lanes = Array.from({ length: scansInFlight }, async () => {
    for (let card = cards.shift(); card !== undefined; card = cards.shift()) {
      await gate.api.op('scan', { text: card, source: 'wedge' });
    }
  });
  await Promise.all(lanes);
  const wroteSeconds = (performance.now() - writing) / 1000;
  const written = read(bench, gate.name).get<{ last: number }>(
    'SELECT coalesce(max(id), 0) AS last FROM hub_outbox',
  )?.last as number;
  const ownEntries = read(bench, gate.name).get<{ n: number }>('SELECT count(*) AS n FROM entries')
    ?.n as number;
  await gate.child.stop();

  // The office, while the gate is away: a new school year for every pupil.
  school.hub = await startHub(bench.root, school.hubPort);
  bench.admin = await signIn(
    school.hub.api,
    testAccounts.admin.username,
    testAccounts.admin.secret,
  );
  const before = headOf(bench);
  const imported = await school.hub.api.op<{ ok: boolean; updated: number }>(
    'importRoster',
    { fileName: 'roster.csv', fileBase64: rosterCsv(pupils(run + 2)), markMissingAsLeft: false },
    bench.admin,
  );
  if (!imported.ok || imported.updated !== dayPupils) {
    throw new Error(`the roster change was not made: ${JSON.stringify(imported)}`);
  }
  const head = headOf(bench);
  // Counted, not subtracted: a change's number need not count up by one.
  const changed = hubReader.get<{ n: number }>(
    'SELECT count(*) AS n FROM feed_changes WHERE seq > ?',
    before,
  )?.n as number;
  const gateRow = () =>
    hubReader.get<{ contact: string | null; through: number }>(
      'SELECT last_contact_at AS contact, received_through AS through FROM hub_gates WHERE id = ?',
      gate.name,
    ) ?? { contact: null, through: 0 };
  const lastBefore = gateRow();

  // The gate comes back. The hub writes the time of each contact (its clock, this machine's);
  // the first new one, or the first batch received if that is seen earlier, is where the link
  // started. Its records are in once received_through reaches the last the gate wrote.
  const spawned = wallClock();
  let firstContact = Infinity;
  let firstBatch = Infinity;
  const watching = (async () => {
    for (;;) {
      const row = gateRow();
      if (row.contact !== lastBefore.contact && row.contact !== null && firstContact === Infinity)
        firstContact = Date.parse(row.contact);
      if (row.through !== lastBefore.through && firstBatch === Infinity) firstBatch = wallClock();
      if (row.through >= written) return wallClock();
      if (wallClock() - spawned > 120_000)
        throw new Error("timed out waiting for the gate's records");
      await sleep(pollMs);
    }
  })();
  const copied = firstSeen([() => cursorOf(bench, gate.name) >= head], {
    everyMs: pollMs,
    what: 'the roster',
  });
  // Each is awaited below; a failure of one while the other is awaited still stops the school.
  for (const each of [watching, copied]) each.catch(() => undefined);
  const restarted = await startGate(
    bench.root,
    gate.name,
    bench.sections.get(gate.name) ?? {},
    gate.thermometer,
  );
  gate.child = restarted.child;
  gate.api = restarted.api;
  const [rosterAt] = await copied;
  const entriesAt = await watching;
  const started = Math.min(firstContact, firstBatch);

  // What a guard relies on: the copy equal to the hub's, every entry at the hub once.
  const people = (name: string) =>
    JSON.stringify(
      read(bench, name).all('SELECT card, name, kind, class_name, status FROM people ORDER BY id'),
    );
  if (people(gate.name) !== people('hub')) throw new Error("the gate's roster is not the hub's");
  const held = hubReader.get<{ n: number }>(
    'SELECT count(*) AS n FROM entries WHERE gate_id = ?',
    gate.name,
  )?.n;
  if (held !== ownEntries) throw new Error(`the hub holds ${held} of ${ownEntries} entries`);

  const up = (entriesAt - started) / 1000;
  const down = ((rosterAt as number) - started) / 1000;
  return {
    up: { seconds: up, rate: dayPupils / up },
    down: { seconds: down, rate: dayPupils / down },
    fromSpawn: (Math.max(entriesAt, rosterAt as number) - spawned) / 1000,
    wroteSeconds,
    changed,
  };
}

async function catchUps(bench: Bench): Promise<void> {
  console.log(
    `3. ${gateIds[0]} away for a school day: ${dayPupils.toLocaleString('en')} pupils in ` +
      `(its scan operation, the hub stopped), ${dayPupils.toLocaleString('en')} people changed ` +
      `at the hub (importRoster), then both back (the other gates, online, take the same ` +
      `changes meanwhile); timed from the gate's first contact with the hub`,
  );
  const results: CatchUp[] = [];
  for (let run = 0; run < catchUpRuns; run += 1) {
    const result = await catchUp(bench, run);
    results.push(result);
    console.log(
      `  run ${run + 1}: up ${result.up.seconds.toFixed(2)} s (${Math.round(result.up.rate)} entries/s), ` +
        `down ${result.down.seconds.toFixed(2)} s (${Math.round(result.down.rate)} people/s, ` +
        `${result.changed} feed changes); both done ${result.fromSpawn.toFixed(1)} s after the gate's ` +
        `process was started; the day written in ${result.wroteSeconds.toFixed(1)} s`,
    );
  }
  const median = (values: number[]) => percentile(values, 0.5);
  console.log(
    `  median of ${results.length}: gate → hub ${Math.round(median(results.map((r) => r.up.rate)))} entries/s ` +
      `(${median(results.map((r) => r.up.seconds)).toFixed(2)} s), hub → gate ` +
      `${Math.round(median(results.map((r) => r.down.rate)))} people/s ` +
      `(${median(results.map((r) => r.down.seconds)).toFixed(2)} s)`,
  );
}

function machine(): string {
  const cpu = cpus();
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  return (
    `${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB ` +
    `(${(freemem() / 2 ** 30).toFixed(1)} free), node ${process.version}, load average ${load}`
  );
}

async function main(): Promise<void> {
  console.log(
    `school bench: a hub and ${gateIds.length} gates on loopback, each its own process; ` +
      `KIOSK_HUB_WAIT_SECONDS ${process.env.KIOSK_HUB_WAIT_SECONDS ?? '20 (default)'}, ` +
      `files polled every ${pollMs} ms`,
  );
  console.log(`machine: ${machine()}`);
  const bench = await setUp();
  const started = performance.now();
  try {
    await startSchool(bench);
    // A count of 0 leaves its part out.
    if (changes > 0) await rosterToGates(bench);
    if (entries > 0) await entriesToHub(bench);
    if (catchUpRuns > 0) await catchUps(bench);
  } finally {
    for (const each of bench.readers.values()) each.close();
    await stopSchool(bench.school);
    await rm(bench.root, { recursive: true, force: true });
  }
  console.log(
    `done in ${((performance.now() - started) / 1000).toFixed(0)} s; load average now ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
}

await main();
