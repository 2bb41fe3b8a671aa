// The district service as a ReceiverRig (../district/receiver-rig.ts), so the cases every
// receiver must pass (../district/protocol-cases.ts) run against it: each test gets an empty
// database on the file's PostgreSQL cluster, the example's school and gate registered with a
// secret issued the way the bureau issues it, and the service's clock fixed at `clock`. What it
// stored is read back from the tables, rebuilt into the protocol's JSON.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { example } from '../../district/spec-client';
import { clock, type ReceiverRig, type StoredReport } from '../district/receiver-rig';
import { signedPost } from '../../district/spec-client';
import type { PostgresCluster } from '../../rigs/postgres';
import { openDb } from '../../../district/service/db';
import { addGate, addSchool, issueSecret } from '../../../district/service/registry';
import { keyringFromKey, type Keyring } from '../../../district/service/secrets';
import {
  startDistrictService,
  type DistrictService,
  type DistrictServiceOptions,
} from '../../../district/service/server';

export interface ServiceRig extends ReceiverRig {
  readonly service: DistrictService;
  readonly pool: pg.Pool;
  readonly keyring: Keyring;
  readonly databaseUrl: string;
}

let databases = 0;
/** Every table a test may fill, children first (the settings keep their defaults). */
const emptied = [
  'records',
  'batches',
  'daily_reports',
  'installations',
  'alerts',
  'audit',
  'sessions',
  'accounts',
  'gates',
  'schools',
];

/** Registers a school and a gate and issues the gate's secret, as an admin would. */
export async function registerGate(
  pool: pg.Pool,
  keyring: Keyring,
  schoolId: string,
  gateId: string,
): Promise<string> {
  const found = await pool.query('SELECT 1 FROM schools WHERE school_id = $1', [schoolId]);
  if (found.rowCount === 0) await addSchool(pool, { schoolId, name: `学校 ${schoolId}` }, 'test');
  await addGate(pool, { schoolId, gateId }, 'test');
  return issueSecret(pool, keyring, schoolId, gateId, 'test');
}

interface RecordRow {
  installation_id: string;
  sequence: number;
  gate_id: string;
  batch_gate: string;
  at: Date;
  direction: string;
  decision: string;
  reasons: string[];
  card_text: string;
  person_name: string | null;
  person_kind: string | null;
  class_name: string | null;
  id_number: string | null;
  celsius: number | null;
  temperature_method: string | null;
  temperature_source: string | null;
  measured_by: string | null;
  policy_version: number;
  follows_installation: string | null;
  follows_sequence: number | null;
}

/** A stored record as the kiosk sent it. */
function recordJson(row: RecordRow): unknown {
  return {
    id: `${row.installation_id}:${row.sequence}`,
    sequence: row.sequence,
    at: row.at.toISOString(),
    direction: row.direction,
    decision: row.decision,
    reasons: row.reasons,
    cardText: row.card_text,
    person:
      row.person_name === null
        ? null
        : {
            name: row.person_name,
            kind: row.person_kind,
            className: row.class_name,
            idNumber: row.id_number,
          },
    temperature:
      row.celsius === null
        ? null
        : {
            celsius: row.celsius,
            method: row.temperature_method,
            source: row.temperature_source,
            measuredBy: row.measured_by,
          },
    policyVersion: row.policy_version,
    followsRecordId:
      row.follows_installation === null
        ? null
        : `${row.follows_installation}:${row.follows_sequence}`,
    // A hub's record names its gate only when it is not the batch's.
    ...(row.gate_id === row.batch_gate ? {} : { gateId: row.gate_id }),
  };
}

/** A stored report as the kiosk sent it (`sequence` absent and null are one NULL in the table). */
function reportJson(row: Record<string, unknown>): StoredReport {
  const optional = (name: string, value: unknown) => (value === null ? {} : { [name]: value });
  const range =
    row.sequence_first === null
      ? row.entries === 0
        ? { sequence: null }
        : {}
      : { sequence: { first: row.sequence_first, last: row.sequence_last } };
  return {
    receivedAt: (row.received_at as Date).toISOString(),
    report: {
      protocol: 1,
      schoolId: row.school_id,
      gateId: row.gate_id,
      installationId: row.installation_id,
      reportId: row.report_id,
      date: row.date,
      generatedAt: (row.generated_at as Date).toISOString(),
      counts: {
        entries: row.entries,
        visitors: row.visitors,
        denied: row.denied,
        retests: row.retests,
        feverCases: row.fever_cases,
        ...optional('unresolvedRetests', row.unresolved_retests),
        ...optional('absentIll', row.absent_ill),
        ...optional('returnsCleared', row.returns_cleared),
      },
      ...range,
      zero: row.zero,
    },
  };
}

