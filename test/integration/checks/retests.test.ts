// Retests that belong to the person, not the lane (R3), through the contract on a real SQLite
// file with an injected clock: several people wait aside while others pass, each retest ends
// exactly once (a second reading, or the guard's word with the guard's name), the list and its
// countdowns come from the log (so a restarted kiosk shows the same), an overdue retest is
// counted, and a forgotten card is looked up by the guard.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Caller, CheckView, EntryView, OpenRetest, RetestCounts } from '../../../contract/api';
import { verifyChain } from '../../../backend/integrity/chain-verifier';
import { createKiosk, type Kiosk } from '../../../backend/kiosk';
import { gateCalls } from '../../rigs/gate-calls';

let dir: string;
let kiosk: Kiosk;
let clock: Date;
let guard: Caller;
const { attempt, call, signIn, setUpStaff } = gateCalls(() => kiosk);
const tick = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));
const config = { policy: { retestWaitSeconds: 30, retestCloseMinutes: 10 } };

async function start(): Promise<void> {
  const configFile = path.join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify(config));
  kiosk = await createKiosk({ dataDir: dir, configFile, now: () => clock });
}

async function setUpGuard(): Promise<void> {
  ({ guard } = await setUpStaff());
}

const scan = async (card: string) =>
  (await call('scan', { text: card, source: 'camera' })) as CheckView;
const measure = (celsius: number) => call('simulateReading', { celsius });
const waiting = async () =>
  ((await call('openRetests', {}, guard)) as { retests: OpenRetest[] }).retests;

/** Scans, measures, and answers the entry that decided. */
async function check(card: string, celsius: number): Promise<EntryView> {
  await scan(card);
  await measure(celsius);
  const [entry] = (await call('recentEntries', { limit: 1 })) as EntryView[];
  if (!entry || entry.cardText !== card) throw new Error(`${card} was not decided`);
  return entry;
}

function entriesOf(card: string): { id: number; decision: string; follows: number | null }[] {
  const db = new Database(path.join(dir, 'kiosk.db'), { readonly: true });
  try {
    return db
      .prepare(
        'SELECT id, decision, follows_entry_id AS follows FROM entries WHERE card_text = ? ORDER BY id',
      )
      .all(card) as { id: number; decision: string; follows: number | null }[];
  } finally {
    db.close();
  }
}

function count(sql: string): number {
  const db = new Database(path.join(dir, 'kiosk.db'), { readonly: true });
  try {
    return Number(db.prepare(sql).pluck().get());
  } finally {
    db.close();
  }
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kiosk-retests-'));
  clock = new Date('2026-11-23T23:30:00.000Z'); // 07:30 in Beijing
  await start();
  await setUpGuard();
});

