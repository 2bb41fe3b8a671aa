// The gate screen opened from another computer in server mode (behind a proxy on this PC, so
// Chromium on this machine counts as another computer): it asks for an admin sign-in instead of
// showing errors; after the admin signs in, the same window shows the gate screen.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../rigs/browser';
import { kioskApi, setUpAccounts, testAccounts } from '../rigs/kiosk-api';
import { repoRoot, startKioskServer, type KioskProcess } from '../rigs/kiosk-server';

let work: string;
let kiosk: KioskProcess | undefined;
let browser: Browser;
let page: Page;

const wait = { timeout: 20_000 };
const gate = { id: 'east', name: '东门' };

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kiosk-e2e-remote-'));
  // The first admin is made on the kiosk itself, as a school would.
  const local = await startKioskServer(work, { gate });
  await setUpAccounts(kioskApi(local.url));
  expect(await local.stop()).toBe(0);
  kiosk = await startKioskServer(work, { gate, server: { behindProxy: true } });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  const code = await kiosk?.stop();
  await rm(work, { recursive: true, force: true });
  expect(code).toBe(0);
});

describe('the gate screen from another computer', () => {
  it('asks for a sign-in instead of showing errors, then shows the gate', async () => {
    await page.goto(`${kiosk?.url}/`);
    const notice = page.getByTestId('remote-sign-in');
    await notice.waitFor(wait);
    expect(await notice.innerText()).toContain('需要先以管理员身份登录');
    expect(await page.locator('[role="alert"]').count()).toBe(0);
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'e2e-remote-gate.png') });

    await page.getByTestId('remote-sign-in-link').click();
    await page.getByTestId('sign-in').waitFor(wait);
    await page.getByTestId('admin-username').fill(testAccounts.admin.username);
    await page.getByTestId('admin-password').fill(testAccounts.admin.secret);
    await page.getByTestId('admin-submit').click();
    await page.getByTestId('admin-area').waitFor(wait);

    await page.goto(`${kiosk?.url}/#`);
    await page.locator('.gate[data-loaded="true"]').waitFor(wait);
    expect(await page.getByTestId('remote-sign-in').count()).toBe(0);
    expect(await page.locator('.gate').innerText()).toContain(gate.name);
  });
});
