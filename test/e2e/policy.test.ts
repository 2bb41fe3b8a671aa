// The admin's policy screen in Chromium against the kiosk as its own process: a threshold the
// school cannot use (39.5, 37.25) is refused next to its field and saves nothing; 37.0 in the
// epidemic mode is saved as version 2 once the switch is confirmed, shown in the history, and the gate's status bar shows it.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eKiosk, stopE2eKiosk } from '../rigs/e2e-kiosk';
import { useSession, type KioskApi } from '../rigs/kiosk-api';
import { repoRoot, type KioskProcess } from '../rigs/kiosk-server';

let work: string;
let kiosk: KioskProcess;
let api: KioskApi;
let browser: Browser;
let admin: string;
const poll = { timeout: 20_000 };

beforeAll(async () => {
  const started = await startE2eKiosk('policy', { gate: { id: 'south', name: '南门' } });
  ({ work, kiosk, api, browser } = started);
  admin = started.tokens.admin;
});

afterAll(async () => {
  expect(await stopE2eKiosk({ browser, kiosk, work })).toBe(0);
});

describe('the policy screen', () => {
  it('refuses a bad threshold, saves 37.0 in epidemic mode as a new version, and the gate shows it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await useSession(page, admin);
    await page.goto(`${kiosk.url}/#admin/policy`);
    const threshold = page.getByTestId('policy-feverThreshold');
    await expect.poll(() => threshold.inputValue(), poll).toBe('37.3');
    const save = page.getByTestId('policy-save');
    const fieldError = page.locator('.policy-field', { has: threshold }).getByRole('alert');

    await threshold.fill('39.5');
    await save.click();
    await expect.poll(() => fieldError.innerText(), poll).toContain('34.0 到 39.0');
    await threshold.fill('37.25');
    await save.click();
    await expect.poll(() => fieldError.innerText(), poll).toContain('0.1');
    await expect.poll(() => page.getByTestId('policy-message').innerText()).toContain('未保存');
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'e2e-policy-refused.png') });
    expect(await api.op<unknown[]>('policyVersions', { limit: 10 }, admin)).toHaveLength(1);

    await threshold.fill('37.0');
    await expect.poll(() => fieldError.count(), poll).toBe(0);
    await page.getByTestId('policy-mode-epidemic').click();
    await expect
      .poll(() => page.getByTestId('policy-mode-warning').innerText(), poll)
      .toContain('健康码');
    await page.getByTestId('policy-mode-epidemic').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'e2e-policy-epidemic.png') });
    // A switch of mode asks once more: the first tap saves nothing.
    await save.click();
    await expect.poll(() => save.innerText()).toBe('确认切换到「疫情期间」？');
    expect(await api.op<unknown[]>('policyVersions', { limit: 10 }, admin)).toHaveLength(1);
    await save.click();
    await expect
      .poll(() => page.getByTestId('policy-message').innerText(), poll)
      .toContain('第 2 版');
    const newest = page.getByTestId('policy-version-2');
    await expect.poll(() => newest.getAttribute('data-state'), poll).toBe('in-effect');
    await expect.poll(() => newest.innerText()).toContain('37.0');
    await expect.poll(() => newest.innerText()).toContain('疫情期间');
    await expect.poll(() => fieldError.count()).toBe(0);
    await page.screenshot({
      path: path.join(repoRoot, 'test-results', 'e2e-policy-screen.png'),
      fullPage: true,
    });

    const gate = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    // The guard's station shows the threshold in force (the display facing the queue does not).
    await gate.goto(`${kiosk.url}/#guard`);
    await expect.poll(() => gate.getByTestId('threshold').innerText(), poll).toContain('37.0');
    await gate.close();
    await page.close();
  });
});