afterEach(async () => {
  await kiosk?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('retests at a busy gate', () => {
  it('keeps A waiting while B and C pass, shows A a countdown, and refers A after the wait', async () => {
    const first = await check('S2026001', 37.8);
    expect(first).toMatchObject({ decision: 'retest', reasons: ['temperature-high'] });
    tick(2);
    expect((await check('S2026002', 36.5)).decision).toBe('pass');
    tick(2);
    expect((await check('S2026003', 36.6)).decision).toBe('pass');
    tick(4);
    // A comes back too early: the countdown, and nothing written.
    const early = await scan('S2026001');
    expect(early).toMatchObject({ missing: ['retest-temperature'], retestWaitSeconds: 22 });
    expect(early.person?.name).toBe('王小明');
    await measure(36.9); // a reading now is nobody's retest
    expect(entriesOf('S2026001')).toHaveLength(1);
    expect(await waiting()).toMatchObject([{ entryId: first.id, dueInSeconds: 22 }]);
    tick(25);
    const refer = await check('S2026001', 37.9);
    expect(refer).toMatchObject({ decision: 'refer', followsEntryId: first.id });
    expect(entriesOf('S2026001').map((entry) => entry.decision)).toEqual(['retest', 'refer']);
    expect(count('SELECT count(*) FROM fever_cases')).toBe(1);
    expect(await waiting()).toEqual([]);
  });

  it('holds three people at once and decides them in another order than they came', async () => {
    const cards = ['S2026004', 'S2026005', 'S2026006'];
    const retests: EntryView[] = [];
    for (const card of cards) {
      retests.push(await check(card, 37.6));
      tick(3);
    }
    expect((await waiting()).map((retest) => retest.name)).toEqual(['刘浩然', '陈雨桐', '杨一诺']);
    tick(30);
    const last = await check('S2026006', 36.8);
    const firstComer = await check('S2026004', 38.1);
    const middle = await check('S2026005', 37.0);
    expect([last, firstComer, middle].map((entry) => entry.decision)).toEqual([
      'pass',
      'refer',
      'pass',
    ]);
    expect(last.followsEntryId).toBe(retests[2]?.id);
    expect(firstComer.followsEntryId).toBe(retests[0]?.id);
    expect(middle.followsEntryId).toBe(retests[1]?.id);
    expect(await waiting()).toEqual([]);
  });

  it('never gives a reading taken for someone else, or before the rescan, to a waiting person', async () => {
    const first = await check('S2026001', 37.8);
    tick(31);
    // B is checked after A's retest is due: B's reading is B's alone.
    const other = await check('S2026002', 37.9);
    expect(other).toMatchObject({ decision: 'retest', followsEntryId: null });
    // A reading at the lane with nobody's check open, then A scans: A still needs a reading.
    tick(6);
    await measure(36.5);
    const rescan = await scan('S2026001');
    expect(rescan.missing).toEqual(['retest-temperature']);
    await measure(36.6);
    const [final] = (await call('recentEntries', { limit: 1 })) as EntryView[];
    expect(final).toMatchObject({
      decision: 'pass',
      reasons: ['temperature-normal-on-retest'],
      temperatureCelsius: 36.6,
      followsEntryId: first.id,
    });
  });

  it('lets the guard end a retest with a reason, once, with the guard named', async () => {
    const first = await check('S2026004', 37.6);
    expect(
      await attempt('resolveRetest', { entryId: first.id, resolution: 'went-home' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    const ended = (await call(
      'resolveRetest',
      { entryId: first.id, resolution: 'went-home' },
      guard,
    )) as EntryView;
    expect(ended).toMatchObject({
      decision: 'deny',
      reasons: ['retest-went-home'],
      followsEntryId: first.id,
      guardName: '王保安',
      person: { name: '刘浩然' },
    });
    expect(
      await attempt('resolveRetest', { entryId: first.id, resolution: 'left' }, guard),
    ).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(await waiting()).toEqual([]);
    // Coming back after the guard sent them home starts a new check, not the old retest.
    tick(40);
    expect((await check('S2026004', 36.7)).followsEntryId).toBeNull();

    const second = await check('S2026005', 38.0);
    const observed = (await call(
      'resolveRetest',
      { entryId: second.id, resolution: 'observation' },
      guard,
    )) as EntryView;
    expect(observed).toMatchObject({ decision: 'refer', reasons: ['retest-sent-to-observation'] });
    expect(count('SELECT count(*) FROM fever_cases')).toBe(1);
    expect(verifyChain(new Database(path.join(dir, 'kiosk.db'), { readonly: true }))).toMatchObject(
      {
        breakCount: 0,
      },
    );
  });

  it('counts an overdue retest, tells the screens, and lists it with how long it is overdue', async () => {
    const counts: RetestCounts[] = [];
    const overdue = new Promise<RetestCounts>((resolve) => {
      kiosk.events.on('retests', (payload) => {
        counts.push(payload);
        if (payload.overdue > 0) resolve(payload);
      });
    });
    await check('S2026007', 37.5);
    expect(counts.at(-1)).toEqual({ waiting: 1, overdue: 0 });
    tick(11 * 60);
    // The kiosk's own watch notices within seconds; the test waits for its event.
    expect(await overdue).toEqual({ waiting: 1, overdue: 1 });
    expect((await call('status', {})) as { retests: RetestCounts }).toMatchObject({
      retests: { waiting: 1, overdue: 1 },
    });
    expect(await waiting()).toMatchObject([{ name: '赵俊熙', overdueMinutes: 1, dueInSeconds: 0 }]);
  });

  it('keeps every open retest and its countdown across a restart', async () => {
    const first = await check('S2026001', 37.8);
    tick(12);
    await kiosk.close();
    await start();
    guard = await signIn('wang', '2468');
    expect(await waiting()).toMatchObject([{ entryId: first.id, dueInSeconds: 18 }]);
    expect((await scan('S2026001')).retestWaitSeconds).toBe(18);
    tick(18);
    const final = await check('S2026001', 36.9);
    expect(final).toMatchObject({ decision: 'pass', followsEntryId: first.id });
  });
});

describe('a forgotten card', () => {
  it("starts the person's check from the guard's lookup, and the entry names the guard", async () => {
    expect(await attempt('lookupCheck', { personId: 2 })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    const started = (await call('lookupCheck', { personId: 2 }, guard)) as CheckView;
    expect(started).toMatchObject({ person: { name: '李思雨' }, missing: ['temperature'] });
    await measure(36.6);
    const [entry] = (await call('recentEntries', { limit: 1 })) as EntryView[];
    expect(entry).toMatchObject({ decision: 'pass', guardName: '王保安' });
    const db = new Database(path.join(dir, 'kiosk.db'), { readonly: true });
    expect(
      db.prepare('SELECT identity_source, guard_name FROM entries WHERE id = ?').get(entry?.id),
    ).toEqual({ identity_source: 'lookup', guard_name: '王保安' });
    db.close();
  });
});
