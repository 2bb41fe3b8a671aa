// A full disk at the gate: checks go on until the disk refuses one; from then on each check is
// refused with the storage alarm (the guard uses paper), in the answer, as a fault, as an event
// and in `status`, and nothing half-written is left behind. When space returns, the next check
// records by itself and the alarm clears; the file is whole throughout.
// The disk fills through PRAGMA max_page_count on the kiosk's connection (any machine), and,
// when this runs as root, for real: the data folder on a small tmpfs filled by a ballast file.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckView, EntryView, StorageStatus } from '../../../contract/api';
import { dispatch } from '../../../contract/dispatch';
import { createKiosk, type Kiosk } from '../../../backend/kiosk';
import { createDiskCap, type DiskCap } from '../../rigs/disk-cap';

let dir: string;
let kiosk: Kiosk | null = null;
let clock: Date;
let cards: string[];
let cursor = 0;
const events: { storage: StorageStatus[]; faults: string[]; saved: EntryView[] } = {
  storage: [],
  faults: [],
  saved: [],
};

async function start(dataDir: string, cap?: DiskCap): Promise<Kiosk> {
  const configFile = path.join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify({ gate: { id: 'south', name: '南门' } }));
  const started = await createKiosk({
    dataDir,
    configFile,
    now: () => clock,
    onDatabaseOpened: cap?.hook,
  });
  started.events.on('storage', (status) => events.storage.push(status));
  started.events.on('fault', (fault) => events.faults.push(fault.code));
  started.events.on('entry-saved', (entry) => events.saved.push(entry));
  kiosk = started;
  return started;
}

async function call(name: string, input: unknown = {}): Promise<unknown> {
  if (kiosk === null) throw new Error('no kiosk');
  const result = await dispatch(kiosk.handlers, name, input);
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.value;
}

type Attempt =
  { recorded: true; entry: EntryView } | { recorded: false; code: string; checkId: string | null };

/**
 * One person at the gate: a roster card then a reading (decided in the background, so a
 * refusal is a fault event), or every third time an unknown card (decided in the scan's own
 * answer, so a refusal is the answer's error). Six seconds apart, so no card repeats.
 */
async function attempt(): Promise<Attempt> {
  clock = new Date(clock.getTime() + 6000);
  cursor += 1;
  const saved = events.saved.length;
  const faults = events.faults.length;
  if (cursor % 3 === 0) {
    try {
      const view = (await call('scan', { text: `GUEST-${cursor}`, source: 'wedge' })) as CheckView;
      if (view.entry === null) throw new Error('an unknown card was not decided at once');
      return { recorded: true, entry: view.entry };
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === undefined) throw error;
      return { recorded: false, code, checkId: null };
    }
  }
  const card = cards[cursor % cards.length] ?? '';
  const view = (await call('scan', { text: card, source: 'wedge' })) as CheckView;
  expect(view.missing).toEqual(['temperature']);
  clock = new Date(clock.getTime() + 1000);
  await call('simulateReading', { celsius: 36.6 });
  const entry = events.saved[saved];
  if (entry !== undefined) return { recorded: true, entry };
  expect(events.faults.length, 'a refused reading is a fault').toBe(faults + 1);
  return { recorded: false, code: events.faults[faults] ?? '', checkId: view.checkId };
}

async function storageState(): Promise<string | undefined> {
  return ((await call('status')) as { storage?: StorageStatus }).storage?.state;
}

/** The file as another reader sees it: whole, and every entry with its outbox row. */
function inspect(dataDir: string) {
  const db = new Database(path.join(dataDir, 'kiosk.db'), { readonly: true, fileMustExist: true });
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      foreignKeys: db.pragma('foreign_key_check'),
      entries: count('SELECT count(*) AS n FROM entries'),
      orphans: count(
        'SELECT count(*) AS n FROM entries e WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entry_id = e.id)',
      ),
      checkIds: (db.prepare('SELECT check_id FROM entries').all() as { check_id: string }[]).map(
        (row) => row.check_id,
      ),
    };
  } finally {
    db.close();
  }
}

/** Checks until the disk refuses one; answers the refusal and how many were recorded before. */
async function checkUntilRefused(limit: number) {
  for (let recorded = 0; recorded < limit; recorded += 1) {
    const result = await attempt();
    if (!result.recorded) return { refusal: result, recorded };
  }
  throw new Error(`the disk took ${limit} checks without refusing one`);
}

/**
 * The whole story on a kiosk whose disk `fill` fills and `free` frees again; `healthy` is the
 * state with room (a small disk is 'low' even when empty: under the warning level).
 */
