// Two district service processes in front of one database, as a district runs them behind a
// load balancer: started at the same moment on an empty database (both migrate), then given the
// same batches at the same moment. Both answer the same receipt and each record is stored once;
// the same records under two batch ids sent to both at once are accepted once between them.
// Nothing in either process decides this: the database's keys do.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batch, example, record, signedPost, type Json } from '../../district/spec-client';
import { startPostgres, type PostgresCluster } from '../../rigs/postgres';
import { openDb } from '../../../district/service/db';
import { createKeyFile, loadKeyring } from '../../../district/service/secrets';
import { registerGate } from './service-rig';
import { startServiceProcess, type ServiceProcess } from './service-processes';

let dir: string;
let cluster: PostgresCluster;
let db: ReturnType<typeof openDb>;
let secret: string;
let services: ServiceProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'two-services-'));
  cluster = await startPostgres();
  const databaseUrl = await cluster.createDatabase('district');
  const keyFile = path.join(dir, 'district.key');
  createKeyFile(keyFile);
  // Both at once on the empty database: the migrations are applied once, under a lock.
  services = await Promise.all([
    startServiceProcess(databaseUrl, keyFile),
    startServiceProcess(databaseUrl, keyFile),
  ]);
  db = openDb(databaseUrl, { max: 2 });
  secret = await registerGate(db, loadKeyring(keyFile), example.schoolId, example.gateId);
  // A cluster and two processes compiling TypeScript: seconds on a busy 2-core machine.
}, 60_000);

afterAll(async () => {
  await Promise.all(services.map((service) => service.kill()));
  await db?.end();
  await cluster?.destroy();
  await rm(dir, { recursive: true, force: true });
});

async function send(
  service: ServiceProcess,
  body: Json,
): Promise<{ status: number; body: unknown }> {
  const response = await signedPost(`${service.url}/v1/batches`, body, {
    secret,
    timestamp: Date.now(),
  });
  return { status: response.status, body: await response.json() };
}

/** `count` records of a fresh installation from `first` on: records of their own. */
function recordsOf(installationId: string, first: number, count: number): Json[] {
  return Array.from({ length: count }, (_, at) =>
    record(first + at, { id: `${installationId}:${first + at}` }),
  );
}

async function counts(installationId: string) {
  const { rows } = await db.query<{ records: number; distinct: number }>(
    `SELECT count(*)::int AS records, count(DISTINCT sequence)::int AS distinct
       FROM records WHERE installation_id = $1`,
    [installationId],
  );
  return rows[0];
}

describe('two service processes, one database', () => {
  it('migrated once though both started at once', async () => {
    const { rows } = await db.query('SELECT name FROM schema_migrations');
    expect(rows).toEqual([{ name: '0001_district.sql' }]);
  });

  it('answer the same batches sent to both at once with the same receipt, storing each record once', async () => {
    const installationId = randomUUID();
    // 12 batches of 100, each sent to both processes at the same moment, all at once.
    const batches = Array.from({ length: 12 }, (_, index) =>
      batch(recordsOf(installationId, index * 100 + 1, 100), { installationId }),
    );
    const answers = await Promise.all(
      batches.map((body) => Promise.all(services.map((service) => send(service, body)))),
    );
    for (const [first, second] of answers) {
      expect(first).toEqual({ status: 200, body: { accepted: 100, duplicates: 0 } });
      expect(second).toEqual(first);
    }
    expect(await counts(installationId)).toEqual({ records: 1200, distinct: 1200 });
  });

  it('accept the same records under two batch ids, sent one to each at once, once between them', async () => {
    const installationId = randomUUID();
    const sets = Array.from({ length: 12 }, (_, index) =>
      recordsOf(installationId, index * 100 + 1, 100),
    );
    const answers = await Promise.all(
      sets.map((items) =>
        Promise.all(services.map((service) => send(service, batch(items, { installationId })))),
      ),
    );
    let accepted = 0;
    for (const pair of answers) {
      const bodies = pair.map((answer) => {
        expect(answer.status).toBe(200);
        return answer.body as { accepted: number; duplicates: number };
      });
      // Each record accepted by exactly one of the two; each answer a receipt for 100 records.
      expect(bodies.map((body) => body.accepted + body.duplicates)).toEqual([100, 100]);
      expect((bodies[0]?.accepted ?? 0) + (bodies[1]?.accepted ?? 0)).toBe(100);
      accepted += (bodies[0]?.accepted ?? 0) + (bodies[1]?.accepted ?? 0);
    }
    expect(accepted).toBe(1200);
    expect(await counts(installationId)).toEqual({ records: 1200, distinct: 1200 });
  });
});
