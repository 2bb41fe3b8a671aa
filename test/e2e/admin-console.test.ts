// The admin's path through the console in Chromium, the kiosk started as the README says: a
// roster .xlsx with a wrong ID number is refused row by row and nothing is imported; corrected,
// it is previewed, imported and listed; one person is set isolating with a reason; after a
// check at the gate, the day's .xlsx is downloaded with full ID numbers and read back; a guard
// account is created; and the audit log shows the export with full numbers.
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryColumns } from '../../backend/export/export-labels';
import { rosterTemplateHeaders } from '../../backend/roster/roster-template';
import { launchBrowser } from '../rigs/browser';
import { kioskApi, setUpAccounts, useSession, type KioskApi } from '../rigs/kiosk-api';
import { repoRoot, startKioskServer, type KioskProcess } from '../rigs/kiosk-server';

let work: string;
let kiosk: KioskProcess;
let api: KioskApi;
let admin: string;
let browser: Browser;
let page: Page;

const wait = { timeout: 20_000 };
const shot = (name: string) =>
  page.screenshot({ path: path.join(repoRoot, 'test-results', `e2e-admin-${name}.png`) });

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kiosk-e2e-admin-'));
  kiosk = await startKioskServer(work, { gate: { id: 'north', name: '北门' } });
  api = kioskApi(kiosk.url);
  admin = (await setUpAccounts(api)).admin;
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1100 }, acceptDownloads: true });
  await useSession(page, admin);
});

afterAll(async () => {
  await browser?.close();
  const code = await kiosk?.stop();
  await rm(work, { recursive: true, force: true });
  expect(code).toBe(0);
});

/** A roster workbook in the template's columns, ID numbers as text as the template keeps them. */
async function rosterXlsx(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名单');
  sheet.addRow([...rosterTemplateHeaders]);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const grade3 = [
  ['E1001', '钱多多', '学生', '三年级5班', '11010519491231002X'],
  ['E1002', '孙悟净', '学生', '三年级5班', '110105201701190577'],
  ['E1003', '周小芳', '学生', '三年级5班', '110101201709300683'],
];

async function chooseRoster(rows: string[][]): Promise<void> {
  await page.getByTestId('roster-file').setInputFiles({
    name: '三年级5班.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await rosterXlsx(rows),
  });
}

describe('the admin console', () => {
  it('refuses a bad row, then imports the corrected roster and sets a status', async () => {
    await page.goto(`${kiosk.url}/#admin/roster`);
    await page.getByTestId('roster-screen').waitFor(wait);

    // The second person's ID number has a wrong check digit (…0578, not …0577).
    const bad = grade3.map((row) => [...row]);
    (bad[1] as string[])[4] = '110105201701190578';
    await chooseRoster(bad);
    const refused = page.getByTestId('roster-refused');
    await expect.poll(() => refused.innerText(), wait).toContain('第 3 行');
    expect(await refused.innerText()).toContain('校验码');
    expect(await refused.innerText()).not.toContain('110105201701190578');
    expect(await page.getByTestId('roster-import').count()).toBe(0);
    await shot('roster-refused');
    const none = await api.op<{ total: number }>(
      'listPeople',
      { query: 'E100', limit: 10, offset: 0 },
      admin,
    );
    expect(none.total).toBe(0);

    await chooseRoster(grade3);
    await expect
      .poll(() => page.getByTestId('roster-counts').innerText(), wait)
      .toContain('新增 3 人');
    await expect.poll(() => page.getByTestId('roster-added').innerText()).toContain('钱多多');
    await shot('roster-preview');
    await page.getByTestId('roster-import').click();
    await expect
      .poll(() => page.getByTestId('roster-message').innerText(), wait)
      .toContain('新增 3 人');

    await page.getByTestId('people-search').fill('三年级5班');
    const rows = page.locator('[data-testid="person-row"]');
    await expect.poll(() => rows.count(), wait).toBe(3);
    const first = page.locator('[data-testid="person-row"][data-card="E1001"]');
    await first.getByTestId('person-set-status').click();
    await first.getByTestId('status-save').click();
    await expect.poll(() => first.innerText()).toContain('请填写原因');
    await first.getByTestId('status-choice').selectOption('isolating');
    await first.getByTestId('status-reason').fill('密接，居家隔离至12月1日');
    await first.getByTestId('status-save').click();
    const status = first.getByTestId('person-status');
    await expect.poll(() => status.innerText(), wait).toContain('隔离中');
    expect(await status.innerText()).toContain('居家隔离');
    expect(await first.innerText()).toContain('管理员 (admin)');
    await shot('roster-people');
  });

  it('downloads the day with full ID numbers, audited, after a check at the gate', async () => {
    await api.op('scan', { text: 'E1002', source: 'manual' });
    await api.op('simulateReading', { celsius: 36.6 });
    await expect
      .poll(async () => {
        const entries = await api.op<{ cardText: string }[]>('recentEntries', { limit: 5 });
        return entries.map((entry) => entry.cardText);
      }, wait)
      .toContain('E1002');

    await page.goto(`${kiosk.url}/#admin/export`);
    await page.getByTestId('export-screen').waitFor(wait);
    await page.getByTestId('export-full-id').check();
    await shot('export');
    const [download] = await Promise.all([
      page.waitForEvent('download', wait),
      page.getByTestId('export-download').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^出入记录-\d{4}-\d{2}-\d{2}-完整证件号\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(await readFile(await download.path())).buffer);
    const sheet = workbook.worksheets[0];
    const column = (key: string) => entryColumns.findIndex((entry) => entry.key === key) + 1;
    const row = sheet?.getRow(2);
    expect(sheet?.rowCount).toBe(2);
    expect(row?.getCell(column('card')).value).toBe('E1002');
    expect(row?.getCell(column('name')).value).toBe('孙悟净');
    expect(row?.getCell(column('idNumber')).value).toBe('110105201701190577');

    await page.goto(`${kiosk.url}/#admin/audit`);
    const exported = page.locator('[data-testid="audit-row"][data-action="exportDay"]');
    // A sentence, not the recorded JSON: the day, and that the ID numbers were in full.
    await expect.poll(() => exported.first().innerText(), wait).toContain('含完整身份证号');
    expect(await exported.first().innerText()).not.toMatch(/fullIdNumbers|[{}]/);
    expect(await exported.first().getAttribute('data-detail')).toContain('"fullIdNumbers":true');
    expect(await exported.first().innerText()).not.toContain('110105201701190577');
    await shot('audit');
  });

  it('creates a guard account, refusing a PIN that is too short', async () => {
    await page.goto(`${kiosk.url}/#admin/accounts`);
    await page.getByTestId('accounts-screen').waitFor(wait);
    await page.getByTestId('account-username').fill('zhao');
    await page.getByTestId('account-display-name').fill('赵保安');
    await page.getByTestId('account-secret').fill('12');
    await page.getByTestId('account-create').click();
    // Refused at its field, with the rule.
    await expect
      .poll(() => page.getByTestId('account-secret-problem').innerText(), wait)
      .toContain('4 到 8 位数字');
    await page.getByTestId('account-secret').fill('1357');
    await page.getByTestId('account-create').click();
    const zhao = page.locator('[data-testid="account-row"][data-username="zhao"]');
    await expect.poll(() => zhao.count(), wait).toBe(1);
    expect(await zhao.innerText()).toContain('保安');
    await shot('accounts');
    const signedIn = await api.op<{ actor: { role: string } }>('signIn', {
      username: 'zhao',
      secret: '1357',
    });
    expect(signedIn.actor.role).toBe('guard');
  });
});
