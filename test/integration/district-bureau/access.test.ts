// Who may do what on the bureau's pages: sign-in and its lockout, sessions ending after 30
// idle minutes (the injected clock), an officer refused the admin pages in words, the Origin
// check on every POST, the admin's changes through the register, and the account command.
import { writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountCommand } from '../../../district/bureau/account-commands';
import { listSchools } from '../../../district/service/registry';
import { gateContext } from '../../../district/service/secrets';
import { beijingAt, client, seedAccount, startBureauRig, type BureauRig } from './bureau-rig';

let rig: BureauRig;
const minute = 60_000;

beforeAll(async () => {
  rig = await startBureauRig();
  rig.clock.now = beijingAt('2027-03-15', '09:00:00').getTime();
  await seedAccount(rig, 'officer1', 'officer');
  await seedAccount(rig, 'admin1', 'admin');
}, 60_000);

afterAll(async () => {
  await rig?.close();
});

describe('signing in', () => {
  it('sends someone not signed in to the sign-in page, and back after it', async () => {
    const visitor = client(rig);
    const page = await visitor.get('/bureau/fever?date=2027-03-15');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/bureau/sign-in?next=%2Fbureau%2Ffever%3Fdate%3D2027-03-15');
    const signIn = await visitor.post('/bureau/sign-in', {
      username: 'officer1',
      password: 'correct horse battery',
      next: '/bureau/fever?date=2027-03-15',
    });
    expect(signIn.location).toBe('/bureau/fever?date=2027-03-15');
    const cookie = signIn.headers.getSetCookie().join('\n');
    expect(cookie).toMatch(/bureau_session=[\w-]{43}; Path=\/bureau; SameSite=Strict; HttpOnly/);
    // Only the token's hash is kept.
    const token = visitor.jar.get('bureau_session') ?? '';
    const stored = await rig.pool.query('SELECT 1 FROM sessions WHERE token_hash::text LIKE $1', [
      `%${Buffer.from(token).toString('hex')}%`,
    ]);
    expect(stored.rowCount).toBe(0);
    // Nothing registered yet: said in words, and so is a school that does not exist.
    const today = await visitor.get('/bureau/');
    expect(today.status).toBe(200);
    expect(today.body).toContain('尚未登记任何学校');
    const unknown = await visitor.get('/bureau/schools/nowhere');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('没有编号为 nowhere 的学校');
    const badDate = await visitor.get('/bureau/?date=2027-02-30');
    expect(badDate.status).toBe(400);
    expect(badDate.body).toContain('不是有效日期');
  });

  it('refuses a wrong password in words, and a next address on another site', async () => {
    const visitor = client(rig);
    const wrong = await visitor.signIn('officer1', 'not the password');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('用户名或密码不正确');
    const away = await visitor.post('/bureau/sign-in', {
      username: 'officer1',
      password: 'correct horse battery',
      next: '//evil.example/',
    });
    expect(away.location).toBe('/bureau/');
  });

  it('locks a username for 15 minutes after 10 failures, the right password too', async () => {
    const visitor = client(rig);
    for (let attempt = 0; attempt < 10; attempt += 1) {
      rig.clock.now += 1000;
      expect((await visitor.signIn('admin1', `wrong ${attempt}`)).status).toBe(401);
    }
    const locked = await visitor.signIn('admin1');
    expect(locked.status).toBe(429);
    expect(locked.body).toContain('登录失败次数过多，请于 09:');
    // Another username is not locked.
    expect((await client(rig).signIn('officer1')).status).toBe(303);
    rig.clock.now += 15 * minute - 1000;
    expect((await visitor.signIn('admin1')).status).toBe(429);
    rig.clock.now += 1001;
    expect((await visitor.signIn('admin1')).status).toBe(303);
    const audit = await rig.pool.query(
      "SELECT count(*)::int AS n FROM audit WHERE action = 'sign-in-failed' AND actor = 'admin1'",
    );
    expect(audit.rows[0]).toEqual({ n: 10 });
  });

  it('counts sign-ins sent at once: the 11th and later are refused, not checked', async () => {
    await seedAccount(rig, 'officer3', 'officer');
    const visitor = client(rig);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, attempt) => visitor.signIn('officer3', `guess ${attempt}`)),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429, 429]);
  });

  it('ends a session after 30 idle minutes, not while it is used', async () => {
    const officer = client(rig);
    await officer.signIn('officer1');
    rig.clock.now += 29 * minute;
    expect((await officer.get('/bureau/')).status).toBe(200);
    rig.clock.now += 29 * minute;
    expect((await officer.get('/bureau/')).status).toBe(200);
    rig.clock.now += 30 * minute + 1000;
    const after = await officer.get('/bureau/');
    expect(after.status).toBe(303);
    expect(after.location).toBe('/bureau/sign-in?next=%2Fbureau%2F&expired=1');
    const page = await officer.get(after.location ?? '');
    expect(page.body).toContain('已超过 30 分钟未操作，请重新登录');
  });

  it('signs out: the session is gone from the database', async () => {
    const officer = client(rig);
    await officer.signIn('officer1');
    const before = await rig.pool.query('SELECT count(*)::int AS n FROM sessions');
    await officer.post('/bureau/sign-out', {});
    const after = await rig.pool.query('SELECT count(*)::int AS n FROM sessions');
    expect(after.rows[0].n).toBe(before.rows[0].n - 1);
    expect((await officer.get('/bureau/')).status).toBe(303);
  });
});

