// The devices as the guard and the installer meet them, in Chromium against the kiosk started
// as the README says: a Heimann-style thermometer played by `npm run thermometer:sim` on a
// socat pair, and an LCUS-1 turnstile relay on another. Readings show on screen; pulling the
// thermometer out shows within seconds and it comes back by itself; a reading typed by the
// guard decides and opens the turnstile; the settings screen shows the raw bytes live, saves a
// calibration offset and tests the relay; an implausible reading asks to measure again.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAsAdmin } from '../rigs/admin-sign-in';
import { launchBrowser } from '../rigs/browser';
import { openStation } from '../rigs/e2e-kiosk';
import { repoRoot, startKioskServer, type KioskProcess } from '../rigs/kiosk-server';
import { openSocatPair, type SocatPair } from '../rigs/socat-pair';
import { waitFor } from '../rigs/wait-for';

const run = promisify(execFile);

let work: string;
let thermometer: SocatPair;
let relay: SocatPair;
let kiosk: KioskProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kiosk-e2e-devices-'));
  await mkdir(path.join(work, 'thermometer'));
  await mkdir(path.join(work, 'relay'));
  thermometer = await openSocatPair(path.join(work, 'thermometer'), 5000, { playDevice: false });
  relay = await openSocatPair(path.join(work, 'relay'));
  kiosk = await startKioskServer(work, {
    gate: { id: 'east', name: '东门' },
    thermometer: { driver: 'heimann', path: thermometer.kioskPath },
    relay: { driver: 'lcus1', path: relay.kioskPath, pulseMs: 100 },
    // A reading counts for a card shown up to a second later: each test's card starts clean.
    policy: { readingFreshSeconds: 1 },
  });
  await waitFor(status, (current) => current.thermometer.connected, {
    timeoutMs: 15_000,
    what: 'the thermometer to connect',
  });
  browser = await launchBrowser();
  page = await openStation(browser, kiosk.url);
});

afterAll(async () => {
  await browser?.close();
  const code = await kiosk?.stop();
  await thermometer?.close();
  await relay?.close();
  await rm(work, { recursive: true, force: true });
  expect(code).toBe(0);
});

interface Status {
  thermometer: { connected: boolean; lastReading: { celsius: number } | null };
}

async function status(): Promise<Status> {
  const response = await fetch(`${kiosk.url}/api/status`);
  return (await response.json()) as Status;
}

/** `npm run thermometer:sim`, as the README shows it, on the device end of the pair. */
async function simulate(celsius: string, device = thermometer): Promise<void> {
  await run(
    'npm',
    [
      'run',
      '--silent',
      'thermometer:sim',
      '--',
      '--path',
      device.devicePath,
      '--driver',
      'heimann',
      '--celsius',
      celsius,
      '--interval-ms',
      '30',
    ],
    { cwd: repoRoot },
  );
}

/** A card typed by the wedge scanner, once the last test's readings are no longer fresh. */
async function wedge(card: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await page.keyboard.type(card, { delay: 5 });
  await page.keyboard.press('Enter');
}

function shot(name: string): Promise<Buffer> {
  return page.screenshot({ path: path.join(repoRoot, 'test-results', `e2e-devices-${name}.png`) });
}

