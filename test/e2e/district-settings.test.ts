// The district's settings and 立即上传 on the settings screen, in Chromium against the kiosk as
// its own process: with no district, 立即上传 says so; a wrong address and a short secret are
// both marked at once; saved settings show the secret only as 已设置 and say a restart is due.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eKiosk, stopE2eKiosk } from '../rigs/e2e-kiosk';
import { useSession } from '../rigs/kiosk-api';
import { repoRoot, type KioskProcess } from '../rigs/kiosk-server';

const secret = 'e2e-district-secret-0123';
let work: string;
let kiosk: KioskProcess;
let browser: Browser;
let admin: string;
const poll = { timeout: 20_000 };

beforeAll(async () => {
  const started = await startE2eKiosk('district-settings', { gate: { id: 'west', name: '西门' } });
  ({ work, kiosk, browser } = started);
  admin = started.tokens.admin;
});

afterAll(async () => {
  expect(await stopE2eKiosk({ browser, kiosk, work })).toBe(0);
});

describe('the upload settings screen', () => {
  it('says what 立即上传 did and saves the district’s settings, the secret write-only', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await useSession(page, admin);
    await page.goto(`${kiosk.url}/#admin/devices`);
    await page.getByTestId('upload-now').click();
    await expect
      .poll(() => page.getByTestId('upload-note').innerText(), poll)
      .toContain('未配置教育局地址');

    const form = page.getByTestId('district-settings');
    await form.getByTestId('district-url').fill('edu.example.cn/gate');
    await form.getByTestId('district-secret').fill('short');
    await form.getByTestId('district-save').click();
    const problem = (field: string) => form.getByTestId(`district-problem-${field}`);
    await expect.poll(() => problem('url').count(), poll).toBe(1);
    expect(await problem('url').innerText()).toContain('https://');
    expect(await problem('schoolId').innerText()).toBe('请填写这一项');
    expect(await problem('secret').innerText()).toContain('16');

    await form.getByTestId('district-url').fill('https://edu.example.cn/gate');
    await form.getByTestId('district-schoolId').fill('school-e2e');
    await form.getByTestId('district-secret').fill(secret);
    await form.getByTestId('district-save').click();
    await expect
      .poll(() => form.getByTestId('district-note').innerText(), poll)
      .toContain('重启程序后生效');
    expect(await form.getByTestId('district-restart').count()).toBe(1);
    // Never filled back in: the field is empty and says a secret is set.
    expect(await form.getByTestId('district-secret').inputValue()).toBe('');
    expect(await form.getByTestId('district-secret').getAttribute('placeholder')).toContain(
      '已设置',
    );
    expect(await page.content()).not.toContain(secret);
    const config = JSON.parse(await readFile(path.join(work, 'config.json'), 'utf8')) as {
      district: object;
    };
    expect(config.district).toMatchObject({ schoolId: 'school-e2e', secret });
    await form.screenshot({
      path: path.join(repoRoot, 'test-results', 'e2e-district-settings.png'),
    });
    await page.close();
  });
});
