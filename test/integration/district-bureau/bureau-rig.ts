// The bureau's pages against a private PostgreSQL: the schema migrated, a fixed clock, the
// bureau behind a plain node:http server, and seeding by SQL (reports, records, partitions) and
// through the register, the way the ingest and the admin would leave them.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { createBureau, type Bureau } from '../../../district/bureau/bureau';
import { addAccount } from '../../../district/bureau/accounts';
import { migrate, openDb } from '../../../district/service/db';
import { addGate, addSchool, issueSecret } from '../../../district/service/registry';
import { keyringFromKey, type Keyring } from '../../../district/service/secrets';
import { startPostgres, type PostgresCluster } from '../../rigs/postgres';

export interface BureauRig {
  cluster: PostgresCluster;
  pool: pg.Pool;
  keyring: Keyring;
  bureau: Bureau;
  url: string;
  clock: { now: number };
  close(): Promise<void>;
}

/** An instant of Beijing wall-clock time. */
export const beijingAt = (day: string, time: string): Date => new Date(`${day}T${time}+08:00`);

export async function startBureauRig(): Promise<BureauRig> {
  const cluster = await startPostgres();
  const pool = openDb(await cluster.createDatabase('bureau'), { max: 8 });
  await migrate(pool);
  // The tests' deadline is 16:30, one of R8's examples, set as a bureau would on its settings page.
  await pool.query("UPDATE settings SET value = '16:30' WHERE name = 'report-deadline'");
  const keyring = keyringFromKey(randomBytes(32));
  const clock = { now: Date.now() };
  const bureau = createBureau({ pool, keyring, now: () => clock.now });
  const server: Server = createServer((req, res) => void bureau.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    cluster,
    pool,
    keyring,
    bureau,
    url,
    clock,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
      await cluster.destroy();
    },
  };
}

/**
 * A school and its gates through the register, secrets issued; registered long ago (the
 * register stamps the real time, the tests' clock is fixed).
 */
export async function seedSchool(
  rig: BureauRig,
  school: { schoolId: string; name: string; area?: string },
  gates: { gateId: string; name?: string; secret?: boolean }[],
): Promise<void> {
  await addSchool(rig.pool, school, 'test');
  for (const gate of gates) {
    await addGate(rig.pool, { schoolId: school.schoolId, ...gate }, 'test');
    if (gate.secret !== false) {
      await issueSecret(rig.pool, rig.keyring, school.schoolId, gate.gateId, 'test');
    }
  }
  await rig.pool.query("UPDATE gates SET created_at = '2020-01-01' WHERE school_id = $1", [
    school.schoolId,
  ]);
}

export async function ensureDay(pool: pg.Pool, day: string): Promise<void> {
  const name = `records_${day.replaceAll('-', '_')}`;
  await pool.query(
    `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF records
     FOR VALUES FROM ('${day}') TO ('${day}'::date + 1)`,
  );
}

export interface ReportSeed {
  schoolId: string;
  gateId: string;
  installationId: string;
  date: string;
  firstReceivedAt: Date;
  receivedAt?: Date;
  versions?: number;
  entries?: number;
  retests?: number;
  feverCases?: number;
  unresolvedRetests?: number | null;
  sequence?: [number, number] | null;
}

/** A stored daily report, as the ingest leaves it. */
export async function seedReport(pool: pg.Pool, r: ReportSeed): Promise<void> {
  const entries = r.entries ?? 0;
  await pool.query(
    `INSERT INTO daily_reports (report_id, school_id, gate_id, installation_id, date, generated_at,
       entries, visitors, denied, retests, fever_cases, unresolved_retests, sequence_first,
       sequence_last, zero, digest, received_at, first_received_at, versions)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0, $8, $9, $10, $11, $12, $13, '\\x00', $14, $15, $16)`,
    [
      `${r.installationId}:${r.date}`,
      r.schoolId,
      r.gateId,
      r.installationId,
      r.date,
      r.firstReceivedAt,
      entries,
      r.retests ?? 0,
      r.feverCases ?? 0,
      r.unresolvedRetests ?? null,
      r.sequence?.[0] ?? null,
      r.sequence?.[1] ?? null,
      entries === 0 && !r.unresolvedRetests,
      r.receivedAt ?? r.firstReceivedAt,
      r.firstReceivedAt,
      r.versions ?? 1,
    ],
  );
}

