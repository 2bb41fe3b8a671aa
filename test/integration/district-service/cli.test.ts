// `npm run district-service` as an operator runs it, each command a real process against a
// private PostgreSQL: what `gate secret` prints is what goes into a kiosk's config, the secret it
// prints is the one the service verifies uploads with, and a mistake gets its exit code (1
// refused, 2 usage) and a message in words.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../../backend/config/config';
import { expectedSignature } from '../../../district/protocol/signature';
import { main } from '../../../district/service/cli';
import { openDb } from '../../../district/service/db';
import { findGateSecret } from '../../../district/service/registry';
import { loadKeyring } from '../../../district/service/secrets';
import { startPostgres, type PostgresCluster } from '../../rigs/postgres';

let cluster: PostgresCluster;

beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);

afterAll(async () => {
  await cluster?.destroy();
});

describe('the command line', () => {
  const cli = path.resolve('district/service/cli.ts');
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'district-cli-'));
    env = {
      ...process.env,
      DISTRICT_DATABASE_URL: await cluster.createDatabase('cli'),
      DISTRICT_KEY_FILE: path.join(dir, 'district.key'),
    };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function run(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
    return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', cli, ...args],
        { env: { ...env, ...extraEnv } },
        (error, out, err) => resolve({ code: error ? (error.code as number) : 0, out, err }),
      );
    });
  }

  /** The same main() in this process: quicker, for what does not depend on being a process. */
  async function inProcess(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
    const lines = { out: [] as string[], err: [] as string[] };
    const output = {
      out: (l: string) => lines.out.push(l),
      error: (l: string) => lines.err.push(l),
    };
    const code = await main(args, output, { ...env, ...extraEnv });
    return { code, out: lines.out.join('\n'), err: lines.err.join('\n') };
  }

  let printedSecret = '';

  it('makes a key, registers a school and gate, and prints a secret the kiosk takes', async () => {
    expect((await inProcess(['migrate'])).out).toMatch(
      /^Applied: 0001_district.sql(, 0\d{3}_\w+.sql)*\.$/m,
    );
    const key = await inProcess(['key', 'create']);
    expect(key.code).toBe(0);
    expect(statSync(env.DISTRICT_KEY_FILE as string).mode & 0o777).toBe(0o600);
    expect(
      await run(['school', 'add', '--id', '4403050001', '--name', '深圳市南山区第一小学']),
    ).toMatchObject({ code: 0, out: 'School 4403050001 added: 深圳市南山区第一小学.\n' });
    expect(
      (await inProcess(['gate', 'add', '--school', '4403050001', '--gate', 'south'])).code,
    ).toBe(0);
    const issued = await run([
      'gate',
      'secret',
      '--school',
      '4403050001',
      '--gate',
      'south',
      '--url',
      'https://edu.example.gov.cn/gate',
    ]);
    expect(issued.code).toBe(0);
    const printed = JSON.parse(issued.out.slice(issued.out.indexOf('"district": ') + 12)) as {
      secret: string;
    };
    printedSecret = printed.secret;
    // The kiosk's own config schema accepts what was printed, as it stands.
    expect(configSchema.shape.district.unwrap().parse(printed)).toMatchObject({
      url: 'https://edu.example.gov.cn/gate',
      schoolId: '4403050001',
      gateId: 'south',
      secret: printed.secret,
    });
    const pool2 = openDb(env.DISTRICT_DATABASE_URL as string);
    try {
      const keyring2 = loadKeyring(env.DISTRICT_KEY_FILE as string);
      expect((await findGateSecret(pool2, keyring2, '4403050001', 'south'))?.secret).toBe(
        printed.secret,
      );
      const { rows } = await pool2.query("SELECT actor FROM audit WHERE action = 'gate.secret'");
      expect(rows[0]?.actor).toMatch(/^cli:/);
    } finally {
      await pool2.end();
    }
    const list = await inProcess(['school', 'list']);
    expect(list.out).toMatch(
      /^4403050001 {2}深圳市南山区第一小学\n {2}south {2}secret issued \d{4}-/,
    );
    expect(list.out).not.toContain(printed.secret);
  });

  it('serve: verifies uploads with the printed secret, answers /healthz, stops on SIGTERM', async () => {
    const secret = printedSecret;
    // Its own process group: npm/tsx wrappers aside, the signal reaches the service itself.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cli, 'serve', '--port', '0', '--base-path', '/gate'],
      { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', () => {
          const found = /listening on (http:\/\/[\d.:]+)/.exec(out);
          if (found?.[1]) resolve(found[1]);
        });
        void exited.then(() => reject(new Error(`serve exited early: ${out}`)));
      });
      expect(out).toContain(`the kiosks' district url:  ${url}/gate`);
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true });
      // A signed body that is not a batch: past the signature (400), unless the secret is wrong.
      const post = async (key: string) => {
        const body = gzipSync('{}');
        const timestamp = String(Date.now());
        const request = { method: 'POST', path: '/gate/v1/batches', timestamp, body };
        const response = await fetch(`${url}/gate/v1/batches`, {
          method: 'POST',
          body,
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            'Content-Encoding': 'gzip',
            'X-School-Id': '4403050001',
            'X-Gate-Id': 'south',
            'X-Timestamp': timestamp,
            'X-Signature': expectedSignature(key, request),
          },
        });
        return response.status;
      };
      expect(await post(secret)).toBe(400);
      expect(await post(`${secret}x`)).toBe(401);
    } finally {
      if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('District service stopped (SIGTERM).');
  });

  it('refuses bad input with its exit code and a message in words', async () => {
    // Two as real processes (the exit code is the process's), the rest through the same main().
    const [noName, again] = await Promise.all([
      run(['school', 'add', '--id', '4403050001']),
      run(['school', 'add', '--id', '4403050001', '--name', 'Again']),
    ]);
    expect(noName).toMatchObject({ code: 2, out: '' });
    expect(noName?.err).toMatch(
      /^Give --name, the school's name\.\n\nUsage: npm run district-service/,
    );
    expect(again).toMatchObject({ code: 1, err: 'School "4403050001" is already registered.\n' });

    expect(
      await inProcess(['gate', 'secret', '--school', '4403050001', '--gate', 'nowhere']),
    ).toEqual({
      code: 1,
      out: '',
      err: 'School "4403050001" has no gate "nowhere".',
    });
    const noKey = await inProcess(['gate', 'secret', '--school', '4403050001', '--gate', 'south'], {
      DISTRICT_KEY_FILE: path.join(dir, 'missing.key'),
    });
    expect(noKey.code).toBe(1);
    expect(noKey.err).toContain('missing.key does not exist');
    const noDatabase = await inProcess(['school', 'list'], { DISTRICT_DATABASE_URL: '' });
    expect(noDatabase.code).toBe(2);
    expect(noDatabase.err).toContain('Give --database URL (or set DISTRICT_DATABASE_URL)');
    const unknown = await inProcess(['launch']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Unknown command "launch".');
    const keyAgain = await inProcess(['key', 'create']);
    expect(keyAgain.code).toBe(1);
    expect(keyAgain.err).toContain('already exists');
    const badDay = await inProcess(['detach', '--before', '2026-13-01']);
    expect(badDay.code).toBe(2);
    expect(badDay.err).toContain('Give --before as a date, YYYY-MM-DD.');
    // Days a kiosk may still be catching up on are kept unless forced; older ones go.
    const day = (daysAgo: number) =>
      new Date(Date.now() + 8 * 3_600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const recent = await inProcess(['detach', '--before', day(10)]);
    expect(recent.code).toBe(1);
    expect(recent.err).toContain(`give --before ${day(32)} or earlier, or add --force yes`);
    expect(await inProcess(['detach', '--before', day(33)])).toMatchObject({ code: 0 });
    expect(await inProcess(['detach', '--before', day(10), '--force', 'yes'])).toMatchObject({
      code: 0,
    });
    const badUrl = await inProcess(['serve', '--public-url', 'https://edu.example.gov.cn/gate/']);
    expect(badUrl.code).toBe(2);
    expect(badUrl.err).toContain('Give --public-url as the address kiosks reach this service at');
    const stray = await inProcess(['school', 'add', '--id', 'x', 'a-password-typed-here']);
    expect(stray.code).toBe(2);
    expect(stray.err).not.toContain('a-password-typed-here');
  });
});
