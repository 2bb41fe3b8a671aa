// The backend as the screen uses it, through the contract's dispatch, on a real SQLite file,
// with the simulated thermometer and an injected clock.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckView, EntryView } from '../../contract/api';
import { dispatch } from '../../contract/dispatch';
import { createKiosk, type Kiosk } from '../../backend/kiosk';

let dir: string;
let kiosk: Kiosk;
let clock: Date;
const tick = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));

async function start(config: object = {}) {
  const configFile = path.join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify(config));
  kiosk = await createKiosk({ dataDir: dir, configFile, now: () => clock });
}

async function call(name: string, input: unknown = {}) {
  const result = await dispatch(kiosk.handlers, name, input);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const scan = async (text: string) => (await call('scan', { text, source: 'wedge' })) as CheckView;
const measure = (celsius: number) => call('simulateReading', { celsius });

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kiosk-int-'));
  clock = new Date('2026-11-23T00:00:00.000Z');
});

afterEach(async () => {
  await kiosk?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the kiosk backend', () => {
  it('starts on an empty folder with the demo roster and the simulated thermometer', async () => {
    await start();
    const status = (await call('status')) as {
      thermometer: { simulated: boolean; driver: string };
    };
    expect(status.thermometer).toMatchObject({ simulated: true, driver: 'simulated' });
    const check = await scan('S2026001');
    expect(check.person?.name).toBeTruthy();
    expect(check.missing).toEqual(['temperature']);
  });

  it('passes a known pupil at 36.6 and saves the entry before telling anyone', async () => {
    await start();
    const saved: EntryView[] = [];
    kiosk.events.on('entry-saved', (entry) => {
      const db = new Database(path.join(dir, 'kiosk.db'), { readonly: true });
      // Another connection already sees the row: it was committed before the event.
      saved.push(entry);
      expect(db.prepare('SELECT decision FROM entries WHERE id = ?').get(entry.id)).toEqual({
        decision: 'pass',
      });
      db.close();
    });
    await scan('S2026001');
    tick(1);
    await measure(36.6);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ decision: 'pass', temperatureCelsius: 36.6 });
  });

  it('uses a reading taken just before the card', async () => {
    await start();
    await measure(36.5);
    tick(3);
    const check = await scan('S2026001');
    expect(check.entry).toMatchObject({ decision: 'pass', temperatureCelsius: 36.5 });
  });

  it('never gives the next person the previous person’s reading', async () => {
    await start();
    await scan('S2026001');
    await measure(36.5);
    tick(1);
    const next = await scan('S2026002');
    expect(next.entry).toBeNull();
    expect(next.missing).toEqual(['temperature']);
  });

  it('retests at 37.8, shows the countdown to an early rescan, and refers at 37.9', async () => {
    await start({ policy: { retestWaitSeconds: 30 } });
    await scan('S2026001');
    await measure(37.8);
    const recent = () => call('recentEntries', { limit: 10 }) as Promise<EntryView[]>;
    expect((await recent()).map((entry) => entry.decision)).toEqual(['retest']);
    tick(10);
    const early = await scan('S2026001');
    expect(early).toMatchObject({ missing: ['retest-temperature'], retestWaitSeconds: 20 });
    await measure(37.9);
    expect((await recent()).map((entry) => entry.decision)).toEqual(['retest']);
    tick(25);
    await scan('S2026001');
    await measure(37.9);
    const [refer, retest] = await recent();
    expect(refer).toMatchObject({ decision: 'refer', reasons: ['fever-confirmed'] });
    expect(refer?.followsEntryId).toBe(retest?.id);
    const db = new Database(path.join(dir, 'kiosk.db'), { readonly: true });
    expect(db.prepare('SELECT entry_id FROM fever_cases').all()).toEqual([{ entry_id: refer?.id }]);
    db.close();
  });

  it('denies an unknown card at once and shows the same result for a repeated read', async () => {
    await start();
    const first = await scan('  NOPE-1 ');
    expect(first.entry).toMatchObject({
      decision: 'deny',
      reasons: ['card-unknown'],
      cardText: 'NOPE-1',
    });
    tick(1);
    const again = await scan('NOPE-1');
    expect(again.entry?.id).toBe(first.entry?.id);
    expect(await call('recentEntries', { limit: 10 })).toHaveLength(1);
  });

  it('drops a check that waited too long for a temperature', async () => {
    await start({ policy: { checkTimeoutSeconds: 20 } });
    await scan('S2026001');
    tick(21);
    await measure(36.6);
    expect(await call('recentEntries', { limit: 10 })).toEqual([]);
  });

  it('answers bad input with a typed error and keeps working', async () => {
    await start();
    expect(await dispatch(kiosk.handlers, 'scan', { text: '' })).toMatchObject({
      ok: false,
      error: { code: 'bad-input' },
    });
    expect(await dispatch(kiosk.handlers, 'dropTables', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-operation' },
    });
    expect(await dispatch(kiosk.handlers, 'simulateReading', { celsius: 'hot' })).toMatchObject({
      ok: false,
      error: { code: 'bad-input' },
    });
    expect((await scan('S2026001')).missing).toEqual(['temperature']);
  });

  it('refuses a broken config file in plain words', async () => {
    await writeFile(path.join(dir, 'bad.json'), '{ "thermometer": { "driver": "gy907" } }');
    await expect(
      createKiosk({ dataDir: dir, configFile: path.join(dir, 'bad.json') }),
    ).rejects.toThrow(/config file .*bad\.json is wrong/);
  });

  it('records a new policy version when the config changes it, and names it in entries', async () => {
    await start();
    await kiosk.close();
    await start({ policy: { feverThresholdCelsius: 37.0 } });
    const status = (await call('status')) as {
      policy: { version: number; feverThresholdCelsius: number };
    };
    expect(status.policy).toEqual({ version: 2, feverThresholdCelsius: 37 });
    await scan('S2026001');
    await measure(37.0);
    const [entry] = (await call('recentEntries', { limit: 1 })) as EntryView[];
    expect(entry).toMatchObject({ decision: 'retest', policyVersion: 2 });
  });
});