async function fullDiskStory(
  dataDir: string,
  disk: { fill: () => void; free: () => void; healthy: 'ok' | 'low' },
) {
  expect(await attempt()).toMatchObject({ recorded: true });
  expect(await storageState()).toBe(disk.healthy);
  disk.fill();
  const { refusal, recorded } = await checkUntilRefused(2000);
  expect(refusal).toMatchObject({ recorded: false, code: 'storage-full' });
  expect(await storageState()).toBe('full');
  expect(events.storage.at(-1)).toMatchObject({ state: 'full', since: clock.toISOString() });
  // The refused person's check is over: a later reading cannot record them after the paper.
  expect(((await call('status')) as { check: CheckView | null }).check?.cardText ?? null).toBe(
    null,
  );
  // Still full: the next people are refused too, each in words the guard can read.
  for (let again = 0; again < 3; again += 1) {
    expect(await attempt()).toMatchObject({ recorded: false, code: 'storage-full' });
  }
  const whileFull = inspect(dataDir);
  expect(whileFull).toMatchObject({ integrity: 'ok', foreignKeys: [], orphans: 0 });
  if (refusal.checkId !== null) expect(whileFull.checkIds).not.toContain(refusal.checkId);

  disk.free();
  const after = await attempt();
  expect(after, 'the first check once space returns').toMatchObject({ recorded: true });
  expect(await storageState()).toBe(disk.healthy);
  expect(events.storage.at(-1)).toMatchObject({ state: disk.healthy, since: null });
  const recovered = inspect(dataDir);
  expect(recovered).toMatchObject({ integrity: 'ok', foreignKeys: [], orphans: 0 });
  expect(recovered.entries).toBe(whileFull.entries + 1);
  expect(events.saved).toHaveLength(recovered.entries);
  return { recorded };
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kiosk-full-disk-'));
  clock = new Date('2026-11-23T00:00:00.000Z');
  cards = ['S2026001', 'S2026002', 'S2026003', 'S2026004', 'S2026005'];
  cursor = 0;
  events.storage = [];
  events.faults = [];
  events.saved = [];
});

afterEach(async () => {
  await kiosk?.close();
  kiosk = null;
  await rm(dir, { recursive: true, force: true });
});

describe('a full disk (SQLite refuses to grow the file)', () => {
  it('refuses checks with the alarm, leaves nothing half-written, and recovers alone', async () => {
    const cap = createDiskCap();
    const dataDir = path.join(dir, 'kiosk');
    await start(dataDir, cap);
    await fullDiskStory(dataDir, { fill: cap.fill, free: cap.free, healthy: 'ok' });
  });

  it('names a full disk apart from other storage failures', async () => {
    const cap = createDiskCap();
    await start(path.join(dir, 'kiosk'), cap);
    cap.fill();
    await checkUntilRefused(2000);
    const status = (await call('status')) as { storage: StorageStatus };
    expect(status.storage).toMatchObject({ state: 'full' });
    expect(status.storage.detail).toMatch(/full/i);
  });
});

const mountable = process.getuid?.() === 0 && canMountTmpfs();

/** Root in a container may still lack the right to mount; the test then says so and skips. */
function canMountTmpfs(): boolean {
  let probe: string | null = null;
  try {
    probe = execFileSync('mktemp', ['-d']).toString().trim();
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    if (probe !== null) execFileSync('rmdir', [probe]);
  }
}

describe.skipIf(!mountable)('a real full disk (a small tmpfs, as root)', () => {
  it('refuses checks with the alarm and recovers when the ballast is deleted', async () => {
    const mount = path.join(dir, 'disk');
    execFileSync('mkdir', [mount]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mount]);
    try {
      const dataDir = path.join(mount, 'kiosk');
      await start(dataDir);
      const ballast = path.join(mount, 'ballast');
      // dd stops at the end of the disk (exit 1, "No space left"): all but a few pages taken.
      const fill = () => {
        try {
          execFileSync('dd', ['if=/dev/zero', `of=${ballast}`, 'bs=4k'], { stdio: 'ignore' });
        } catch {
          // the disk is full, which was the point
        }
      };
      const free = () => execFileSync('rm', [ballast]);
      const { recorded } = await fullDiskStory(dataDir, { fill, free, healthy: 'low' });
      expect(recorded).toBeLessThan(2000);
      await kiosk?.close();
      kiosk = null;
      expect(inspect(dataDir).integrity).toBe('ok');
    } finally {
      await kiosk?.close();
      kiosk = null;
      execFileSync('umount', ['-l', mount]);
    }
  });
});
