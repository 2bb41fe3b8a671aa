// The bureau's pages in Debian's Chromium, against the district service on a private
// PostgreSQL with a fixed clock (16:31 Beijing, a minute after the deadline): signing in,
// today's page with a silent school and a late one (at 1920×1080 and 1366×768), acknowledging
// a fever alert, a school's day, the missing records, English, and an admin issuing a secret.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAccount } from '../../district/bureau/accounts';
import { createBureau } from '../../district/bureau/bureau';
import { startDistrictService, type DistrictService } from '../../district/service/server';
import { keyringFromKey } from '../../district/service/secrets';
import {
  beijingAt,
  seedRecords,
  seedReport,
  seedSchool,
  type BureauRig,
} from '../integration/district-bureau/bureau-rig';
import { launchBrowser } from '../rigs/browser';
import { startPostgres, type PostgresCluster } from '../rigs/postgres';

const day = '2027-03-15';
const north = {
  schoolId: '4403050001',
  gateId: 'north',
  installationId: '6f1c2a8e-3b0d-4f5e-9a7c-2d8e1f0b4c6a',
};
const results = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results');
const shot = (name: string) => path.join(results, `e2e-district-${name}.png`);
const poll = { timeout: 10_000 };
const password = 'correct horse battery';

let cluster: PostgresCluster;
let service: DistrictService;
let browser: Browser;
const clock = { now: beijingAt(day, '16:31:00').getTime() };

beforeAll(async () => {
  cluster = await startPostgres();
  const keyring = keyringFromKey(randomBytes(32));
  const [databaseUrl, launched] = await Promise.all([
    cluster.createDatabase('bureau'),
    launchBrowser(),
  ]);
  browser = launched;
  service = await startDistrictService({
    databaseUrl,
    keyring,
    now: () => clock.now,
    sweepSeconds: 0,
    bureau: createBureau,
    // Behind the bureau's proxy: the secret page must give the kiosks this address.
    publicUrl: 'https://edu.example.gov.cn/gate',
  });
  const { pool } = service;
  // A bureau whose deadline is 16:30 (one of R8's examples), set as on its settings page.
  await pool.query("UPDATE settings SET value = '16:30' WHERE name = 'report-deadline'");
  // The seeding helpers want the rig's pool, keyring and clock only.
  const rig = { pool, keyring, clock } as unknown as BureauRig;
  await seedSchool(rig, { schoolId: '4403050001', name: '南山区第一中学', area: '南山区' }, [
    { gateId: 'north', name: '北门' },
    { gateId: 'south', name: '南门' },
  ]);
  await seedSchool(rig, { schoolId: '4403050002', name: '南山实验小学', area: '南山区' }, [
    { gateId: 'main', name: '正门' },
  ]);
  await seedSchool(rig, { schoolId: '4403050003', name: '蛇口育才小学', area: '南山区' }, [
    { gateId: 'east', name: '东门' },
    { gateId: 'west' },
  ]);
  await seedSchool(rig, { schoolId: '4403050004', name: '桃源中学', area: '南山区' }, [
    { gateId: 'gate-1', name: '校门' },
  ]);
  await seedReport(pool, {
    ...north,
    date: day,
    firstReceivedAt: beijingAt(day, '16:12:40'),
    receivedAt: beijingAt(day, '16:25:02'),
    versions: 2,
    entries: 9,
    retests: 2,
    feverCases: 1,
    unresolvedRetests: 1,
    sequence: [100, 112],
  });
  await seedReport(pool, {
    schoolId: '4403050001',
    gateId: 'south',
    installationId: '0b7c9d2e-1111-4a2b-8c3d-4e5f60718293',
    date: day,
    firstReceivedAt: beijingAt(day, '16:30:01'),
    entries: 3,
    sequence: [1, 3],
  });
  await seedReport(pool, {
    schoolId: '4403050002',
    gateId: 'main',
    installationId: '1c8d0e3f-2222-4b3c-9d4e-5f6071829304',
    date: day,
    firstReceivedAt: beijingAt(day, '15:58:10'),
    sequence: null,
  });
  await seedReport(pool, {
    schoolId: '4403050004',
    gateId: 'gate-1',
    installationId: '2d9e1f40-3333-4c4d-ae5f-607182930415',
    date: day,
    firstReceivedAt: beijingAt(day, '16:05:00'),
    entries: 0,
    sequence: null,
  });
  const at = (time: string) => beijingAt(day, time);
  await seedRecords(pool, day, north, [
    { sequence: 100, at: at('07:30:05') },
    {
      sequence: 101,
      at: at('07:31:10'),
      decision: 'retest',
      name: '张伟',
      reasons: ['temperature-high'],
      celsius: 37.6,
    },
    {
      sequence: 102,
      at: at('07:36:00'),
      follows: 101,
      name: '张伟',
      reasons: ['temperature-normal-on-retest'],
      celsius: 36.9,
    },
    {
      sequence: 103,
      at: at('07:40:12'),
      decision: 'retest',
      name: '李雷',
      className: '初二(3)班',
      reasons: ['temperature-high'],
      celsius: 37.5,
    },
    {
      sequence: 104,
      at: at('07:45:30'),
      decision: 'refer',
      name: '韩梅梅',
      className: '初一(2)班',
      reasons: ['fever-confirmed'],
      celsius: 38.2,
    },
    { sequence: 106, at: at('08:00:00'), name: '王芳' },
    { sequence: 109, at: at('08:10:00'), name: '刘洋' },
    { sequence: 110, at: at('08:11:00'), name: '陈静', idNumber: null },
    { sequence: 112, at: at('08:12:00'), name: '赵磊' },
  ]);
  await pool.query(
    `INSERT INTO alerts (kind, school_id, gate_id, day, record_id, detail, raised_at)
     VALUES ('fever', $1, 'north', $2, $3, $4, $5)`,
    [
      '4403050001',
      day,
      `${north.installationId}:104`,
      {
        name: '韩梅梅',
        className: '初一(2)班',
        celsius: 38.2,
        gateId: 'north',
        at: at('07:45:30').toISOString(),
        reasons: ['fever-confirmed'],
      },
      at('07:45:31'),
    ],
  );
  // The silent school's alert, as the service's minute sweep raises it.
  await createBureau({ pool, keyring, now: () => clock.now }).sweep();
  await addAccount(
    pool,
    { username: 'officer1', displayName: '李娜', role: 'officer', password },
    'test',
    clock.now,
  );
  await addAccount(
    pool,
    { username: 'admin1', displayName: '王建国', role: 'admin', password },
    'test',
    clock.now,
  );
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await service?.close();
  await cluster?.destroy();
});

