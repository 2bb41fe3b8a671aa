// The gate's two faces in Chromium, the kiosk started as the README says: the display facing
// the queue shows nobody's name, temperature or status but the current person's; the guard's
// station (#guard) shows the rest. Each face at the gate's four sizes in both languages is
// compared with a committed screenshot (test/e2e/baselines/faces/), and its regions must have
// height, fit the width, and keep the stage still when a reading arrives.
// Baselines are made on this machine's kind (Debian's Chromium, fonts-noto-cjk):
//   UPDATE_BASELINES=1 npx vitest run test/e2e/faces.test.ts
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../rigs/browser';
import { kioskApi, setUpAccounts, useSession, type KioskApi } from '../rigs/kiosk-api';
import { repoRoot, startKioskServer, type KioskProcess } from '../rigs/kiosk-server';

const baselines = path.join(repoRoot, 'test', 'e2e', 'baselines', 'faces');
const update = process.env.UPDATE_BASELINES === '1';
const sizes = [
  [1920, 1080],
  [1080, 1920],
  [1366, 768],
  [1280, 800],
] as const;
const languages = ['zh-CN', 'en'] as const;
/** Who was checked before the display was opened: none of it may show there. */
const others = ['王小明', '李思雨', '刘浩然', '36.6', '37.8', '家长报告发烧'];

let work: string;
let kiosk: KioskProcess;
let api: KioskApi;
let guard: string;
let browser: Browser;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kiosk-e2e-faces-'));
  kiosk = await startKioskServer(work, {
    gate: { id: 'south', name: '南门' },
    policy: { retestWaitSeconds: 600 },
  });
  api = kioskApi(kiosk.url);
  guard = (await setUpAccounts(api)).guard;
  const db = new Database(path.join(work, 'kiosk.db'));
  db.prepare(
    `UPDATE people SET status = 'isolating', status_reason = ?, status_set_by = '李老师',
       status_set_at = '2026-12-05T02:00:00.000Z' WHERE card = 'S2026004'`,
  ).run('家长报告发烧，居家隔离至12月9日');
  db.close();
  for (const [card, celsius] of [
    ['S2026001', 36.6],
    ['S2026002', 37.8],
  ] as const) {
    await api.op('scan', { text: card, source: 'wedge' });
    await api.op('simulateReading', { celsius });
  }
  await api.op('scan', { text: 'S2026004', source: 'wedge' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  const code = await kiosk?.stop();
  await rm(work, { recursive: true, force: true });
  expect(code).toBe(0);
});

async function open(
  face: 'display' | 'station',
  [width, height]: readonly [number, number],
  language: (typeof languages)[number] = 'zh-CN',
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  if (face === 'station') await useSession(page, guard);
  await page.addInitScript((lang) => localStorage.setItem('kiosk.language', lang), language);
  await page.goto(`${kiosk.url}/${face === 'station' ? '#guard' : ''}`);
  await page.locator('[data-loaded="true"]').waitFor();
  if ((await page.locator('[data-language]').getAttribute('data-language')) !== language) {
    await page.getByTestId('language-switch').first().click();
    await page.locator(`[data-language="${language}"]`).waitFor();
  }
  if (face === 'station') {
    await page.getByTestId('retest-row').first().waitFor();
    // The recent checks load (all at once) after the status: wait before reading or shooting.
    await expect.poll(() => page.getByTestId('recent-row').count()).toBeGreaterThanOrEqual(3);
  }
  return page;
}