describe('roles and forms', () => {
  it('refuses an officer the admin pages in words (403), and lets an admin in', async () => {
    const officer = client(rig);
    await officer.signIn('officer1');
    for (const page of [
      '/bureau/admin/schools',
      '/bureau/admin/accounts',
      '/bureau/admin/settings',
    ]) {
      const answer = await officer.get(page);
      expect(answer.status).toBe(403);
      expect(answer.body).toContain('此页面仅限管理员使用');
    }
    const post = await officer.post('/bureau/admin/schools', {
      action: 'add-school',
      schoolId: 'X1',
      name: '越权学校',
    });
    expect(post.status).toBe(403);
    expect(await listSchools(rig.pool)).toEqual([]);
    expect(officer.jar.size).toBe(1);
    const admin = client(rig);
    await admin.signIn('admin1');
    expect((await admin.get('/bureau/admin/schools')).status).toBe(200);
  });

  it('refuses a POST from another origin, or with none, and changes nothing', async () => {
    const admin = client(rig);
    await admin.signIn('admin1');
    const form = { action: 'add-school', schoolId: 'X2', name: '伪造学校' };
    for (const origin of ['http://evil.example', null]) {
      const answer = await admin.post('/bureau/admin/schools', form, origin);
      expect(answer.status).toBe(403);
      expect(answer.body).toContain('请求来源不符');
    }
    expect(await listSchools(rig.pool)).toEqual([]);
    const same = await admin.post('/bureau/admin/schools', form);
    expect(same.location).toBe('/bureau/admin/schools?done=school-added&id=X2');
    expect((await listSchools(rig.pool)).map((school) => school.name)).toEqual(['伪造学校']);
  });

  it('signs in behind a TLS proxy that says the address the browser used', async () => {
    const post = (origin: string) =>
      fetch(`${rig.url}/bureau/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Origin: origin,
          'X-Forwarded-Proto': 'https',
          'X-Forwarded-Host': 'edu.example.gov.cn',
        },
        body: new URLSearchParams({ username: 'officer1', password: 'correct horse battery' }),
      });
    expect((await post('https://evil.example')).status).toBe(403);
    const answer = await post('https://edu.example.gov.cn');
    expect(answer.status).toBe(303);
    expect(answer.headers.getSetCookie().join('\n')).toMatch(/bureau_session=[^;]+;.*; Secure/);
  });

  it('registers a gate, issues its secret once, and says why a duplicate is refused', async () => {
    const admin = client(rig);
    await admin.signIn('admin1');
    await admin.post('/bureau/admin/schools', {
      action: 'add-gate',
      schoolId: 'X2',
      gateId: 'east',
      name: '东门',
    });
    const issued = await admin.post('/bureau/admin/schools', {
      action: 'issue',
      schoolId: 'X2',
      gateId: 'east',
    });
    expect(issued.status).toBe(200);
    const secret = /data-testid="secret">([\w-]{43})</.exec(issued.body)?.[1];
    expect(secret).toBeDefined();
    // No --public-url: the address is worked out from the page's, and the page says so.
    expect(issued.body).toContain(rig.url);
    expect(issued.body).toContain('--public-url');
    const gate = await rig.pool.query<{ secret_sealed: Buffer }>(
      "SELECT secret_sealed FROM gates WHERE gate_id = 'east'",
    );
    expect(
      rig.keyring.open(gate.rows[0]?.secret_sealed ?? Buffer.alloc(0), gateContext('X2', 'east')),
    ).toBe(secret);
    // Shown once: the page after does not hold it.
    expect((await admin.get('/bureau/admin/schools')).body).not.toContain(secret);
    const duplicate = await admin.post('/bureau/admin/schools', {
      action: 'add-gate',
      schoolId: 'X2',
      gateId: 'east',
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body).toContain('该门岗编号已存在');
  });

  it('lets an admin add an officer and set the deadline; refuses a bad one in words', async () => {
    const admin = client(rig);
    await admin.signIn('admin1');
    const short = await admin.post('/bureau/admin/accounts', {
      action: 'add',
      username: 'officer2',
      role: 'officer',
      password: 'short',
    });
    expect(short.status).toBe(400);
    expect(short.body).toContain('密码太短');
    const added = await admin.post('/bureau/admin/accounts', {
      action: 'add',
      username: 'officer2',
      displayName: '张老师',
      role: 'officer',
      password: 'a long enough password',
    });
    expect(added.location).toBe('/bureau/admin/accounts?done=added&id=officer2');
    expect((await client(rig).signIn('officer2', 'a long enough password')).status).toBe(303);
    const bad = await admin.post('/bureau/admin/settings', { deadline: '25:00' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('请按 时:分 填写');
    await admin.post('/bureau/admin/settings', { deadline: '17:30' });
    const value = await rig.pool.query("SELECT value FROM settings WHERE name = 'report-deadline'");
    expect(value.rows[0]).toEqual({ value: '17:30' });
  });
});

describe('the account command', () => {
  it('adds the first admin with the password from a file or DISTRICT_PASSWORD, never the command line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bureau-account-'));
    const file = path.join(dir, 'password');
    writeFileSync(file, 'first admin password\n', { mode: 0o600 });
    expect(
      await accountCommand(rig.pool, ['add', 'root', '--role', 'admin', '--password-file', file]),
    ).toContain('root (admin) added');
    expect((await client(rig).signIn('root', 'first admin password')).status).toBe(303);
    await expect(accountCommand(rig.pool, ['password', 'root', '--password', 'x'])).rejects.toThrow(
      /not taken on the command line/,
    );
    process.env.DISTRICT_PASSWORD = 'second admin password';
    try {
      await accountCommand(rig.pool, ['password', 'root']);
    } finally {
      delete process.env.DISTRICT_PASSWORD;
    }
    expect((await client(rig).signIn('root', 'second admin password')).status).toBe(303);
    await accountCommand(rig.pool, ['disable', 'root']);
    expect((await client(rig).signIn('root', 'second admin password')).status).toBe(401);
  });
});
