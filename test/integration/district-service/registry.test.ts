// The district's register of schools, gates and secrets on a private PostgreSQL: what the bureau
// relies on is that each change is audited with who made it, that bad input changes nothing and
// says why, that a revoked gate or closed school is known to the intake, and that a copy of the
// database (a backup, a leak) reveals no gate's secret without the key file.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDb } from '../../../district/service/db';
import {
  addGate,
  addSchool,
  closeSchool,
  findGateSecret,
  issueSecret,
  listSchools,
  RegistryError,
  revokeGate,
} from '../../../district/service/registry';
import { keyringFromKey, SecretsError } from '../../../district/service/secrets';
import { postgresBin, startPostgres, type PostgresCluster } from '../../rigs/postgres';

let cluster: PostgresCluster;
let pool: pg.Pool;
let url: string;
const keyring = keyringFromKey(Buffer.alloc(32, 0x5a));

beforeAll(async () => {
  cluster = await startPostgres();
  url = await cluster.createDatabase('registry');
  pool = openDb(url);
  await migrate(pool);
}, 60_000);

afterAll(async () => {
  await pool?.end();
  await cluster?.destroy();
});

async function auditRows(): Promise<{ actor: string; action: string; detail: unknown }[]> {
  const { rows } = await pool.query('SELECT actor, action, detail FROM audit ORDER BY audit_id');
  return rows as { actor: string; action: string; detail: unknown }[];
}

