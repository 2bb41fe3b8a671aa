// The kiosk killed at random moments while checks are made and batches go to the district,
// then started again on the same data folder, round after round. A kill (SIGKILL) is a power
// cut as far as the kiosk can tell: no handler runs, a request may be cut half-way, a batch
// may be stored by the district with its answer never read. In the end every entry the kiosk
// acknowledged is in its database, and the district holds each entry of that database exactly
// once: nothing lost, nothing doubled, nothing extra.
//
// CRASH_ROUNDS (default 6) sets how many kills; CRASH_SEED replays another plan of delays and
// faults (the timing of a kill against the kiosk's work still differs from run to run).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckView, EntryView, UploadStatus } from '../../../contract/api';
import { startDistrictReceiver, type DistrictReceiver, type Fault } from '../../district/receiver';
import { writeUploadConfig } from '../../fixtures/upload-config';
import { openEventStream, repoRoot, spawnKiosk, type KioskChild } from '../../rigs/kiosk-process';
import { waitFor } from '../../rigs/wait-for';

const rounds = Number(process.env.CRASH_ROUNDS ?? 6);
const seed = Number(process.env.CRASH_SEED ?? 20261123);
const secret = 'a-long-crash-test-secret';

/** mulberry32: small, seedable, good enough to spread delays and faults. */
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

/**
 * What the district does wrong in a round, from a random moment on, so that kills also land
 * around resends: the answer lost after the records were stored, a refusal to try later, a
 * slow answer (stored after the kiosk may already be dead), a reset, no answer at all.
 */
const faults: (Fault | null)[] = [
  null,
  { kind: 'drop-response', count: 1 },
  { kind: 'status', status: 503, count: 1 },
  { kind: 'slow', delayMs: 400, count: 2 },
  { kind: 'reset', count: 1 },
  { kind: 'hang', count: 1 },
];

interface Tally {
  /** Entry id → card, for every entry the kiosk said it had saved. */
  acknowledged: Map<number, string>;
  /** Readings answered 200 whose entry-saved event never arrived (see settle()). */
  unannounced: { card: string; after: number }[];
  /** The highest pass announced so far: a later reading's entry comes after it. */
  lastPass: number;
  /** Anything that went wrong while the kiosk was alive: the kiosk's fault, not the kill's. */
  unexpected: string[];
}

let dir: string;
let receiver: DistrictReceiver | null = null;
/** Every kiosk process started and not yet seen to exit, killed in afterAll whatever happens. */
const children = new Set<KioskChild>();

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kiosk-crash-'));
  // In this process, so the district outlives every kiosk it hears from.
  receiver = await startDistrictReceiver({ dataDir: path.join(dir, 'district'), secret });
});

afterAll(async () => {
  await Promise.all([...children].map((child) => child.kill()));
  await receiver?.close();
  await rm(dir, { recursive: true, force: true });
});

async function start(dataDir: string, configFile: string): Promise<KioskChild> {
  const kiosk = await spawnKiosk(dataDir, configFile);
  children.add(kiosk);
  return kiosk;
}

