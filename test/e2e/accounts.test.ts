// The accounts page in Chromium, the kiosk started as the README says: while one admin can sign
// in the page warns; the admin disables a guard (signed out at once, the sign-in at the gate says
// the account is disabled), enables them again, resets the PIN, and the guard signs in with it.
// A username over 32 characters is kept as typed and refused at its field with its length. A
// school doctor's account (role health) is made with a password, as an admin's.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../rigs/browser';
import {
  kioskApi,
  setUpAccounts,
  testAccounts,
  useSession,
  type KioskApi,
} from '../rigs/kiosk-api';
import { repoRoot, startKioskServer, type KioskProcess } from '../rigs/kiosk-server';

let work: string;
let kiosk: KioskProcess;
let api: KioskApi;
let tokens: { admin: string; guard: string };
let browser: Browser;
let adminPage: Page;

const wait = { timeout: 20_000 };
const viewport = { width: 1920, height: 1080 };

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kiosk-e2e-accounts-'));
  kiosk = await startKioskServer(work, { gate: { id: 'east', name: '东门' } });
  api = kioskApi(kiosk.url);
  tokens = await setUpAccounts(api);
  browser = await launchBrowser();
  adminPage = await browser.newPage({ viewport });
  await useSession(adminPage, tokens.admin);
});

afterAll(async () => {
  await browser?.close();
  const code = await kiosk?.stop();
  await rm(work, { recursive: true, force: true });
  expect(code).toBe(0);
});

const guardRow = () => adminPage.locator('[data-testid="account-row"][data-username="guard"]');

/** The guard's sign-in at the gate, in a page of its own with no session. */
async function guardSignsIn(pin: string): Promise<Page> {
  const gate = await browser.newPage({ viewport });
  // The guard station (#guard); before it had a hash of its own the gate screen held the sign-in.
  await gate.goto(`${kiosk.url}/#guard`);
  await gate.getByTestId('guard-username').waitFor(wait);
  await gate.getByTestId('guard-username').fill(testAccounts.guard.username);
  await gate.getByTestId('guard-pin').fill(pin);
  await gate.getByTestId('guard-sign-in-submit').click();
  return gate;
}

describe('the accounts page', () => {
  it('disables a guard, enables them again and resets the PIN; warns while one admin is left', async () => {
    await adminPage.goto(`${kiosk.url}/#admin/accounts`);
    await guardRow().waitFor(wait);
    expect(await adminPage.getByTestId('accounts-one-admin').innerText()).toContain(
      '只有一个可登录的管理员',
    );
    // Oneself is never offered a button to disable or delete.
    const self = adminPage.locator('[data-testid="account-row"][data-username="admin"]');
    expect(await self.getByTestId('account-disable').count()).toBe(0);

    await guardRow().getByTestId('account-disable').click();
    await expect.poll(() => guardRow().getAttribute('data-disabled'), wait).toBe('true');
    expect(await guardRow().innerText()).toContain('已停用');
    expect(await api.op('whoAmI', {}, tokens.guard)).toBeNull();
    await adminPage.screenshot({ path: path.join(repoRoot, 'test-results', 'e2e-accounts.png') });

    const refused = await guardSignsIn(testAccounts.guard.secret);
    await expect
      .poll(() => refused.getByTestId('guard-sign-in-note').innerText(), wait)
      .toContain('已停用');
    await refused.close();

    await guardRow().getByTestId('account-enable').click();
    await expect.poll(() => guardRow().getAttribute('data-disabled'), wait).toBe('false');

    await guardRow().getByTestId('account-reset').click();
    await guardRow().getByTestId('account-new-secret').fill('97531');
    await guardRow().getByTestId('account-reset-save').click();
    await expect
      .poll(() => adminPage.getByTestId('account-row-message').innerText(), wait)
      .toContain('新的 PIN');

    const oldPin = await guardSignsIn(testAccounts.guard.secret);
    await expect
      .poll(() => oldPin.getByTestId('guard-sign-in-note').innerText(), wait)
      .toContain('PIN 码不对');
    await oldPin.close();
    const newPin = await guardSignsIn('97531');
    await expect
      .poll(() => newPin.getByTestId('guard-signed-in').innerText(), wait)
      .toContain(testAccounts.guard.displayName);
    await newPin.close();

    const actions = (
      await api.op<{ action: string }[]>('auditLog', { limit: 50 }, tokens.admin)
    ).map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(['disableAccount', 'enableAccount', 'resetSecret']),
    );
  });

  it('makes a school doctor’s account, with a password held to the admin’s rules', async () => {
    await adminPage.goto(`${kiosk.url}/#admin/accounts`);
    await guardRow().waitFor(wait);
    const role = adminPage.getByTestId('account-role');
    expect(await role.locator('option').allInnerTexts()).toEqual([
      '保安（PIN）',
      '健康管理（校医/班主任）',
      '管理员（密码）',
    ]);
    await role.selectOption('health');
    // The secret is a password now, as for an admin: its label, its keyboard and its rule.
    const secretField = adminPage.locator('label', {
      has: adminPage.getByTestId('account-secret'),
    });
    expect(await secretField.locator('span').first().innerText()).toBe('密码');
    expect(await adminPage.getByTestId('account-secret').getAttribute('inputmode')).toBe('text');
    await adminPage.getByTestId('account-username').fill('zhou');
    await adminPage.getByTestId('account-display-name').fill('周校医');
    await adminPage.getByTestId('account-secret').fill('2468');
    await adminPage.getByTestId('account-create').click();
    expect(await adminPage.getByTestId('account-secret-problem').innerText()).toBe(
      '密码至少 10 个字符。',
    );
    await adminPage.getByTestId('account-secret').fill('xiaoyi-2026!');
    await adminPage.getByTestId('account-create').click();
    const row = adminPage.locator('[data-testid="account-row"][data-username="zhou"]');
    await row.waitFor(wait);
    expect(await row.innerText()).toContain('健康管理（校医/班主任）');
    expect(await row.getByTestId('account-reset').innerText()).toBe('重设密码');
    await adminPage.screenshot({
      path: path.join(repoRoot, 'test-results', 'e2e-accounts-health.png'),
    });
    const doctor = await api.op<{ actor: { role: string } }>('signIn', {
      username: 'zhou',
      secret: 'xiaoyi-2026!',
    });
    expect(doctor.actor.role).toBe('health');
  });

  it('keeps a username over 32 characters as typed and says why it is refused', async () => {
    await adminPage.goto(`${kiosk.url}/#admin/accounts`);
    await guardRow().waitFor(wait);
    const long = 'a'.repeat(40);
    await adminPage.getByTestId('account-username').fill(long);
    await adminPage.getByTestId('account-display-name').fill('赵保安');
    await adminPage.getByTestId('account-secret').fill('1357');
    await adminPage.getByTestId('account-create').click();
    expect(await adminPage.getByTestId('account-username').inputValue()).toBe(long);
    expect(await adminPage.getByTestId('account-username-problem').innerText()).toContain('40');
    await adminPage.screenshot({
      path: path.join(repoRoot, 'test-results', 'e2e-accounts-too-long.png'),
    });
  });
});
