// The kiosk's real uploader (a real kiosk on its own SQLite file) against the district service
// running as a process of its own on PostgreSQL: every check made at the gate is stored exactly
// once, through the service killed mid-upload and started again, and through the database
// crashing (an immediate shutdown, recovered from its WAL) and coming back; the kiosk ends with
// nothing pending. Its daily report is acknowledged and kept.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadStatus } from '../../../contract/api';
import { dispatch } from '../../../contract/dispatch';
import { createKiosk, type Kiosk } from '../../../backend/kiosk';
import { testAdmin } from '../../fixtures/callers';
import { startPostgres, type PostgresCluster } from '../../rigs/postgres';
import { waitFor } from '../../rigs/wait-for';
import { migrate, openDb } from '../../../district/service/db';
import { createKeyFile, loadKeyring } from '../../../district/service/secrets';
import { registerGate } from './service-rig';
import { startServiceProcess, type ServiceProcess } from './service-processes';

let dir: string;
let cluster: PostgresCluster;
let databaseUrl: string;
let keyFile: string;
let db: pg.Pool;
let secret: string;
let service: ServiceProcess | null = null;
let kiosk: Kiosk | null = null;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kiosk-to-service-'));
  cluster = await startPostgres();
  databaseUrl = await cluster.createDatabase('district');
  keyFile = path.join(dir, 'district.key');
  createKeyFile(keyFile);
  db = openDb(databaseUrl, { max: 2 });
  await migrate(db);
  secret = await registerGate(db, loadKeyring(keyFile), 'school-1', 'south');
}, 60_000);

afterAll(async () => {
  await kiosk?.close();
  await service?.kill();
  await db?.end();
  await cluster?.destroy();
  await rm(dir, { recursive: true, force: true });
});

/** A running clock set to `iso` now: the kiosk's timers need time to pass. */
function clockFrom(iso: string): () => Date {
  const offset = Date.now() - Date.parse(iso);
  return () => new Date(Date.now() - offset);
}

async function call(name: string, input: unknown = {}): Promise<unknown> {
  if (!kiosk) throw new Error('no kiosk');
  const result = await dispatch(kiosk.handlers, name, input, testAdmin);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const upload = async () => ((await call('status')) as { upload: UploadStatus }).upload;

let people = 0;
/** `count` more people through the gate, each passing at 36.5 °C. */
async function checks(count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    people += 1;
    await call('scan', { text: `S2026${String(people).padStart(3, '0')}`, source: 'wedge' });
    await call('simulateReading', { celsius: 36.5 });
  }
}

const stored = async () =>
  Number((await db.query<{ n: number }>('SELECT count(*) AS n FROM records')).rows[0]?.n);

async function delivered(records: number): Promise<void> {
  await waitFor(stored, (seen) => seen === records, {
    timeoutMs: 20_000,
    what: `${records} records at the district`,
  });
  await waitFor(upload, (status) => status.pending === 0, {
    timeoutMs: 20_000,
    what: 'nothing pending at the kiosk',
  });
}

describe('the kiosk uploading to the district service', () => {
  it('stores every check exactly once through a service crash and a database crash', async () => {
    service = await startServiceProcess(databaseUrl, keyFile);
    const configFile = path.join(dir, 'config.json');
    const district = {
      url: service.url,
      schoolId: 'school-1',
      secret,
      timeoutSeconds: 1,
      batchMaxWaitSeconds: 0,
      stoppedRetrySeconds: 1,
    };
    await writeFile(configFile, JSON.stringify({ gate: { id: 'south', name: '南门' }, district }));
    // 8:00 in Beijing: the morning rush.
    kiosk = await createKiosk({
      dataDir: path.join(dir, 'kiosk'),
      configFile,
      now: clockFrom('2026-11-23T00:00:00.000Z'),
    });
    await checks(3);
    await delivered(3);

    // The service is killed while the kiosk keeps sending, and started again on its port once
    // the kiosk has found it gone.
    const busy = checks(12);
    await waitFor(stored, (seen) => seen >= 6, { what: 'uploads under way' });
    await service.kill();
    const port = service.port;
    service = null;
    await busy;
    await checks(2);
    await waitFor(upload, (status) => status.lastError !== null, { what: 'the service missed' });
    service = await startServiceProcess(databaseUrl, keyFile, port);
    await delivered(17);

    // The database crashes under the service while the kiosk keeps sending.
    const more = checks(12);
    await waitFor(stored, (seen) => seen >= 20, { what: 'uploads under way' });
    await cluster.stop('immediate');
    await more;
    await checks(2);
    await waitFor(upload, (status) => status.lastError !== null, { what: 'the database missed' });
    expect((await fetch(`${service.url}/healthz`)).status).toBe(503);
    await cluster.start();
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    await delivered(31);

    // Exactly once: sequences 1–31 of one installation, each accepted by one batch only.
    const { rows } = await db.query<{ n: number; first: number; last: number; accepted: number }>(
      `SELECT count(*) AS n, min(sequence) AS first, max(sequence) AS last,
              (SELECT sum(accepted) FROM batches)::int AS accepted,
              count(DISTINCT installation_id)::int AS installations
         FROM records`,
    );
    expect(rows[0]).toEqual({ n: 31, first: 1, last: 31, accepted: 31, installations: 1 });
    expect(await upload()).toMatchObject({ pending: 0, quarantined: 0, lastError: null });
  }, 60_000);

  it('takes the daily report at 16:30 and the kiosk shows it acknowledged', async () => {
    await kiosk?.close();
    const configFile = path.join(dir, 'config-report.json');
    const district = { url: service?.url, schoolId: 'school-1', secret, timeoutSeconds: 1 };
    await writeFile(configFile, JSON.stringify({ gate: { id: 'south', name: '南门' }, district }));
    // A kiosk of its own (its own installation), five seconds past the report time.
    kiosk = await createKiosk({
      dataDir: path.join(dir, 'kiosk-report'),
      configFile,
      now: clockFrom('2026-11-23T08:30:05.000Z'),
    });
    await waitFor(upload, (status) => status.report?.state === 'acknowledged', {
      timeoutMs: 20_000,
      what: 'the report acknowledged',
    });
    const { rows } = await db.query(
      `SELECT school_id, gate_id, date, entries, zero, versions FROM daily_reports
        WHERE date = '2026-11-23'`,
    );
    expect(rows).toEqual([
      {
        school_id: 'school-1',
        gate_id: 'south',
        date: '2026-11-23',
        entries: 0,
        zero: true,
        versions: 1,
      },
    ]);
  }, 30_000);
});
