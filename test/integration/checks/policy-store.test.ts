// Policy versions on a real SQLite file: the version in effect by time, a scheduled version
// taking over without a restart, the config file against the screen's edits across restarts,
// and the 0110 migration's rule that a version is never edited.
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { policySchema, type Policy } from '../../../backend/checks/policy';
import { createPolicyKeeper } from '../../../backend/checks/policy-keeper';
import {
  applyConfigPolicy,
  insertPolicyVersion,
  listPolicyVersions,
  policyInEffect,
} from '../../../backend/checks/policy-store';
import { openDatabase } from '../../../backend/store/database';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';

let db: Database;
let file: string;
const start = new Date('2026-11-23T00:00:00.000Z');
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
const policy = (fields: object): Policy => policySchema.parse(fields);

beforeEach(() => {
  file = join(makeTempDir(), 'kiosk.db');
  db = openDatabase(file);
});

afterEach(() => {
  if (db.open) db.close();
  removeTempDirs();
});

function restart(configPolicy: Policy | null, now: Date): void {
  db.close();
  db = openDatabase(file);
  applyConfigPolicy(db, configPolicy, now);
}

function screenSave(fields: object, effectiveFrom: Date, savedAt = effectiveFrom) {
  return insertPolicyVersion(db, {
    policy: policy(fields),
    effectiveFrom,
    savedAt,
    source: 'screen',
    savedBy: '李老师 (li)',
  });
}

const threshold = (now: Date) => policyInEffect(db, now)?.policy.feverThresholdCelsius;

