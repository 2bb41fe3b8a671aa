// The policy screen's operations on the whole backend: a saved version decides the next check
// and is named by its entry while earlier entries keep theirs; a scheduled version takes over
// at its time without a restart; bad input is refused and saves nothing; restarts keep it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../backend/checks/policy';
import type { EntryView } from '../../contract/api';
import { dispatch } from '../../contract/dispatch';
import { createKiosk, type Kiosk } from '../../backend/kiosk';
import { testAdmin } from '../fixtures/callers';

let dir: string;
let kiosk: Kiosk | null = null;
let clock: Date;
const tick = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));

async function start(config: object = {}) {
  const configFile = path.join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify(config));
  kiosk = await createKiosk({ dataDir: dir, configFile, now: () => clock });
}

async function restart(config: object = {}) {
  await kiosk?.close();
  await start(config);
}

async function attempt(name: string, input: unknown = {}) {
  if (kiosk === null) throw new Error('the kiosk is not started');
  return dispatch(kiosk.handlers, name, input, testAdmin);
}

async function call<T>(name: string, input: unknown = {}): Promise<T> {
  const result = await attempt(name, input);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

const save = (fields: object, effectiveFrom: string | null = null) =>
  attempt('savePolicy', { policy: { ...defaultPolicy, ...fields }, effectiveFrom });
const threshold = async () =>
  (await call<{ policy: { version: number; feverThresholdCelsius: number } }>('status')).policy;

async function checkIn(card: string, celsius: number): Promise<EntryView> {
  await call('scan', { text: card, source: 'wedge' });
  tick(1);
  await call('simulateReading', { celsius });
  const [entry] = await call<EntryView[]>('recentEntries', { limit: 1 });
  if (entry === undefined) throw new Error('no entry');
  tick(10);
  return entry;
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kiosk-policy-'));
  clock = new Date('2026-11-23T00:00:00.000Z');
});

afterEach(async () => {
  await kiosk?.close();
  kiosk = null;
  await rm(dir, { recursive: true, force: true });
});

describe('policy versions in the kiosk', () => {
  it('decide with a saved threshold at once; each entry names its own version', async () => {
    await start();
    const before = await checkIn('S2026001', 37.1);
    expect(before).toMatchObject({ decision: 'pass', policyVersion: 1 });

    const saved = await save({ feverThresholdCelsius: 37.0 });
    expect(saved).toMatchObject({ ok: true, value: { version: 2, state: 'in-effect' } });
    expect(await threshold()).toEqual({ version: 2, feverThresholdCelsius: 37 });

    const after = await checkIn('S2026002', 37.1);
    expect(after).toMatchObject({ decision: 'retest', policyVersion: 2 });
    const entries = await call<EntryView[]>('recentEntries', { limit: 10 });
    expect(entries.find((entry) => entry.id === before.id)?.policyVersion).toBe(1);
  });

  it('takes over a scheduled version at its time without a restart', async () => {
    await start();
    const at = new Date(clock.getTime() + 3_600_000).toISOString();
    expect(await save({ feverThresholdCelsius: 37.0, mode: 'epidemic' }, at)).toMatchObject({
      ok: true,
      value: { version: 2, state: 'scheduled', effectiveFrom: at },
    });
    expect((await threshold()).version).toBe(1);
    const announced: unknown[] = [];
    kiosk?.events.on('policy', (policy) => announced.push(policy));
    tick(3600);
    // The gate screen hears of it by itself (the kiosk's timer looks every 250 ms).
    await expect.poll(() => announced).toEqual([{ version: 2, feverThresholdCelsius: 37 }]);
    expect(await threshold()).toEqual({ version: 2, feverThresholdCelsius: 37 });
    const versions = await call<{ version: number; state: string; savedBy: string | null }[]>(
      'policyVersions',
      { limit: 10 },
    );
    expect(versions.map((version) => [version.version, version.state])).toEqual([
      [2, 'in-effect'],
      [1, 'earlier'],
    ]);
    expect(versions[0]?.savedBy).toBe('测试管理员 (test-admin)');
  });

  it('refuses a bad policy or a past effective time, naming why, and saves nothing', async () => {
    await start();
    const bad = await save({ feverThresholdCelsius: 37.25 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    expect(JSON.stringify(bad)).toContain('feverThresholdCelsius');
    const past = await save({}, new Date(clock.getTime() - 5 * 60_000).toISOString());
    expect(past).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    const questions = Array.from({ length: 11 }, (_, index) => ({
      id: `q${index}`,
      'zh-CN': '问题',
      en: 'Question',
    }));
    expect(await save({ questions })).toMatchObject({ ok: false });
    expect(await call<unknown[]>('policyVersions', { limit: 10 })).toHaveLength(1);
  });

  it('is for admins only', async () => {
    await start();
    if (kiosk === null || testAdmin.actor === null) throw new Error('not started');
    const guard = { ...testAdmin, actor: { ...testAdmin.actor, role: 'guard' as const } };
    const result = await dispatch(kiosk.handlers, 'currentPolicy', {}, guard);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('keeps the screen’s version across a restart unless the config file’s policy changed', async () => {
    await start({ policy: { feverThresholdCelsius: 37.2 } });
    await save({ feverThresholdCelsius: 37.0 });
    await restart({ policy: { feverThresholdCelsius: 37.2 } });
    expect(await threshold()).toEqual({ version: 2, feverThresholdCelsius: 37 });
    await restart({ policy: { feverThresholdCelsius: 37.4 } });
    expect(await threshold()).toEqual({ version: 3, feverThresholdCelsius: 37.4 });
    const current = await call<{ source: string; body: { feverThresholdCelsius: number } }>(
      'currentPolicy',
    );
    expect(current).toMatchObject({ source: 'config', body: { feverThresholdCelsius: 37.4 } });
  });
});
