// What the sealed-number tests share: a temp folder for a real kiosk at the north gate and the
// reference district receiver it uploads to (its own folder: the district's file holds numbers
// in full by design), both made afresh for each test and closed after it.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { dispatch } from '../../../contract/dispatch';
import { createKiosk, type Kiosk } from '../../../backend/kiosk';
import { startDistrictReceiver, type DistrictReceiver } from '../../district/receiver';
import { testAdmin } from '../../fixtures/callers';
import { writeUploadConfig } from '../../fixtures/upload-config';

export interface SealedKioskRig {
  /** The kiosk's data folder. */
  dir: string;
  district: DistrictReceiver;
  /** The kiosk start() made, closed after the test unless set back to null. */
  kiosk: Kiosk | null;
  /** A kiosk on `dir` uploading to the district, its clock running from 8:00 in Beijing. */
  start(): Promise<Kiosk>;
  /** The bytes SQLite left on disk for this folder: the database file and its WAL, if any. */
  filesOnDisk(): Buffer;
}

/** Registers the before and after hooks; `name` goes in the temp folders' names. */
export function useSealedKiosk(name: string, secret: string): SealedKioskRig {
  let districtDir: string;
  const rig: SealedKioskRig = {
    dir: '',
    district: null as unknown as DistrictReceiver,
    kiosk: null,
    async start() {
      const configFile = path.join(rig.dir, 'config.json');
      const gate = { id: 'north', name: '北门' };
      await writeUploadConfig(configFile, gate, rig.district.url, secret);
      const now = clockFrom('2026-11-23T00:00:00Z');
      rig.kiosk = await createKiosk({ dataDir: rig.dir, configFile, now });
      return rig.kiosk;
    },
    filesOnDisk() {
      const file = path.join(rig.dir, 'kiosk.db');
      const wal = `${file}-wal`;
      const walBytes = existsSync(wal) ? readFileSync(wal) : Buffer.alloc(0);
      return Buffer.concat([readFileSync(file), walBytes]);
    },
  };
  beforeEach(async () => {
    rig.dir = await mkdtemp(path.join(tmpdir(), `kiosk-${name}-`));
    districtDir = await mkdtemp(path.join(tmpdir(), `district-${name}-`));
    rig.district = await startDistrictReceiver({ dataDir: districtDir, secret });
    rig.kiosk = null;
  });
  afterEach(async () => {
    await rig.kiosk?.close();
    await rig.district.close();
    await rm(rig.dir, { recursive: true, force: true });
    await rm(districtDir, { recursive: true, force: true });
  });
  return rig;
}

/** A running clock from `iso`: the uploader's timers need time to pass. */
function clockFrom(iso: string): () => Date {
  const offset = Date.now() - Date.parse(iso);
  return () => new Date(Date.now() - offset);
}

/** Calls `name` as the test admin; throws with the error's code and message. */
export async function call<T>(running: Kiosk, name: string, input: unknown = {}): Promise<T> {
  const result = await dispatch(running.handlers, name, input, testAdmin);
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}