async function refused(promise: Promise<unknown>): Promise<RegistryError> {
  const error = await promise.then(
    () => new Error('expected a RegistryError'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RegistryError);
  return error as RegistryError;
}

describe('the register', () => {
  it('adds schools and gates, lists them, and audits each change with its actor', async () => {
    await addSchool(
      pool,
      { schoolId: 'bj-101', name: '北京市第一〇一中学', area: '海淀区' },
      'ops',
    );
    await addGate(pool, { schoolId: 'bj-101', gateId: 'north', name: '北门' }, 'ops');
    await addGate(pool, { schoolId: 'bj-101', gateId: 'south' }, 'ops');
    const school = (await listSchools(pool)).find((s) => s.schoolId === 'bj-101');
    expect(school).toMatchObject({ name: '北京市第一〇一中学', area: '海淀区', closedAt: null });
    expect(school?.gates.map((g) => [g.gateId, g.name, g.secretIssuedAt, g.revokedAt])).toEqual([
      ['north', '北门', null, null],
      ['south', '', null, null],
    ]);
    expect((await auditRows()).slice(-3)).toEqual([
      {
        actor: 'ops',
        action: 'school.add',
        detail: { schoolId: 'bj-101', name: '北京市第一〇一中学', area: '海淀区' },
      },
      {
        actor: 'ops',
        action: 'gate.add',
        detail: { schoolId: 'bj-101', gateId: 'north', name: '北门' },
      },
      {
        actor: 'ops',
        action: 'gate.add',
        detail: { schoolId: 'bj-101', gateId: 'south', name: '' },
      },
    ]);
  });

  it('refuses bad input by code and in words, and writes nothing', async () => {
    await addSchool(pool, { schoolId: 'dup', name: 'Dup' }, 'ops');
    await addGate(pool, { schoolId: 'dup', gateId: 'g1' }, 'ops');
    const before = (await auditRows()).length;
    // Thunks: each runs after the one before is answered, and none is left unawaited.
    const cases: [() => Promise<unknown>, string, RegExp][] = [
      [
        () => addSchool(pool, { schoolId: 'dup', name: 'Again' }, 'ops'),
        'school-exists',
        /already registered/,
      ],
      [
        () => addSchool(pool, { schoolId: 'x', name: '  ' }, 'ops'),
        'invalid',
        /name must not be empty/,
      ],
      [
        () => addSchool(pool, { schoolId: 'has space', name: 'A' }, 'ops'),
        'invalid',
        /school id must be 1 to 64/,
      ],
      [() => addSchool(pool, { schoolId: '', name: 'A' }, 'ops'), 'invalid', /school id/],
      [
        () => addGate(pool, { schoolId: 'nowhere', gateId: 'g1' }, 'ops'),
        'no-such-school',
        /no school "nowhere"/,
      ],
      [
        () => addGate(pool, { schoolId: 'dup', gateId: 'g1' }, 'ops'),
        'gate-exists',
        /already has a gate "g1"/,
      ],
      [
        () => addGate(pool, { schoolId: 'dup', gateId: '北门' }, 'ops'),
        'invalid',
        /gate id must be/,
      ],
      [() => issueSecret(pool, keyring, 'dup', 'g9', 'ops'), 'no-such-gate', /has no gate "g9"/],
      [() => issueSecret(pool, keyring, 'nowhere', 'g1', 'ops'), 'no-such-school', /no school/],
      [() => revokeGate(pool, 'dup', 'g9', 'ops'), 'no-such-gate', /has no gate/],
      [() => closeSchool(pool, 'nowhere', 'ops'), 'no-such-school', /no school/],
    ];
    for (const [attempt, code, message] of cases) {
      const error = await refused(attempt());
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
    }
    expect((await auditRows()).length).toBe(before);
    const dup = (await listSchools(pool)).find((s) => s.schoolId === 'dup');
    expect(dup?.name).toBe('Dup');
    expect(dup?.gates.map((g) => g.gateId)).toEqual(['g1']);
  });
});

describe('secrets', () => {
  it('issues a 43-character secret the intake finds; a new one replaces it', async () => {
    await addSchool(pool, { schoolId: 'sec', name: 'Secrets school' }, 'ops');
    await addGate(pool, { schoolId: 'sec', gateId: 'east' }, 'ops');
    expect(await findGateSecret(pool, keyring, 'sec', 'east')).toBeNull();
    expect(await findGateSecret(pool, keyring, 'sec', 'nothing')).toBeNull();
    const first = await issueSecret(pool, keyring, 'sec', 'east', 'admin-li');
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await findGateSecret(pool, keyring, 'sec', 'east')).toEqual({
      secret: first,
      revokedAt: null,
      schoolClosedAt: null,
    });
    const second = await issueSecret(pool, keyring, 'sec', 'east', 'admin-li');
    expect(second).not.toBe(first);
    expect((await findGateSecret(pool, keyring, 'sec', 'east'))?.secret).toBe(second);
    const { rows } = await pool.query(
      "SELECT key_id, secret_issued_at FROM gates WHERE school_id = 'sec' AND gate_id = 'east'",
    );
    expect(rows[0].key_id).toBe(keyring.keyId);
    expect(rows[0].secret_issued_at).toBeInstanceOf(Date);
    const last = (await auditRows()).at(-1);
    expect(last).toEqual({
      actor: 'admin-li',
      action: 'gate.secret',
      detail: { schoolId: 'sec', gateId: 'east', keyId: keyring.keyId, endedRevocation: false },
    });
  });

  it('a revoked gate is still found, marked revoked; a new secret ends the revocation', async () => {
    await addSchool(pool, { schoolId: 'rev', name: 'Revoked school' }, 'ops');
    await addGate(pool, { schoolId: 'rev', gateId: 'west' }, 'ops');
    const old = await issueSecret(pool, keyring, 'rev', 'west', 'ops');
    await revokeGate(pool, 'rev', 'west', 'admin-wang');
    const revoked = await findGateSecret(pool, keyring, 'rev', 'west');
    expect(revoked?.secret).toBe(old);
    expect(revoked?.revokedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const auditBefore = (await auditRows()).length;
    await revokeGate(pool, 'rev', 'west', 'admin-wang'); // a form sent twice: no change
    expect((await findGateSecret(pool, keyring, 'rev', 'west'))?.revokedAt).toBe(
      revoked?.revokedAt,
    );
    expect((await auditRows()).length).toBe(auditBefore);
    expect((await auditRows()).at(-1)).toEqual({
      actor: 'admin-wang',
      action: 'gate.revoke',
      detail: { schoolId: 'rev', gateId: 'west' },
    });
    const gate = (await listSchools(pool)).find((s) => s.schoolId === 'rev')?.gates[0];
    expect(gate?.revokedAt).toBe(revoked?.revokedAt);

    const renewed = await issueSecret(pool, keyring, 'rev', 'west', 'ops');
    expect(renewed).not.toBe(old);
    expect(await findGateSecret(pool, keyring, 'rev', 'west')).toEqual({
      secret: renewed,
      revokedAt: null,
      schoolClosedAt: null,
    });
    expect((await auditRows()).at(-1)?.detail).toMatchObject({ endedRevocation: true });
  });

  it('a closed school: its gates are found marked closed, and take no new secret or gate', async () => {
    await addSchool(pool, { schoolId: 'shut', name: 'Closed school' }, 'ops');
    await addGate(pool, { schoolId: 'shut', gateId: 'main' }, 'ops');
    const secret = await issueSecret(pool, keyring, 'shut', 'main', 'ops');
    await closeSchool(pool, 'shut', 'admin-zhao');
    const found = await findGateSecret(pool, keyring, 'shut', 'main');
    expect(found?.secret).toBe(secret);
    expect(found?.schoolClosedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await auditRows()).at(-1)).toEqual({
      actor: 'admin-zhao',
      action: 'school.close',
      detail: { schoolId: 'shut' },
    });
    const school = (await listSchools(pool)).find((s) => s.schoolId === 'shut');
    expect(school?.closedAt).toBe(found?.schoolClosedAt);
    expect((await refused(issueSecret(pool, keyring, 'shut', 'main', 'ops'))).message).toMatch(
      /was closed on .*can no longer change/,
    );
    expect((await refused(addGate(pool, { schoolId: 'shut', gateId: 'side' }, 'ops'))).code).toBe(
      'invalid',
    );
  });
});