// One signed-in browser context per role, each test a new page of it.
const contexts = new Map<string, BrowserContext>();

async function signIn(username: string): Promise<Page> {
  const known = contexts.get(username);
  if (known) {
    const page = await known.newPage();
    await page.goto(`${service.url}/bureau/`);
    return page;
  }
  // As a bureau's PC is set up: Chinese, Beijing time (the date field shows 2027/03/15).
  const context = await browser.newContext({
    viewport: { width: 1920, height: 1080 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  contexts.set(username, context);
  const page = await context.newPage();
  await page.goto(`${service.url}/bureau/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  if (contexts.size === 1) await page.screenshot({ path: shot('sign-in') });
  await page.getByTestId('sign-in').click();
  await page.waitForURL(`${service.url}/bureau/`);
  return page;
}

describe('the bureau’s pages in Chromium', () => {
  it('shows who has not reported at 16:31, problems first, at 1920×1080 and 1366×768', async () => {
    const page = await signIn('officer1');
    const count = (status: string) => page.getByTestId(`count-${status}`).locator('.n').innerText();
    expect(await count('silent')).toBe('2');
    expect(await count('late')).toBe('1');
    expect(await count('sent')).toBe('1');
    expect(await count('zero')).toBe('2');
    const schools = await page.locator('tbody.school th.who a').allInnerTexts();
    expect(schools).toEqual(['蛇口育才小学', '南山区第一中学', '南山实验小学', '桃源中学']);
    expect(await page.getByTestId('gate-4403050003-west').innerText()).toContain('west');
    expect(await page.getByTestId('open-alerts').innerText()).toBe('2');
    await page.screenshot({ path: shot('today'), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.screenshot({ path: shot('today-1366') });
    await page.close();
  });

  it('acknowledges the fever alert with a note', async () => {
    const page = await signIn('officer1');
    await page.getByTestId('nav-alerts').click();
    const fever = page.locator('li.alert.k-fever');
    expect(await fever.innerText()).toContain('韩梅梅');
    await page.screenshot({ path: shot('alerts'), fullPage: true });
    await fever.getByRole('textbox').fill('已电话联系校医，学生已送医');
    await fever.getByRole('button').click();
    await expect.poll(() => page.getByTestId('alert-message').innerText(), poll).toBe('已确认');
    // Who acknowledged it, by name.
    expect(await page.getByTestId('acknowledged-alert-list').innerText()).toContain('李娜');
    expect(await page.getByTestId('open-alerts').innerText()).toBe('1');
    await page.close();
  });

  it('opens a school’s day in one click, and the missing records', async () => {
    const page = await signIn('officer1');
    await page.getByRole('link', { name: '南山区第一中学' }).click();
    await page.waitForURL(/\/bureau\/schools\/4403050001$/);
    expect(await page.locator('h1').innerText()).toContain('南山区第一中学 · 2027年3月15日 星期一');
    expect(await page.getByTestId('records').innerText()).toContain('110***********002X');
    expect(await page.getByTestId('missing').innerText()).toContain('105, 107–108, 111');
    await page.screenshot({ path: shot('school'), fullPage: true });
    await page.getByTestId('nav-missing').click();
    await page.waitForURL(/\/bureau\/missing$/);
    expect(await page.getByTestId('missing').innerText()).toContain('105, 107–108, 111');
    await page.screenshot({ path: shot('missing'), fullPage: true });
    await page.getByTestId('nav-fever').click();
    expect(await page.getByTestId('referrals').innerText()).toContain('38.2 ℃');
    await page.screenshot({ path: shot('fever'), fullPage: true });
    await page.close();
  });

  it('switches to English and stays there', async () => {
    const page = await signIn('officer1');
    await page.getByTestId('switch-language').click();
    await expect
      .poll(() => page.locator('h1').innerText(), poll)
      .toBe('Reports for Mon 15 Mar 2027');
    expect(await page.getByTestId('count-silent').innerText()).toContain('Silent');
    await page.getByTestId('nav-alerts').click();
    expect(await page.locator('h1').innerText()).toBe('Alerts');
    await page.getByTestId('nav-today').click();
    await page.screenshot({ path: shot('today-en'), fullPage: true });
    await page.getByTestId('switch-language').click();
    await expect.poll(() => page.locator('h1').innerText(), poll).toContain('上报情况');
    await page.close();
  });

  it('lets an admin issue a gate’s secret, shown once with what to type into the kiosk', async () => {
    const page = await signIn('admin1');
    await page.getByTestId('nav-admin').click();
    const gateForm = page.getByTestId('add-gate');
    await gateForm.getByRole('combobox').selectOption('4403050004');
    await gateForm.getByLabel('门岗编号').fill('back');
    await gateForm.getByLabel('门岗名称（可不填）').fill('后门');
    await gateForm.getByRole('button').click();
    await expect
      .poll(() => page.getByTestId('admin-message').innerText(), poll)
      .toBe('已添加门岗 back');
    await page.getByTestId('issue-4403050004-back').click();
    const secret = await page.getByTestId('secret').innerText();
    expect(secret).toMatch(/^[\w-]{43}$/);
    const issued = await page.getByTestId('issued-secret').innerText();
    expect(issued).toContain('4403050004');
    expect(issued).toContain('https://edu.example.gov.cn/gate');
    expect(issued).not.toContain('--public-url');
    await page.screenshot({ path: shot('admin-secret'), fullPage: true });
    await page.goto(`${service.url}/bureau/admin/schools`);
    expect(await page.content()).not.toContain(secret);
    await page.close();
  });
});
