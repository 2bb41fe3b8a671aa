// A data folder keeps its school role from start to start (backend/hub/school-role.ts
// setSchoolRole, through createKiosk): a hub started without --hub, or a gate started without
// its hub section, is refused with words saying what to do, and writes nothing (else its changes
// or records would never travel); a single kiosk's folder, which holds its own roster, is
// refused as a gate; a single kiosk may become the hub, and its roster then reaches its gates.
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  databaseContent,
  gateConfig,
  linkStatus,
  makeDataDir,
  serveHub,
  startKiosk,
  stopKiosk,
  stopSchoolKiosks,
} from './school-kiosks';

afterEach(stopSchoolKiosks);

const office = { gate: { id: 'office', name: '办公室' } };
// A policy in the config file that the folder does not have yet: a start that got past the role
// would write it as a new version.
const newPolicy = { policy: { feverThresholdCelsius: 37.5 } };

const cards = (db: Database) =>
  db
    .prepare<[], { card: string }>('SELECT card FROM people ORDER BY card')
    .all()
    .map((row) => row.card);

describe('a data folder started again in another school role', () => {
  it('the hub started without --hub is refused, saying to start it with --hub, and nothing is written', async () => {
    const dir = await makeDataDir();
    const { kiosk: hub } = await startKiosk(dir, office, { hub: true });
    await stopKiosk(hub);
    const before = databaseContent(dir);
    await expect(startKiosk(dir, { ...office, ...newPolicy })).rejects.toThrow(
      /school hub: start it with --hub/,
    );
    expect(databaseContent(dir)).toEqual(before);
  });

  it('a gate started with a config without its hub section is refused, and nothing is written', async () => {
    const hubDir = await makeDataDir();
    const { kiosk: hub } = await startKiosk(hubDir, office, { hub: true });
    const url = await serveHub(hub);
    const gateDir = await makeDataDir();
    const config = gateConfig(hub, 'east', url);
    const { kiosk: gate, db } = await startKiosk(gateDir, config, { hubWaitSeconds: 1 });
    await linkStatus(
      gate,
      (status) => status?.state === 'online' && status.syncedAt !== null,
      'the gate to hold the hub’s feed',
    );
    // The gate holds the hub's roster (the hub's demo roster, copied): a folder with data.
    expect(cards(db).length).toBeGreaterThan(0);
    await stopKiosk(gate);
    const before = databaseContent(gateDir);
    await expect(
      startKiosk(gateDir, { gate: { id: 'east', name: '东门' }, ...newPolicy }),
    ).rejects.toThrow(/gate of a school hub, and the config has no hub section: put it back/);
    expect(databaseContent(gateDir)).toEqual(before);
  });

  it('a single kiosk’s folder (its demo roster) is refused as a gate, pointing at a new data folder', async () => {
    const hubDir = await makeDataDir();
    const { kiosk: hub } = await startKiosk(hubDir, office, { hub: true });
    const url = await serveHub(hub);
    const dir = await makeDataDir();
    const { kiosk: single, db } = await startKiosk(dir, { gate: { id: 'east', name: '东门' } });
    expect(cards(db)).toContain('S2026001');
    await stopKiosk(single);
    const before = databaseContent(dir);
    await expect(startKiosk(dir, gateConfig(hub, 'east', url))).rejects.toThrow(
      /holds a kiosk of its own .* joins its school hub with a new data folder/,
    );
    expect(databaseContent(dir)).toEqual(before);
  });

  it('a single kiosk becomes the hub, and the roster it had reaches a new gate', async () => {
    const dir = await makeDataDir();
    const { kiosk: single } = await startKiosk(dir, office);
    await stopKiosk(single);
    const { kiosk: hub, db: hubDb } = await startKiosk(dir, office, { hub: true });
    const roster = cards(hubDb);
    expect(roster).toContain('S2026001');
    const url = await serveHub(hub);
    const { kiosk: gate, db: gateDb } = await startKiosk(
      await makeDataDir(),
      gateConfig(hub, 'east', url),
      { hubWaitSeconds: 1 },
    );
    await linkStatus(
      gate,
      (status) => status?.state === 'online' && status.syncedAt !== null,
      'the gate to hold the hub’s feed',
    );
    expect(cards(gateDb)).toEqual(roster);
  });
});