/** A rig on the cluster (started by the file's beforeAll); start() makes a new database. */
export function serviceRig(cluster: () => PostgresCluster): ServiceRig {
  let started:
    { service: DistrictService; databaseUrl: string; keyring: Keyring; secret: string } | undefined;
  const current = () => {
    if (started === undefined) throw new Error('The service is started in beforeEach.');
    return started;
  };
  // One database a file, emptied before each test over one kept connection: a new database a
  // test costs ~0.3 s here, a TRUNCATE of every table ~0.1 s, these DELETEs of a few rows less.
  let database: { url: string; pool: pg.Pool } | undefined;
  async function emptyDatabase(): Promise<string> {
    if (database === undefined) {
      databases += 1;
      const url = await cluster().createDatabase(`rig_${process.pid}_${databases}`);
      database = { url, pool: openDb(url, { max: 1 }) };
      return url;
    }
    await database.pool.query(emptied.map((table) => `DELETE FROM ${table};`).join('\n'));
    return database.url;
  }
  const serviceOptions = (extra: Partial<DistrictServiceOptions> = {}) => ({
    databaseUrl: current().databaseUrl,
    keyring: current().keyring,
    now: () => rig.now,
    poolSize: 4,
    ...extra,
  });
  const rig: ServiceRig = {
    kind: 'service',
    now: clock,
    get secret() {
      return current().secret;
    },
    get url() {
      return current().service.uploadUrl;
    },
    get service() {
      return current().service;
    },
    get pool() {
      return current().service.pool;
    },
    get keyring() {
      return current().keyring;
    },
    get databaseUrl() {
      return current().databaseUrl;
    },
    async start() {
      rig.now = clock;
      const databaseUrl = await emptyDatabase();
      const keyring = keyringFromKey(randomBytes(32));
      const service = await startDistrictService({
        databaseUrl,
        keyring,
        now: () => rig.now,
        poolSize: 4,
      });
      const secret = await registerGate(service.pool, keyring, example.schoolId, example.gateId);
      started = { service, databaseUrl, keyring, secret };
    },
    async stop() {
      const { service } = current();
      started = undefined;
      await service.close();
    },
    post: (endpoint, payload, options = {}) => {
      const url = `${options.base ?? rig.url}${endpoint}`;
      return signedPost(url, payload, { secret: rig.secret, timestamp: rig.now, ...options });
    },
    upload: (payload, options) => rig.post('/v1/batches', payload, options),
    async stats() {
      const { rows } = await rig.pool.query<{
        records: number;
        batches: number;
        duplicates: number;
        reports: number;
      }>(
        `SELECT (SELECT count(*) FROM records) AS records,
                (SELECT count(*) FROM batches) AS batches,
                (SELECT coalesce(sum(duplicates), 0) FROM batches)::int AS duplicates,
                (SELECT count(*) FROM daily_reports) AS reports`,
      );
      return rows[0] as { records: number; batches: number; duplicates: number; reports: number };
    },
    async records() {
      const { rows } = await rig.pool.query<RecordRow>(
        `SELECT r.*, b.gate_id AS batch_gate FROM records r JOIN batches b USING (batch_id)
          ORDER BY r.received_at, r.installation_id, r.sequence`,
      );
      return rows.map(recordJson);
    },
    async reports() {
      const { rows } = await rig.pool.query('SELECT * FROM daily_reports ORDER BY report_id');
      return rows.map(reportJson);
    },
    async restart() {
      const state = current();
      await state.service.close();
      state.service = await startDistrictService(serviceOptions());
    },
    async startOther({ basePath }) {
      const other = await startDistrictService(serviceOptions({ basePath }));
      return { url: other.uploadUrl, close: () => other.close() };
    },
  };
  return rig;
}
