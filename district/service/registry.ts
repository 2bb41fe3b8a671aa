// The district's register of schools and gates, and each gate's secret: used by the command line
// (district/service/cli.ts), the bureau's admin pages and the intake (findGateSecret). A secret
// is returned once, when issued, and is stored only sealed under the key file
// (district/service/secrets.ts): never in the audit trail, never in a message. Each change writes
// its audit row in the same transaction, so the register and its history cannot disagree.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { inTransaction } from './db';
import { gateContext, type Keyring } from './secrets';

export type RegistryErrorCode =
  'school-exists' | 'gate-exists' | 'no-such-school' | 'no-such-gate' | 'invalid';

/** Bad input to the register, in words (English); `code` is what the pages translate. */
export class RegistryError extends Error {
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

export interface GateRow {
  schoolId: string;
  gateId: string;
  name: string;
  /** ISO 8601; null until a secret is issued. */
  secretIssuedAt: string | null;
  revokedAt: string | null;
}

export interface SchoolRow {
  schoolId: string;
  name: string;
  area: string;
  closedAt: string | null;
  gates: GateRow[];
}

/** A pool, or a client inside a caller's transaction. */
type Queryable = pg.Pool | pg.PoolClient;

// Ids travel in HTTP headers (X-School-Id, X-Gate-Id) and in the kiosk's config: printable
// ASCII without spaces keeps them the same byte for byte everywhere.
const idPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const nameMax = 200;

function checkId(value: string, what: string): void {
  if (!idPattern.test(value)) {
    throw new RegistryError(
      'invalid',
      `The ${what} must be 1 to 64 characters of letters A-Z, digits, '.', '_' or '-', ` +
        `starting with a letter or digit (got ${JSON.stringify(value.slice(0, 80))}).`,
    );
  }
}

function checkText(value: string, what: string, required: boolean): string {
  const text = value.trim();
  if (required && text === '') throw new RegistryError('invalid', `The ${what} must not be empty.`);
  if (text.length > nameMax) {
    throw new RegistryError('invalid', `The ${what} is longer than ${nameMax} characters.`);
  }
  return text;
}

function iso(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}

async function audit(
  client: pg.PoolClient,
  actor: string,
  action: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await client.query('INSERT INTO audit (actor, action, detail) VALUES ($1, $2, $3)', [
    actor,
    action,
    JSON.stringify(detail),
  ]);
}

/** The school's row locked for the transaction; RegistryError when there is none. */
async function lockSchool(
  client: pg.PoolClient,
  schoolId: string,
): Promise<{ closedAt: Date | null }> {
  const { rows } = await client.query<{ closed_at: Date | null }>(
    'SELECT closed_at FROM schools WHERE school_id = $1 FOR UPDATE',
    [schoolId],
  );
  const row = rows[0];
  if (!row) throw new RegistryError('no-such-school', `There is no school "${schoolId}".`);
  return { closedAt: row.closed_at };
}

function closedError(schoolId: string, closedAt: Date): RegistryError {
  return new RegistryError(
    'invalid',
    `School "${schoolId}" was closed on ${closedAt.toISOString()}: its gates can no longer change.`,
  );
}

export async function addSchool(
  pool: pg.Pool,
  s: { schoolId: string; name: string; area?: string },
  actor: string,
): Promise<void> {
  checkId(s.schoolId, 'school id');
  const name = checkText(s.name, 'school name', true);
  const area = checkText(s.area ?? '', 'area', false);
  await inTransaction(pool, async (client) => {
    const { rowCount } = await client.query(
      `INSERT INTO schools (school_id, name, area) VALUES ($1, $2, $3)
       ON CONFLICT (school_id) DO NOTHING`,
      [s.schoolId, name, area],
    );
    if (rowCount === 0) {
      throw new RegistryError('school-exists', `School "${s.schoolId}" is already registered.`);
    }
    await audit(client, actor, 'school.add', { schoolId: s.schoolId, name, area });
  });
}

export async function addGate(
  pool: pg.Pool,
  g: { schoolId: string; gateId: string; name?: string },
  actor: string,
): Promise<void> {
  checkId(g.schoolId, 'school id');
  checkId(g.gateId, 'gate id');
  const name = checkText(g.name ?? '', 'gate name', false);
  await inTransaction(pool, async (client) => {
    const school = await lockSchool(client, g.schoolId);
    if (school.closedAt) throw closedError(g.schoolId, school.closedAt);
    const { rowCount } = await client.query(
      `INSERT INTO gates (school_id, gate_id, name) VALUES ($1, $2, $3)
       ON CONFLICT (school_id, gate_id) DO NOTHING`,
      [g.schoolId, g.gateId, name],
    );
    if (rowCount === 0) {
      throw new RegistryError(
        'gate-exists',
        `School "${g.schoolId}" already has a gate "${g.gateId}".`,
      );
    }
    await audit(client, actor, 'gate.add', { schoolId: g.schoolId, gateId: g.gateId, name });
  });
}

/** The gate's row locked for the transaction; RegistryError when the school or gate is unknown. */
async function lockGate(
  client: pg.PoolClient,
  schoolId: string,
  gateId: string,
): Promise<{ schoolClosedAt: Date | null; revokedAt: Date | null }> {
  const school = await lockSchool(client, schoolId);
  const { rows } = await client.query<{ revoked_at: Date | null }>(
    'SELECT revoked_at FROM gates WHERE school_id = $1 AND gate_id = $2 FOR UPDATE',
    [schoolId, gateId],
  );
  const row = rows[0];
  if (!row) {
    throw new RegistryError('no-such-gate', `School "${schoolId}" has no gate "${gateId}".`);
  }
  return { schoolClosedAt: school.closedAt, revokedAt: row.revoked_at };
}

/**
 * A new random secret (32 bytes, base64url: 43 characters) for the gate, sealed; it replaces the
 * old one at once (the gate must be given the new one) and ends a revocation. Returned once.
 */
export async function issueSecret(
  pool: pg.Pool,
  keyring: Keyring,
  schoolId: string,
  gateId: string,
  actor: string,
): Promise<string> {
  checkId(schoolId, 'school id');
  checkId(gateId, 'gate id');
  const secret = randomBytes(32).toString('base64url');
  const sealed = keyring.seal(secret, gateContext(schoolId, gateId));
  await inTransaction(pool, async (client) => {
    const gate = await lockGate(client, schoolId, gateId);
    if (gate.schoolClosedAt) throw closedError(schoolId, gate.schoolClosedAt);
    await client.query(
      `UPDATE gates SET secret_sealed = $3, key_id = $4, secret_issued_at = now(), revoked_at = NULL
       WHERE school_id = $1 AND gate_id = $2`,
      [schoolId, gateId, sealed, keyring.keyId],
    );
    // The key id, never the secret.
    await audit(client, actor, 'gate.secret', {
      schoolId,
      gateId,
      keyId: keyring.keyId,
      endedRevocation: gate.revokedAt !== null,
    });
  });
  return secret;
}

/**
 * The gate may no longer send: its requests are still verified with its secret and answered 403.
 * Revoking a revoked gate changes nothing (a form sent twice).
 */
export async function revokeGate(
  pool: pg.Pool,
  schoolId: string,
  gateId: string,
  actor: string,
): Promise<void> {
  checkId(schoolId, 'school id');
  checkId(gateId, 'gate id');
  await inTransaction(pool, async (client) => {
    const gate = await lockGate(client, schoolId, gateId);
    if (gate.revokedAt) return;
    await client.query(
      'UPDATE gates SET revoked_at = now() WHERE school_id = $1 AND gate_id = $2',
      [schoolId, gateId],
    );
    await audit(client, actor, 'gate.revoke', { schoolId, gateId });
  });
}

/** The school's gates may no longer send (403); its history stays. Closing twice changes nothing. */
export async function closeSchool(pool: pg.Pool, schoolId: string, actor: string): Promise<void> {
  checkId(schoolId, 'school id');
  await inTransaction(pool, async (client) => {
    const school = await lockSchool(client, schoolId);
    if (school.closedAt) return;
    await client.query('UPDATE schools SET closed_at = now() WHERE school_id = $1', [schoolId]);
    await audit(client, actor, 'school.close', { schoolId });
  });
}

/** Every school with its gates, by id. */
export async function listSchools(pool: Queryable): Promise<SchoolRow[]> {
  const schools = await pool.query<{
    school_id: string;
    name: string;
    area: string;
    closed_at: Date | null;
  }>('SELECT school_id, name, area, closed_at FROM schools ORDER BY school_id');
  const gates = await pool.query<{
    school_id: string;
    gate_id: string;
    name: string;
    secret_issued_at: Date | null;
    revoked_at: Date | null;
  }>(
    `SELECT school_id, gate_id, name, secret_issued_at, revoked_at FROM gates
     ORDER BY school_id, gate_id`,
  );
  const bySchool = new Map<string, SchoolRow>();
  const result = schools.rows.map((row) => {
    const school: SchoolRow = {
      schoolId: row.school_id,
      name: row.name,
      area: row.area,
      closedAt: iso(row.closed_at),
      gates: [],
    };
    bySchool.set(school.schoolId, school);
    return school;
  });
  for (const row of gates.rows) {
    bySchool.get(row.school_id)?.gates.push({
      schoolId: row.school_id,
      gateId: row.gate_id,
      name: row.name,
      secretIssuedAt: iso(row.secret_issued_at),
      revokedAt: iso(row.revoked_at),
    });
  }
  return result;
}

export interface GateSecret {
  secret: string;
  revokedAt: string | null;
  schoolClosedAt: string | null;
}

/**
 * The gate's secret for checking a request's signature, or null when the gate is unknown or has
 * no secret yet (the request cannot verify). Throws SecretsError when the sealed secret does not
 * open under this key file: the service's own fault (the wrong key file), not the sender's.
 */
export async function findGateSecret(
  pool: Queryable,
  keyring: Keyring,
  schoolId: string,
  gateId: string,
): Promise<GateSecret | null> {
  const { rows } = await pool.query<{
    secret_sealed: Buffer | null;
    revoked_at: Date | null;
    closed_at: Date | null;
  }>(
    `SELECT g.secret_sealed, g.revoked_at, s.closed_at
     FROM gates g JOIN schools s USING (school_id)
     WHERE g.school_id = $1 AND g.gate_id = $2`,
    [schoolId, gateId],
  );
  const row = rows[0];
  if (!row?.secret_sealed) return null;
  return {
    secret: keyring.open(row.secret_sealed, gateContext(schoolId, gateId)),
    revokedAt: iso(row.revoked_at),
    schoolClosedAt: iso(row.closed_at),
  };
}
