// A school hub and one gate as separate processes, looked at in Chromium: the gate's guard
// station says how old its copy of the roster is (名单更新于 …), the hub's console lists the gate
// under 校门 with its contact and devices, and the gate's console refuses a policy change in
// words that send the admin to the hub. Once the gate is revoked, its station tells the guard to
// call the office and the hub marks it revoked. Screenshots at the station's two sizes in both
// languages (test-results/e2e-school-hub-*.png).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as enroll } from '../../cli/hub-enroll';
import { launchBrowser } from '../rigs/browser';
import { kioskApi, setUpAccounts, signIn, testAccounts, useSession } from '../rigs/kiosk-api';
import { repoRoot, spawnKiosk, type KioskChild } from '../rigs/kiosk-process';
import { waitFor } from '../rigs/wait-for';

const gateId = 'north-gate';
const wait = { timeout: 20_000 };
const shots = path.join(repoRoot, 'test-results');
const sizes = [
  { width: 1920, height: 1080 },
  { width: 1080, height: 1920 },
] as const;
const languages = ['zh-CN', 'en'] as const;

let work: string;
let hub: KioskChild | undefined;
let gate: KioskChild | undefined;
let browser: Browser | undefined;
let adminToken: string;
let hubDir: string;

interface SeenStatus {
  hub?: { state: string; syncedAt: string | null };
  gates?: { id: string; lastContactAt: string | null; health: object | null }[];
}

async function statusOf(child: KioskChild): Promise<SeenStatus> {
  const response = await fetch(`${child.url}/api/status`);
  return (await response.json()) as SeenStatus;
}

/** `npm run hub:enroll` with these arguments for the gate; answers what it printed. */
async function enrollCli(...args: string[]): Promise<string> {
  let printed = '';
  const said: string[] = [];
  const code = await enroll(['--data-dir', hubDir, '--gate', gateId, ...args], {
    out: (line) => (printed += `${line}\n`),
    error: (line) => said.push(line),
  });
  if (code !== 0) throw new Error(`hub:enroll failed: ${said.join('\n')}`);
  return printed;
}

/** The gate process, its hub long-poll short, so that it stops at once. */
async function startGate(hubSection: object): Promise<KioskChild> {
  const dataDir = path.join(work, gateId);
  await mkdir(dataDir, { recursive: true });
  const configFile = path.join(work, `${gateId}.json`);
  await writeFile(
    configFile,
    JSON.stringify({ gate: { id: gateId, name: '北门' }, hub: hubSection }),
  );
  const before = process.env.KIOSK_HUB_WAIT_SECONDS;
  process.env.KIOSK_HUB_WAIT_SECONDS = '2';
  try {
    return await spawnKiosk(dataDir, configFile);
  } finally {
    if (before === undefined) delete process.env.KIOSK_HUB_WAIT_SECONDS;
    else process.env.KIOSK_HUB_WAIT_SECONDS = before;
  }
}

async function openPage(
  url: string,
  size: (typeof sizes)[number],
  language: (typeof languages)[number],
  token?: string,
): Promise<Page> {
  if (browser === undefined) throw new Error('no browser');
  const page = await browser.newPage({ viewport: size });
  await page.addInitScript((lang) => localStorage.setItem('kiosk.language', lang), language);
  if (token !== undefined) await useSession(page, token);
  await page.goto(url);
  return page;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kiosk-e2e-school-hub-'));
  hubDir = path.join(work, 'hub');
  await mkdir(hubDir, { recursive: true });
  const hubConfig = path.join(work, 'hub.json');
  await writeFile(hubConfig, JSON.stringify({ gate: { id: 'office', name: '办公室' } }));
  hub = await spawnKiosk(hubDir, hubConfig, ['--hub']);
  adminToken = (await setUpAccounts(kioskApi(hub.url))).admin;
  const printed = await enrollCli('--url', hub.url);
  gate = await startGate((JSON.parse(printed) as { hub: object }).hub);
  const started = gate;
  await waitFor(
    () => statusOf(started),
    (status) => status.hub?.state === 'online' && status.hub.syncedAt !== null,
    { timeoutMs: 20_000, what: 'the gate to copy the hub' },
  );
  const atHub = hub;
  await waitFor(
    () => statusOf(atHub),
    (status) => status.gates?.some((seen) => seen.id === gateId && seen.health !== null) ?? false,
    { timeoutMs: 20_000, what: 'the hub to hear from the gate' },
  );
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  const gateCode = await gate?.stop();
  const hubCode = await hub?.stop();
  await rm(work, { recursive: true, force: true });
  expect(gateCode).toBe(0);
  expect(hubCode).toBe(0);
});