describe('the devices at the gate', () => {
  it('shows the readings, the unplug within seconds, and the device back by itself', async () => {
    const thermometerStatus = page.getByTestId('thermometer-status');
    await expect.poll(() => thermometerStatus.getAttribute('data-connected')).toBe('true');
    await simulate('36.7');
    await expect.poll(() => page.getByTestId('last-reading').innerText()).toContain('36.7');

    await thermometer.close();
    const unplugged = Date.now();
    await expect
      .poll(() => thermometerStatus.getAttribute('data-connected'), { timeout: 5000 })
      .toBe('false');
    expect(Date.now() - unplugged).toBeLessThan(5000);
    await expect.poll(() => thermometerStatus.innerText()).toContain('未连接');
    await shot('unplugged');

    thermometer = await openSocatPair(path.join(work, 'thermometer'), 5000, { playDevice: false });
    await expect
      .poll(() => thermometerStatus.getAttribute('data-connected'), { timeout: 6000 })
      .toBe('true');
    await simulate('36.4');
    await expect.poll(() => page.getByTestId('last-reading').innerText()).toContain('36.4');
  });

  it('asks to measure again when the reading is not a body temperature', async () => {
    await wedge('S2026003');
    await expect
      .poll(() => page.getByTestId('prompt').getAttribute('data-state'))
      .toBe('temperature');
    await simulate('43.5');
    await expect
      .poll(() => page.getByTestId('prompt').getAttribute('data-state'))
      .toBe('remeasure');
    await expect.poll(() => page.getByTestId('remeasure').innerText()).toContain('43.5');
    await shot('remeasure');
    await page.getByTestId('cancel-check').click();
  });

  it('decides on a reading the guard types in, names the guard, and opens the turnstile', async () => {
    const before = relay.received().length;
    await wedge('S2026001');
    await expect
      .poll(() => page.getByTestId('prompt').getAttribute('data-state'))
      .toBe('temperature');
    await page.getByTestId('manual-celsius').fill('29.5');
    await page.getByTestId('manual-guard').fill('王师傅');
    await page.getByTestId('manual-submit').click();
    // 29.5 °C is refused on the screen; nothing is sent.
    await expect.poll(() => page.getByTestId('manual-note').innerText()).toContain('30 到 45');
    await page.getByTestId('manual-celsius').fill('36.8');
    await page.getByTestId('manual-instrument').selectOption('clinical');
    await page.getByTestId('manual-submit').click();
    await expect.poll(() => page.getByTestId('result').getAttribute('data-decision')).toBe('pass');
    const row = page.getByTestId('recent-row').first();
    await expect.poll(() => row.innerText()).toContain('手动');
    await expect.poll(() => row.innerText()).toContain('王师傅');
    await shot('manual-pass');
    await relay.waitForReceived(Uint8Array.of(0xa0, 0x01, 0x00, 0xa1), 3000);
    expect([...relay.received().subarray(before)]).toEqual([
      0xa0, 0x01, 0x01, 0xa2, 0xa0, 0x01, 0x00, 0xa1,
    ]);
  });

  it('shows the raw bytes live, saves a calibration offset, and tests the relay', async () => {
    await page.getByTestId('open-settings').click();
    await signInAsAdmin(page);
    await page.getByTestId('settings').waitFor();
    await simulate('36.2');
    // AA 55 06 24 02 2B is 36.2 °C in the Heimann frame.
    await expect
      .poll(() => page.getByTestId('live-bytes').innerText())
      .toContain('aa 55 06 24 02 2b');
    await expect.poll(() => page.getByTestId('live-reading').innerText()).toContain('36.2');

    await page.getByTestId('settings-offset').fill('abc');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('settings-message').innerText()).toContain('数字');
    // Out of range: said in words with the field's label, never zod's English or its path.
    await page.getByTestId('settings-offset').fill('4');
    await page.getByTestId('settings-save').click();
    await expect
      .poll(() => page.getByTestId('settings-message').innerText())
      .toBe('测温仪：“校准偏移 °C”不能大于 3');

    await page.getByTestId('settings-offset').fill('0.5');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('settings-message').innerText()).toContain('已保存');
    const config = JSON.parse(await readFile(path.join(work, 'config.json'), 'utf8'));
    expect(config).toMatchObject({
      gate: { id: 'east' },
      thermometer: { driver: 'heimann', offsetCelsius: 0.5 },
      relay: { driver: 'lcus1' },
    });
    await expect
      .poll(() => page.getByTestId('live-state').getAttribute('data-state'), { timeout: 6000 })
      .toBe('connected');
    await simulate('36.2');
    await expect.poll(() => page.getByTestId('live-reading').innerText()).toContain('36.7');

    const before = relay.received().length;
    await page.getByTestId('settings-test-relay').click();
    await expect
      .poll(() => page.getByTestId('settings-message').innerText())
      .toContain('闸机已打开');
    await relay.waitForReceived(Uint8Array.of(0xa0, 0x01, 0x00, 0xa1), 3000);
    expect(relay.received().length).toBeGreaterThan(before);
    await shot('settings');

    await page.getByTestId('back-to-gate').click();
    await page.getByTestId('status-bar').waitFor();
  });
});