describe('a copy of the database', () => {
  it('holds no secret in any form: a dump of every table is searched for it', async () => {
    await addSchool(pool, { schoolId: 'leak', name: 'Leak school' }, 'ops');
    await addGate(pool, { schoolId: 'leak', gateId: 'g' }, 'ops');
    const secrets = [
      await issueSecret(pool, keyring, 'leak', 'g', 'ops'),
      await issueSecret(pool, keyring, 'leak', 'g', 'ops'),
    ];
    const dump = execFileSync(path.join(postgresBin(), 'pg_dump'), ['--data-only', url], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    // The dump does hold the sealed secret (bytea as hex), so the search covers that column.
    expect(dump).toContain('\\x01' + keyring.keyId);
    for (const secret of secrets) {
      const raw = Buffer.from(secret, 'base64url');
      for (const form of [
        secret,
        Buffer.from(secret).toString('hex'),
        raw.toString('hex'),
        raw.toString('base64'),
      ]) {
        expect(dump.toLowerCase()).not.toContain(form.toLowerCase());
      }
    }
  });

  it('does not open without its key file, nor on another gate', async () => {
    const otherKey = keyringFromKey(Buffer.alloc(32, 0x5b));
    const error = await findGateSecret(pool, otherKey, 'leak', 'g').catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SecretsError);
    expect((error as SecretsError).code).toBe('wrong-key');
    // Someone with write access copies one gate's sealed secret onto another gate's row: it does
    // not open there, so it cannot be used to sign as that gate.
    await addGate(pool, { schoolId: 'leak', gateId: 'copy' }, 'ops');
    await pool.query(
      `UPDATE gates SET secret_sealed = (SELECT secret_sealed FROM gates
         WHERE school_id = 'leak' AND gate_id = 'g'), key_id = $1
       WHERE school_id = 'leak' AND gate_id = 'copy'`,
      [keyring.keyId],
    );
    const copied = await findGateSecret(pool, keyring, 'leak', 'copy').catch(
      (caught: unknown) => caught,
    );
    expect((copied as SecretsError).code).toBe('tampered');
  });
});