describe('the school hub on screen', () => {
  it.each(languages)(
    'shows the roster’s age at the gate and the gate at the hub (%s)',
    async (language) => {
      const synced = language === 'zh-CN' ? '名单更新于' : 'Roster as of';
      const title = language === 'zh-CN' ? '校门' : 'Gates';
      await mkdir(shots, { recursive: true });
      for (const size of sizes) {
        const name = `${language}-${size.width}x${size.height}`;
        const station = await openPage(`${gate?.url}/#guard`, size, language);
        const line = station.getByTestId('hub-status');
        await line.waitFor(wait);
        expect(await line.getAttribute('data-state')).toBe('online');
        expect(await line.innerText()).toContain(synced);
        await station.screenshot({ path: path.join(shots, `e2e-school-hub-station-${name}.png`) });
        await station.close();

        const console = await openPage(`${hub?.url}/#admin/devices`, size, language, adminToken);
        const row = console.locator(`[data-testid="hub-gate"][data-gate="${gateId}"]`);
        await row.waitFor(wait);
        expect(await console.getByTestId('gates-panel').locator('h2').innerText()).toBe(title);
        expect(await row.getAttribute('data-silent')).toBe('false');
        expect(await row.getAttribute('data-revoked')).toBe('false');
        await console.screenshot({ path: path.join(shots, `e2e-school-hub-console-${name}.png`) });
        await console.close();
      }
    },
  );

  it('refuses a policy change at the gate in words that send the admin to the hub', async () => {
    if (gate === undefined) throw new Error('no gate');
    const { username, secret } = testAccounts.admin;
    // The hub's accounts reach the gate with its roster; the admin signs in there as at the hub.
    const token = await signIn(kioskApi(gate.url), username, secret);
    const page = await openPage(`${gate.url}/#admin/policy`, sizes[0], 'zh-CN', token);
    await page.getByTestId('policy-current').waitFor(wait);
    await page.getByTestId('policy-save').click();
    const message = page.getByTestId('policy-message');
    await expect.poll(() => message.innerText(), wait).toContain('此项由学校中心统一管理');
    await page.screenshot({ path: path.join(shots, 'e2e-school-hub-gate-at-hub.png') });
    await page.close();
  });

  // Last: a revoked gate stays refused.
  it('tells the guard to call the office once the hub refuses the gate, and marks it at the hub', async () => {
    await enrollCli('--revoke');
    for (const [language, size] of [
      ['zh-CN', sizes[1]],
      ['en', sizes[0]],
    ] as const) {
      const name = `${language}-${size.width}x${size.height}`;
      const station = await openPage(`${gate?.url}/#guard`, size, language);
      const refused = station.getByTestId('hub-refused');
      await refused.waitFor(wait);
      expect(await refused.innerText()).toContain(
        language === 'zh-CN' ? '请致电办公室' : 'call the office',
      );
      await station.screenshot({ path: path.join(shots, `e2e-school-hub-refused-${name}.png`) });
      await station.close();

      const console = await openPage(`${hub?.url}/#admin/devices`, size, language, adminToken);
      const row = console.locator(`[data-testid="hub-gate"][data-gate="${gateId}"]`);
      await row.getByTestId('gate-revoked').waitFor(wait);
      expect(await row.getAttribute('data-silent')).toBe('false');
      await console.screenshot({ path: path.join(shots, `e2e-school-hub-revoked-${name}.png`) });
      await console.close();
    }
  });
});
