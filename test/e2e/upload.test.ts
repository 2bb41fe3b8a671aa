// The upload as the guard and the admin see it, in Chromium against the kiosk started as the
// README says and the reference district receiver: the status bar counts what waits and says
// when all is sent; a district that refuses a batch as malformed shows the batch and its reason
// in the settings screen, where "send again" delivers it once the district takes it; a 200
// without a receipt, a wrong address and a district clock that is off are each said in words
// (which clock, by how much), and the upload goes on by itself once the district is fixed.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDistrictReceiver, type DistrictReceiver } from '../district/receiver';
import { signInAsAdmin } from '../rigs/admin-sign-in';
import { launchBrowser } from '../rigs/browser';
import { openStation } from '../rigs/e2e-kiosk';
import { repoRoot, startKioskServer, type KioskProcess } from '../rigs/kiosk-server';

const secret = 'e2e-district-secret-0123';
let work: string;
let district: DistrictReceiver;
let kiosk: KioskProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kiosk-e2e-upload-'));
  await mkdir(path.join(work, 'district'));
  district = await startDistrictReceiver({ dataDir: path.join(work, 'district'), secret });
  kiosk = await startKioskServer(work, {
    gate: { id: 'west', name: '西门' },
    district: {
      url: district.url,
      schoolId: 'school-e2e',
      secret,
      timeoutSeconds: 2,
      batchMaxWaitSeconds: 0,
      stoppedRetrySeconds: 2,
    },
  });
  browser = await launchBrowser();
  page = await openStation(browser, kiosk.url);
});

afterAll(async () => {
  await browser?.close();
  const code = await kiosk?.stop();
  await district?.close();
  await rm(work, { recursive: true, force: true });
  expect(code).toBe(0);
});

/** A card at the gate (scanning itself is the gate-check tests' subject, not this one's). */
async function wedge(card: string): Promise<void> {
  const response = await fetch(`${kiosk.url}/api/op/scan`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: kiosk.url },
    body: JSON.stringify({ text: card, source: 'wedge' }),
  });
  expect(response.status).toBe(200);
}

describe('upload at the gate', () => {
  it('counts what waits and says when everything is sent', async () => {
    const status = page.getByTestId('upload-status');
    await wedge('UNKNOWN-1');
    await expect.poll(() => district.stats().records, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => status.getAttribute('data-pending'), { timeout: 10_000 }).toBe('0');
    await expect.poll(() => status.innerText(), { timeout: 10_000 }).toContain('已全部上传');
  });

  it('shows a batch the district sent back, with its reason, and sends it again', async () => {
    district.setFault({ kind: 'status', status: 400 });
    await wedge('UNKNOWN-2');
    const status = page.getByTestId('upload-status');
    await expect.poll(() => status.innerText(), { timeout: 10_000 }).toContain('被退回');
    await page.getByTestId('open-settings').click();
    await signInAsAdmin(page);
    const setAside = page.getByTestId('upload-quarantine');
    await expect.poll(() => setAside.innerText(), { timeout: 10_000 }).toContain('1 条');
    await page.screenshot({
      path: path.join(repoRoot, 'test-results', 'e2e-upload-quarantine.png'),
    });
    district.setFault(null);
    await setAside.getByRole('button').first().click();
    await expect.poll(() => district.stats().records, { timeout: 10_000 }).toBe(2);
    // The panel refreshes every 2 s (and on each upload event): give a loaded machine time.
    const panel = { timeout: 10_000 };
    await expect.poll(() => page.getByTestId('upload-pending').innerText(), panel).toBe('0');
    await expect
      .poll(() => page.getByTestId('upload-last-error').getAttribute('data-code'), panel)
      .toBe('');
    await page.getByTestId('back-to-gate').click();
  });

  it('says what is wrong in words, which clock and by how much, and recovers by itself', async () => {
    const status = page.getByTestId('upload-status');
    const words = () => status.innerText();
    const wait = { timeout: 15_000 };
    // A captive portal answers 200 with its login page: nothing is marked sent.
    district.setFault({ kind: 'answer', status: 200, body: '<html>校园网认证</html>' });
    await wedge('UNKNOWN-3');
    await expect.poll(words, wait).toContain('教育局服务器应答了，但没有收条');
    expect(await status.getAttribute('data-pending')).toBe('1');
    // The district moved its receiver: 404 stops the upload, which says the address is wrong.
    district.setFault({ kind: 'answer', status: 404, body: 'Not Found' });
    await expect.poll(words, wait).toContain('教育局地址有误');
    expect(await status.getAttribute('data-state')).toBe('stopped');
    await expect.poll(words, wait).toMatch(/已停止上传，\d{2}:\d{2}(:\d{2})? 自动再试/);
    // The district's clock is 7 minutes 12 seconds slow.
    district.setFault({ kind: 'clock', offsetMs: -432_000 });
    await expect.poll(words, wait).toMatch(/本机时钟比教育局服务器快 7 分 1[123] 秒/);
    await page.screenshot({
      path: path.join(repoRoot, 'test-results', 'e2e-upload-clock.png'),
    });
    expect(district.stats().records).toBe(2);
    // The district fixes its clock; nobody touches the kiosk.
    district.setFault(null);
    await expect.poll(() => district.stats().records, wait).toBe(3);
    await expect.poll(words, wait).toContain('已全部上传');
  });
});