export interface RecordSeed {
  sequence: number;
  at: Date;
  decision?: 'pass' | 'deny' | 'retest' | 'refer';
  reasons?: string[];
  name?: string;
  className?: string;
  idNumber?: string | null;
  celsius?: number | null;
  follows?: number;
}

export async function seedRecords(
  pool: pg.Pool,
  day: string,
  at: { schoolId: string; gateId: string; installationId: string },
  records: RecordSeed[],
): Promise<void> {
  await ensureDay(pool, day);
  for (const record of records) {
    await pool.query(
      `INSERT INTO records (day, installation_id, sequence, school_id, gate_id, at, direction,
         decision, reasons, card_text, person_name, person_kind, class_name, id_number, celsius,
         temperature_method, temperature_source, measured_by, policy_version,
         follows_installation, follows_sequence, batch_id, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'in', $7, $8, 'S1', $9, 'student', $10, $11, $12,
         'device', 'gy906', NULL, 1, $13, $14, gen_random_uuid(), $6)`,
      [
        day,
        at.installationId,
        record.sequence,
        at.schoolId,
        at.gateId,
        record.at,
        record.decision ?? 'pass',
        record.reasons ?? ['temperature-normal'],
        record.name ?? '王小明',
        record.className ?? '三年级2班',
        record.idNumber === undefined ? '11010519491231002X' : record.idNumber,
        record.celsius === undefined ? 36.6 : record.celsius,
        record.follows === undefined ? null : at.installationId,
        record.follows ?? null,
      ],
    );
  }
}

export async function seedAccount(
  rig: BureauRig,
  username: string,
  role: 'officer' | 'admin',
  password = 'correct horse battery',
): Promise<void> {
  await addAccount(
    rig.pool,
    { username, displayName: username, role, password },
    'test',
    rig.clock.now,
  );
}

export interface Answer {
  status: number;
  location: string | null;
  body: string;
  headers: Headers;
}

/** A browser-like client: keeps the session cookie, sends Origin on POSTs. */
export function client(rig: BureauRig) {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  async function send(
    path: string,
    init: RequestInit & { origin?: string | null } = {},
  ): Promise<Answer> {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set('Cookie', cookieHeader());
    if (init.method === 'POST') {
      headers.set('Content-Type', 'application/x-www-form-urlencoded');
      if (init.origin !== null) headers.set('Origin', init.origin ?? rig.url);
    }
    const response = await fetch(`${rig.url}${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (value === '' || /Max-Age=0/.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    const body = Buffer.from(await response.arrayBuffer());
    return {
      status: response.status,
      location: response.headers.get('location'),
      body: response.headers.get('content-type')?.startsWith('text/')
        ? body.toString('utf8')
        : body.toString('base64'),
      headers: response.headers,
    };
  }
  return {
    jar,
    get: (path: string) => send(path),
    bytes: async (path: string) => {
      const headers = new Headers();
      if (jar.size) headers.set('Cookie', cookieHeader());
      const response = await fetch(`${rig.url}${path}`, { headers, redirect: 'manual' });
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        body: Buffer.from(await response.arrayBuffer()),
      };
    },
    post: (path: string, form: Record<string, string>, origin?: string | null) =>
      send(path, { method: 'POST', body: new URLSearchParams(form).toString(), origin }),
    signIn: (username: string, password = 'correct horse battery') =>
      send('/bureau/sign-in', {
        method: 'POST',
        body: new URLSearchParams({ username, password, next: '/bureau/' }).toString(),
      }),
  };
}
