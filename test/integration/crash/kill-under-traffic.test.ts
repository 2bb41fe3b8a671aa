// Power loss under heavy check traffic: a kiosk making checks as fast as it can is killed
// (SIGKILL: no handler runs, nothing is flushed) at a seeded random moment, started again on the
// same data folder, round after round. After each restart — the kiosk has reopened the file,
// recovered its write-ahead log and passed its quick check — every check it reported as
// recorded is in the database as reported, the file passes PRAGMA integrity_check, no entry
// lacks its outbox row (nor a refer its fever case), no row points at nothing, at most the one
// entry committed in the instant of the kill went unreported, and the hash chain verifies.
//
// CRASH_ROUNDS (default 30, well under a minute) sets how many kills; `CRASH_ROUNDS=500` is the
// long run (npm run soak). CRASH_SEED replays another plan of kill moments.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as verifyMain } from '../../../cli/verify';
import { repoRoot } from '../../rigs/kiosk-process';
import {
  buildTrafficScript,
  spawnTraffic,
  type RecordedCheck,
  type TrafficChild,
  type TrafficScript,
} from '../../rigs/traffic-process';

const rounds = Number(process.env.CRASH_ROUNDS ?? 30);
const seed = Number(process.env.CRASH_SEED ?? 20261124);
const run = promisify(execFile);

/** mulberry32: small, seedable, good enough to spread kill moments. */
function seeded(start: number): () => number {
  let state = start >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let dir: string;
let script: TrafficScript | null = null;
const children = new Set<TrafficChild>();

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kiosk-kill-'));
  script = await buildTrafficScript();
}, 60_000);

afterAll(async () => {
  await Promise.all([...children].map((child) => child.kill()));
  await script?.remove();
  await rm(dir, { recursive: true, force: true });
});

interface EntryRow {
  id: number;
  check_id: string;
  decision: string;
  card_text: string;
  at: string;
}

/** Everything the checks below need from the file, read by another connection. */
function readDatabase(dataDir: string) {
  const db = new Database(path.join(dataDir, 'kiosk.db'), { readonly: true, fileMustExist: true });
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      danglingRows: db.pragma('foreign_key_check') as unknown[],
      entries: db
        .prepare('SELECT id, check_id, decision, card_text, at FROM entries ORDER BY id')
        .all() as EntryRow[],
      withoutOutbox: count(`SELECT count(*) AS n FROM entries e
        WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entry_id = e.id)`),
      referWithoutCase: count(`SELECT count(*) AS n FROM entries e WHERE e.decision = 'refer'
        AND NOT EXISTS (SELECT 1 FROM fever_cases f WHERE f.entry_id = e.id)`),
    };
  } finally {
    db.close();
  }
}

/**
 * The hash chain over the entry log (backend/integrity/, `npm run verify`): the verifier's
 * own entry point, in this process, so that every round can afford it. Answers its exit code
 * (0: intact) and what it said.
 */
async function verifyChain(dataDir: string): Promise<{ code: number; said: string }> {
  const lines: string[] = [];
  const code = await verifyMain(['--data-dir', dataDir], {
    output: { out: (line) => lines.push(line), error: (line) => lines.push(line) },
  });
  return { code, said: lines.join('\n') };
}

interface Ledger {
  /** Entry id → what the kiosk reported, for every check reported as recorded. */
  reported: Map<number, RecordedCheck>;
  /** The highest entry id seen by the last inspection. */
  lastId: number;
  /** Entries committed but never reported: each the kiosk's last before its kill. */
  unreported: number;
  problems: string[];
}

/** After a restart: nothing reported is lost, nothing half-written, the file and chain whole. */
async function inspect(dataDir: string, ledger: Ledger, round: number): Promise<EntryRow[]> {
  const found = readDatabase(dataDir);
  const problem = (text: string) => ledger.problems.push(`round ${round}: ${text}`);
  if (found.integrity !== 'ok') problem(`integrity_check: ${found.integrity}`);
  if (found.danglingRows.length > 0) problem(`rows point at nothing: ${found.danglingRows.length}`);
  if (found.withoutOutbox > 0) problem(`${found.withoutOutbox} entries without an outbox row`);
  if (found.referWithoutCase > 0) problem(`${found.referWithoutCase} refers without a case`);
  const byId = new Map(found.entries.map((row) => [row.id, row]));
  for (const [id, check] of ledger.reported) {
    const row = byId.get(id);
    if (row?.check_id !== check.checkId || row.decision !== check.decision) {
      problem(`reported entry ${id} (${check.checkId} ${check.decision}) is not in the database`);
    } else if (row.card_text !== check.card) problem(`entry ${id} has another card`);
  }
  // Only the entry committed in the instant before the kill may have gone unreported.
  const fresh = found.entries.filter((row) => row.id > ledger.lastId);
  const silent = fresh.filter((row) => !ledger.reported.has(row.id));
  if (silent.length > 1 || (silent.length === 1 && silent[0] !== fresh.at(-1))) {
    problem(`unreported entries ${silent.map((row) => row.id).join(', ')}`);
  }
  ledger.unreported += silent.length;
  ledger.lastId = Math.max(ledger.lastId, ...fresh.map((row) => row.id));
  const chain = await verifyChain(dataDir);
  if (chain.code !== 0) problem(`the chain does not verify:\n${chain.said}`);
  return found.entries;
}