async function op<T>(url: string, name: string, input: unknown = {}): Promise<T> {
  const response = await fetch(`${url}/api/op/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${name} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** The demo roster's cards (loaded into an empty data folder), from the file itself. */
async function rosterCards(): Promise<string[]> {
  const csv = await readFile(path.join(repoRoot, 'resources', 'demo-roster.csv'), 'utf8');
  const lines = csv
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .slice(1);
  return lines.map((line) => line.split(',')[0]?.trim() ?? '').filter((card) => card !== '');
}

/**
 * Checks one after another until a request fails. Cards rotate, so the same card never comes
 * twice in a row (which would only show the last decision again); every fifth is an unknown
 * card, denied at the scan, whose entry comes back in the scan's answer.
 */
async function drive(
  url: string,
  next: () => string,
  round: number,
  tally: Tally,
  answered: string[],
  killed: () => boolean,
): Promise<number> {
  for (let check = 0; ; check += 1) {
    try {
      if (check % 5 === 4) {
        const text = `GUEST-${round}-${check}`;
        const view = await op<CheckView>(url, 'scan', { text, source: 'wedge' });
        if (view.entry === null) tally.unexpected.push(`no entry for the unknown card ${text}`);
        else tally.acknowledged.set(view.entry.id, view.entry.cardText);
        continue;
      }
      const text = next();
      const view = await op<CheckView>(url, 'scan', { text, source: 'wedge' });
      if (view.entry !== null) {
        tally.unexpected.push(`${text} was decided before its reading: ${JSON.stringify(view)}`);
        tally.acknowledged.set(view.entry.id, view.entry.cardText);
      }
      await op(url, 'simulateReading', { celsius: 36.5 });
      answered.push(text);
    } catch (error) {
      // Cut by the kill: not acknowledged, so it need not be there (but may be).
      if (!killed()) {
        const { message, cause } = error as Error;
        tally.unexpected.push(
          `round ${round}: ${message} ${cause === undefined ? '' : String(cause)}`,
        );
      }
      return check;
    }
  }
}

/**
 * Gives each answered reading its entry. The kiosk commits and announces a pass before it
 * answers the reading, so the n-th answered reading is the n-th pass announced. But the event
 * and the answer go out on different connections, and Node may hold the event (a corked,
 * chunked write) until after the answer has left: a kill in that instant leaves the last
 * answered reading without its event (seen now and then). That one is
 * looked up in the database at the end: the first pass for its card after the one before it.
 */
function settle(saved: EntryView[], answered: string[], tally: Tally, round: number): void {
  for (const entry of saved) tally.acknowledged.set(entry.id, entry.cardText);
  const passes = saved.filter((entry) => entry.decision === 'pass');
  const lastPass = Math.max(tally.lastPass, ...passes.map((entry) => entry.id));
  answered.forEach((card, index) => {
    const pass = passes[index];
    if (pass === undefined) tally.unannounced.push({ card, after: lastPass });
    else if (pass.cardText !== card) {
      tally.unexpected.push(`round ${round}: reading ${index} for ${card} saved ${pass.cardText}`);
    }
  });
  if (answered.length > passes.length + 1) {
    tally.unexpected.push(`round ${round}: ${answered.length} readings, ${passes.length} passes`);
  }
  tally.lastPass = lastPass;
}

async function uploadStatus(url: string): Promise<UploadStatus> {
  return (await op<{ upload: UploadStatus }>(url, 'status')).upload;
}

describe('the kiosk killed while it checks and uploads', () => {
  it(
    'delivers every entry exactly once after any number of kills',
    async () => {
      const district = receiver;
      if (district === null) throw new Error('no receiver');
      const random = seeded(seed);
      const dataDir = path.join(dir, 'kiosk');
      const configFile = path.join(dir, 'config.json');
      await writeUploadConfig(configFile, { id: 'south', name: '南门' }, district.url, secret);
      const cards = await rosterCards();
      expect(cards.length).toBeGreaterThan(2);
      let cursor = 0;
      const next = () => cards[cursor++ % cards.length] ?? 'S2026001';
      const tally: Tally = {
        acknowledged: new Map(),
        unannounced: [],
        lastPass: 0,
        unexpected: [],
      };
      let kills = 0;
      let checksAnswered = 0;
      const plan: string[] = [];

      for (let round = 1; round <= rounds; round += 1) {
        const delayMs = 100 + Math.floor(random() * 1400);
        const fault = faults[Math.floor(random() * faults.length)] ?? null;
        const faultAfterMs = Math.floor(random() * delayMs);
        plan.push(`${round}: kill after ${delayMs} ms, fault ${fault?.kind ?? 'none'}`);

        const kiosk = await start(dataDir, configFile);
        const saved: EntryView[] = [];
        const events = await openEventStream(kiosk.url, (event, data) => {
          if (event === 'entry-saved') saved.push(data as EntryView);
        });
        const answered: string[] = [];
        let killed = false;
        const traffic = drive(kiosk.url, next, round, tally, answered, () => killed);
        const faulting = sleep(faultAfterMs).then(() => fault && district.setFault(fault));
        await sleep(delayMs);
        killed = true;
        await kiosk.kill();
        children.delete(kiosk);
        kills += 1;
        checksAnswered += await traffic;
        await faulting;
        // Every event written before the kill is read before the round is counted.
        await events.closed;
        settle(saved, answered, tally, round);
      }

      // Once more, left alone until the outbox is empty, then stopped the proper way.
      const last = await start(dataDir, configFile);
      const settled = await waitFor(
        () => uploadStatus(last.url),
        (status) => status.pending === 0 || status.quarantined > 0,
        { timeoutMs: 30_000, everyMs: 100, what: 'an empty outbox' },
      );
      expect(settled, 'a batch the district refused').toMatchObject({ pending: 0, quarantined: 0 });
      expect(await last.stop(), last.output()).toBe(0);
      children.delete(last);

      const db = new Database(path.join(dataDir, 'kiosk.db'), {
        readonly: true,
        fileMustExist: true,
      });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const installationId = db
          .prepare<[], { value: string }>(
            "SELECT value FROM kiosk_meta WHERE key = 'installation_id'",
          )
          .get()?.value;
        expect(installationId).toMatch(/^[0-9a-f-]{36}$/);
        const entries = db
          .prepare<[], { id: number; card: string; decision: string }>(
            'SELECT id, card_text AS card, decision FROM entries ORDER BY id',
          )
          .all();
        const cardOf = new Map(entries.map((entry) => [entry.id, entry.card]));
        for (const { card, after } of tally.unannounced) {
          const found = entries.find(
            (entry) => entry.id > after && entry.card === card && entry.decision === 'pass',
          );
          if (found === undefined || tally.acknowledged.has(found.id)) {
            tally.unexpected.push(`the answered reading for ${card} after ${after} is lost`);
          } else tally.acknowledged.set(found.id, card);
        }

        const records = district.records() as { id: string; cardText: string }[];
        const stats = district.stats();
        // The figures first, so a failing run still says what it saw.
        console.log(
          [
            `crash test (seed ${seed}): ${rounds} rounds, ${kills} kills, ` +
              `${checksAnswered} checks answered, ${tally.acknowledged.size} entries acknowledged ` +
              `(${tally.unannounced.length} without their event), ` +
              `${entries.length} in the database, ${stats.records} records at the district ` +
              `in ${stats.batches} batches, ${stats.duplicates} duplicates received`,
            ...plan.map((line) => `  round ${line}`),
          ].join('\n'),
        );
        expect(tally.unexpected).toEqual([]);

        // Acknowledged means durable: each one is there, with the card it was made for.
        const lost = [...tally.acknowledged].filter(([id, card]) => cardOf.get(id) !== card);
        expect(lost, 'acknowledged entries missing from the database').toEqual([]);

        // The district holds exactly this database's entries, each once and as logged.
        const expected = new Set(entries.map((entry) => `${installationId}:${entry.id}`));
        const received = new Set(records.map((record) => record.id));
        expect(received.size, 'one record per id').toBe(records.length);
        expect(
          [...expected].filter((id) => !received.has(id)),
          'never received',
        ).toEqual([]);
        expect(
          [...received].filter((id) => !expected.has(id)),
          'not in the database',
        ).toEqual([]);
        const mismatched = records.filter((record) => {
          const [installation, sequence] = record.id.split(':');
          return (
            installation !== installationId || cardOf.get(Number(sequence)) !== record.cardText
          );
        });
        expect(mismatched, 'records whose card differs from the entry').toEqual([]);
        expect(stats.records).toBe(entries.length);

        const outbox = db
          .prepare<[], { unsent: number; rows: number }>(
            'SELECT count(*) - count(sent_at) AS unsent, count(*) AS rows FROM outbox',
          )
          .get();
        expect(outbox).toEqual({ unsent: 0, rows: entries.length });
      } finally {
        db.close();
      }
    },
    30_000 + rounds * 5_000,
  );
});