describe('policy versions', () => {
  it('seed the defaults on an empty database, once', () => {
    applyConfigPolicy(db, null, at(0));
    restart(null, at(1));
    expect(listPolicyVersions(db, 10)).toHaveLength(1);
    expect(policyInEffect(db, at(1))).toMatchObject({ version: 1, source: 'config' });
    expect(threshold(at(1))).toBe(37.3);
  });

  it('keep a screen edit across restarts while the config file has not changed', () => {
    applyConfigPolicy(db, policy({ feverThresholdCelsius: 37.2 }), at(0));
    screenSave({ feverThresholdCelsius: 37.0 }, at(5));
    restart(policy({ feverThresholdCelsius: 37.2 }), at(10));
    expect(threshold(at(10))).toBe(37);
    expect(listPolicyVersions(db, 10).map((version) => version.version)).toEqual([2, 1]);
  });

  it('apply the config file at start when its policy itself changed', () => {
    applyConfigPolicy(db, policy({ feverThresholdCelsius: 37.2 }), at(0));
    screenSave({ feverThresholdCelsius: 37.0 }, at(5));
    restart(policy({ feverThresholdCelsius: 37.5 }), at(10));
    expect(policyInEffect(db, at(10))).toMatchObject({ version: 3, source: 'config' });
    expect(threshold(at(10))).toBe(37.5);
    // ...and only once: the next start keeps whatever the screen saves after it.
    screenSave({ feverThresholdCelsius: 36.9 }, at(20));
    restart(policy({ feverThresholdCelsius: 37.5 }), at(30));
    expect(threshold(at(30))).toBe(36.9);
  });

  it('leave the screen in charge when the config has no policy section', () => {
    applyConfigPolicy(db, policy({ feverThresholdCelsius: 37.2 }), at(0));
    screenSave({ feverThresholdCelsius: 37.0 }, at(5));
    restart(null, at(10));
    expect(threshold(at(10))).toBe(37);
    // Put back later, the section is a change again.
    restart(policy({ feverThresholdCelsius: 37.2 }), at(20));
    expect(threshold(at(20))).toBe(37.2);
  });

  it('upgrade a database that applied the config at every start without a new version', () => {
    insertPolicyVersion(db, {
      policy: policy({ feverThresholdCelsius: 37.2 }),
      effectiveFrom: at(0),
      savedAt: at(0),
      source: 'config',
      savedBy: null,
    });
    restart(policy({ feverThresholdCelsius: 37.2 }), at(10));
    expect(listPolicyVersions(db, 10)).toHaveLength(1);
  });

  it('save a stored body again in full when the program has rules it lacks', () => {
    // A version written before `mode` and `questions` existed: the legacy shape.
    db.prepare(
      `INSERT INTO policies (effective_from, body, created_at, source, saved_by)
       VALUES (?, ?, ?, 'screen', '李老师 (li)')`,
    ).run(
      at(0).toISOString(),
      JSON.stringify({ feverThresholdCelsius: 37.1, temperatureRequiredFor: ['student'] }),
      at(0).toISOString(),
    );
    restart(null, at(10));
    const current = policyInEffect(db, at(10));
    expect(current).toMatchObject({ version: 2, source: 'upgrade', savedBy: '李老师 (li)' });
    expect(current?.policy.required.ordinary.temperature).toEqual(['student']);
    expect(current?.policy.feverThresholdCelsius).toBe(37.1);
    expect(JSON.parse(current?.body ?? '{}')).toHaveProperty('mode', 'ordinary');
  });

  it('put the version with the latest effective time not after now in effect', () => {
    applyConfigPolicy(db, null, at(0));
    screenSave({ feverThresholdCelsius: 37.5 }, at(60), at(1)); // scheduled for later
    screenSave({ feverThresholdCelsius: 37.0 }, at(2)); // saved later, in effect at once
    expect(threshold(at(30))).toBe(37);
    expect(threshold(at(60))).toBe(37.5);
    expect(threshold(at(0))).toBe(37.3);
  });

  it('are never edited or deleted', () => {
    applyConfigPolicy(db, null, at(0));
    expect(() => db.prepare("UPDATE policies SET body = '{}'").run()).toThrow(/never edited/);
    expect(() => db.prepare('DELETE FROM policies').run()).toThrow(/never deleted/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO policies (effective_from, body, created_at, source)
           VALUES ('2026-11-23T00:00:00.000Z', '{}', '2026-11-23T00:00:00.000Z', 'guess')`,
        )
        .run(),
    ).toThrow(/CHECK/);
  });
});

describe('the policy keeper', () => {
  it('hands over to a scheduled version at its time, without a restart, and says so', () => {
    applyConfigPolicy(db, null, at(0));
    let clock = at(1);
    const changes: number[] = [];
    const keeper = createPolicyKeeper({
      db,
      now: () => clock,
      onChange: ({ version }) => changes.push(version),
    });
    expect(keeper.inEffect().version).toBe(1);
    keeper.save({
      policy: policy({ feverThresholdCelsius: 37.0 }),
      effectiveFrom: at(30),
      savedAt: clock,
      source: 'screen',
      savedBy: null,
    });
    expect(keeper.inEffect().version).toBe(1);
    clock = at(29);
    keeper.watch();
    expect(changes).toEqual([]);
    clock = at(30);
    keeper.watch();
    expect(changes).toEqual([2]);
    expect(keeper.inEffect().policy.feverThresholdCelsius).toBe(37);
  });

  it('looks the version up once per change, not once per reading', () => {
    applyConfigPolicy(db, null, at(0));
    const keeper = createPolicyKeeper({ db, now: () => at(1) });
    keeper.inEffect();
    // A row written behind the keeper's back is not seen until a save or a scheduled time:
    // the proof that a reading does not query the database.
    screenSave({ feverThresholdCelsius: 37.0 }, at(0));
    expect(keeper.inEffect().version).toBe(1);
    keeper.save({
      policy: policy({ feverThresholdCelsius: 36.8 }),
      effectiveFrom: at(1),
      savedAt: at(1),
      source: 'screen',
      savedBy: null,
    });
    expect(keeper.inEffect()).toMatchObject({ version: 3 });
  });
});