/** Each round's count in a short run; the least, the median and the most in a long one. */
function spread(counts: number[]): string {
  if (counts.length <= 50) return counts.join(' ');
  const sorted = [...counts].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  return `least ${sorted[0] ?? 0}, median ${median}, most ${sorted.at(-1) ?? 0}`;
}

describe('the kiosk killed under heavy check traffic', () => {
  it(
    'keeps every check it reported as recorded, whole, after every kill',
    async () => {
      if (script === null) throw new Error('no traffic script');
      const traffic = script;
      const random = seeded(seed);
      const dataDir = path.join(dir, 'kiosk');
      const configFile = path.join(dir, 'config.json');
      await writeFile(configFile, JSON.stringify({ gate: { id: 'south', name: '南门' } }));
      const ledger: Ledger = { reported: new Map(), lastId: 0, unreported: 0, problems: [] };
      let clockStart = new Date('2026-11-23T00:00:00.000Z');
      const started = performance.now();
      let kills = 0;
      let duringStartUp = 0;
      const perRound: number[] = [];

      const start = async (): Promise<TrafficChild> => {
        const child = spawnTraffic(traffic, { dataDir, configFile, clockStart });
        children.add(child);
        return child;
      };
      const kill = async (child: TrafficChild): Promise<void> => {
        await child.kill();
        children.delete(child);
        kills += 1;
        for (const check of child.recorded) ledger.reported.set(check.entryId, check);
        const unexpected = child.errors().trim();
        if (unexpected !== '') ledger.problems.push(`the kiosk said: ${unexpected}`);
      };

      for (let round = 1; round <= rounds; round += 1) {
        const child = await start();
        // One round in eight dies while the kiosk starts (opening, checking, migrating).
        if (random() < 0.125) {
          await sleep(Math.floor(random() * 600));
          await kill(child);
          duringStartUp += 1;
          perRound.push(child.recorded.length);
          continue;
        }
        await child.ready;
        const entries = await inspect(dataDir, ledger, round);
        const last = entries.at(-1);
        if (last !== undefined) clockStart = new Date(Date.parse(last.at) + 60_000);
        child.go();
        await sleep(20 + Math.floor(random() * 480));
        await kill(child);
        perRound.push(child.recorded.length);
      }

      // Once more, inspected, then closed the proper way and checked by the real command.
      const last = await start();
      await last.ready;
      const entries = await inspect(dataDir, ledger, rounds + 1);
      expect(await last.stop(), last.errors()).toBe(0);
      children.delete(last);
      const verify = await run('npm', ['run', '--silent', 'verify', '--', '--data-dir', dataDir], {
        cwd: repoRoot,
      }).then(
        () => 0,
        (error: { code?: number; stdout?: string; stderr?: string }) => {
          ledger.problems.push(`npm run verify: ${error.stdout ?? ''}${error.stderr ?? ''}`);
          return error.code ?? 1;
        },
      );

      const seconds = (performance.now() - started) / 1000;
      // The figures first, so a failing run still says what it saw.
      console.log(
        `kill test (seed ${seed}, ${traffic.bundled ? 'bundled' : 'tsx'}): ${rounds} rounds, ` +
          `${kills} kills survived (${duringStartUp} during start-up), ` +
          `${ledger.reported.size} checks reported as recorded and found after restarts, ` +
          `${entries.length} entries in the database (${ledger.unreported} committed in the ` +
          `instant of a kill, before they were reported), ${seconds.toFixed(1)} s; ` +
          `entries per round: ${spread(perRound)}`,
      );
      expect(ledger.problems).toEqual([]);
      expect(verify).toBe(0);
      expect(kills).toBe(rounds);
      expect(ledger.reported.size, 'the traffic made checks at all').toBeGreaterThan(rounds);
    },
    60_000 + rounds * 10_000,
  );
});