describe('the display facing the queue', () => {
  it("shows no one else's name, temperature or status, in either orientation", async () => {
    for (const size of [sizes[0], sizes[1]]) {
      const page = await open('display', size);
      const text = await page.locator('body').innerText();
      for (const word of others) expect(text).not.toContain(word);
      expect(await page.getByTestId('recent').count()).toBe(0);
      expect(await page.getByTestId('last-reading').count()).toBe(0);
      await page.close();
    }
    const station = await open('station', sizes[0]);
    const text = await station.locator('body').innerText();
    for (const word of ['王小明', '李思雨', '36.6', '37.8']) expect(text).toContain(word);
    await station.close();
  });

  it("shows the current person's own result, with a headline as large as before", async () => {
    const page = await open('display', sizes[0]);
    await api.op('scan', { text: 'S2026003', source: 'wedge' });
    await api.op('simulateReading', { celsius: 36.5 });
    const result = page.getByTestId('result');
    await expect.poll(() => result.getAttribute('data-decision')).toBe('pass');
    expect(await result.innerText()).toContain('张子涵');
    const size = await page
      .locator('.result-headline')
      .evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
    expect(size).toBeGreaterThanOrEqual(117.5); // 118 px (9.5vmin × 1.15) at 1080p, as before
    await page.close();
  });
});

describe('both faces at the gate sizes, in both languages', () => {
  for (const face of ['display', 'station'] as const) {
    for (const size of sizes) {
      for (const language of languages) {
        const name = `${face}-${size[0]}x${size[1]}-${language}`;
        it(name, async () => {
          const page = await open(face, size, language);
          await expectLayoutHolds(page, face);
          await expectLooksLikeBaseline(page, name);
          await page.close();
        });
      }
    }
  }
});

/** Regions with height, nothing wider than the window, and a stage that a reading does not move. */
async function expectLayoutHolds(page: Page, face: 'display' | 'station'): Promise<void> {
  const regions =
    face === 'display'
      ? ['display-bar', 'camera', 'prompt']
      : ['station-now', 'status-bar', 'guard-panel', 'recent'];
  for (const region of regions) {
    const box = await page.getByTestId(region).first().boundingBox();
    expect(box?.height ?? 0, `${region} has height`).toBeGreaterThan(0);
  }
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  const watched = face === 'display' ? 'prompt' : 'guard-panel';
  const before = await page.getByTestId(watched).boundingBox();
  await api.op('simulateReading', { celsius: 24.5 });
  await expect.poll(() => page.getByTestId(watched).boundingBox()).toEqual(before);
}

/** Things that change by the minute (times, countdowns, free space) are hidden first. */
const moving = [
  '.recent-time',
  '[data-testid="last-reading"]',
  '[data-testid="retest-wait"]',
  '[data-testid="storage-status"]',
  '[data-testid="upload-status"]',
];

async function expectLooksLikeBaseline(page: Page, name: string): Promise<void> {
  // Through the CSSOM: the page's content security policy refuses a <style> element.
  await page.evaluate((selectors) => {
    for (const element of document.querySelectorAll<HTMLElement>(selectors.join(', '))) {
      element.style.visibility = 'hidden';
    }
  }, moving);
  await page.evaluate(() => document.fonts.ready);
  const shot = await page.screenshot({ animations: 'disabled', caret: 'hide' });
  mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
  writeFileSync(path.join(repoRoot, 'test-results', `face-${name}.png`), shot);
  const file = path.join(baselines, `${name}.png`);
  if (update) {
    mkdirSync(baselines, { recursive: true });
    writeFileSync(file, shot);
    return;
  }
  expect(existsSync(file), `baseline ${file} (make it with UPDATE_BASELINES=1)`).toBe(true);
  const changed = differingShare(PNG.sync.read(readFileSync(file)), PNG.sync.read(shot));
  expect(changed, `${name}: share of pixels unlike the baseline`).toBeLessThan(0.01);
}

/** The share of pixels whose colour moved by more than a little (anti-aliasing stays under it). */
function differingShare(baseline: PNG, actual: PNG): number {
  if (baseline.width !== actual.width || baseline.height !== actual.height) return 1;
  let differing = 0;
  for (let index = 0; index < baseline.data.length; index += 4) {
    const delta = Math.max(
      Math.abs((baseline.data[index] ?? 0) - (actual.data[index] ?? 0)),
      Math.abs((baseline.data[index + 1] ?? 0) - (actual.data[index + 1] ?? 0)),
      Math.abs((baseline.data[index + 2] ?? 0) - (actual.data[index + 2] ?? 0)),
    );
    if (delta > 48) differing += 1;
  }
  return differing / (baseline.width * baseline.height);
}
