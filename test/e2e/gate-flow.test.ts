// The gate in epidemic mode in Chromium, the kiosk started as the README says with the policy
// from its config file: a pupil's card typed by the wedge scanner, the questions answered on the
// touch screen, the health code confirmed by the signed-in guard in the guard panel (no online
// verifier configured), a normal reading, pass; then an isolating pupil refused, with the guard
// seeing why and who set the status while the screen tells the pupil only to see the guard.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../rigs/browser';
import { kioskApi, setUpAccounts, useSession, type KioskApi } from '../rigs/kiosk-api';
import { repoRoot, startKioskServer, type KioskProcess } from '../rigs/kiosk-server';

const everyone = ['student', 'staff', 'visitor'];
const poll = { timeout: 20_000 };

let work: string;
let kiosk: KioskProcess;
let api: KioskApi;
let guardToken: string;
let browser: Browser;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kiosk-e2e-gate-flow-'));
  kiosk = await startKioskServer(work, {
    gate: { id: 'east', name: '东门' },
    policy: {
      mode: 'epidemic',
      required: {
        ordinary: { temperature: everyone, healthCode: [], questions: ['visitor'] },
        epidemic: { temperature: everyone, healthCode: everyone, questions: everyone },
      },
    },
  });
  api = kioskApi(kiosk.url);
  guardToken = (await setUpAccounts(api)).guard;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  const code = await kiosk?.stop();
  await rm(work, { recursive: true, force: true });
  expect(code).toBe(0);
});

async function openKiosk(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await useSession(page, guardToken);
  await page.goto(kiosk.url);
  await page.locator('[data-loaded="true"]').waitFor();
  // Signed in as a guard, the station folds out beside the stage: wait for it before scanning.
  await page.getByTestId('station-panel').waitFor();
  return page;
}

/** Keys as a wedge scanner sends them: all at once, then Enter (see gate-check.test.ts). */
async function scannerTypes(page: Page, text: string): Promise<void> {
  // The page's first touch or key unlocks audio, which can take long enough to split the
  // burst; on a real kiosk that happened hours ago, so it happens first here too.
  await page.evaluate(() => window.dispatchEvent(new PointerEvent('pointerdown')));
  await page.evaluate((keys) => {
    for (const key of [...keys, 'Enter']) {
      window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    }
  }, text);
}

const shot = (name: string) => path.join(repoRoot, 'test-results', name);

describe('the gate in epidemic mode', () => {
  it('lets a pupil in after the questions, the guard-confirmed health code and 36.6 °C', async () => {
    const page = await openKiosk();
    await scannerTypes(page, 'S2026001');
    const prompt = page.getByTestId('prompt');
    await expect.poll(() => prompt.getAttribute('data-state'), poll).toBe('answers');
    await expect.poll(() => prompt.innerText(), poll).toContain('发热、咳嗽');
    await page.screenshot({ path: shot('e2e-gate-flow-questions.png') });

    for (const id of ['symptoms', 'travel', 'contact']) {
      await page.getByTestId(`answer-${id}-no`).click();
    }
    await page.getByTestId('answers-confirm').click();
    await expect.poll(() => prompt.getAttribute('data-state'), poll).toBe('health-code-guard');
    const confirm = page.getByTestId('guard-health-code');
    await expect.poll(() => confirm.innerText(), poll).toContain('王小明');
    await page.screenshot({ path: shot('e2e-gate-flow-guard-health-code.png') });

    await page.getByTestId('confirm-health-green').click();
    await expect.poll(() => prompt.getAttribute('data-state'), poll).toBe('temperature');
    await api.op('simulateReading', { celsius: 36.6 });
    const result = page.getByTestId('result');
    await expect.poll(() => result.getAttribute('data-decision'), poll).toBe('pass');
    const [entry] = await api.op<{ answers: unknown; healthCode: unknown }[]>('recentEntries', {
      limit: 1,
    });
    expect(entry).toMatchObject({
      answers: { symptoms: 'no', travel: 'no', contact: 'no' },
      healthCode: { result: 'green', method: 'guard', by: '王保安' },
    });
    await page.close();
  });

  it('refuses an isolating pupil; the guard sees why and who set it', async () => {
    const db = new Database(path.join(work, 'kiosk.db'));
    db.prepare(
      `UPDATE people SET status = 'isolating', status_reason = ?, status_set_by = ?,
         status_set_at = ? WHERE card = ?`,
    ).run('密接者，居家观察', '管理员', new Date().toISOString(), 'S2026002');
    db.close();

    const page = await openKiosk();
    await scannerTypes(page, 'S2026002');
    const result = page.getByTestId('result');
    await expect.poll(() => result.getAttribute('data-decision'), poll).toBe('deny');
    expect(await result.innerText()).toContain('请到保安处');
    expect(await result.innerText()).not.toContain('密接');
    const status = page.getByTestId('guard-status');
    await expect.poll(() => status.innerText(), poll).toContain('居家隔离');
    expect(await status.innerText()).toContain('密接者，居家观察');
    expect(await status.innerText()).toContain('管理员');
    await page.screenshot({ path: shot('e2e-gate-flow-guard-status.png') });
    await page.close();
  });

  it('takes a health-code QR shown before or after the card as a health code, never as a card', async () => {
    const code = 'https://h5.dingtalk.com/healthAct/index.html?qrCode=V1b2c3d4e5f6&v=2';
    const entries = async () => (await api.op<unknown[]>('recentEntries', { limit: 50 })).length;
    const before = await entries();
    const page = await openKiosk();
    const prompt = page.getByTestId('prompt');
    // Before the card: the screen asks for the card, and nothing is written.
    await scannerTypes(page, code);
    await expect.poll(() => page.getByTestId('health-code-held').count(), poll).toBe(1);
    expect(await prompt.getAttribute('data-state')).toBe('identity');
    await page.screenshot({ path: shot('e2e-gate-flow-health-code-first.png') });
    expect(await entries()).toBe(before);
    // The card, the answers; then the code again after the card: still nobody refused.
    await scannerTypes(page, 'S2026003');
    await expect.poll(() => prompt.getAttribute('data-state'), poll).toBe('answers');
    for (const id of ['symptoms', 'travel', 'contact']) {
      await page.getByTestId(`answer-${id}-no`).click();
    }
    await page.getByTestId('answers-confirm').click();
    await expect.poll(() => prompt.getAttribute('data-state'), poll).toBe('health-code-guard');
    await scannerTypes(page, code);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await prompt.getAttribute('data-state')).toBe('health-code-guard');
    expect(await entries()).toBe(before);
    await page.getByTestId('confirm-health-green').click();
    await api.op('simulateReading', { celsius: 36.5 });
    const result = page.getByTestId('result');
    await expect.poll(() => result.getAttribute('data-decision'), poll).toBe('pass');
    expect(await entries()).toBe(before + 1);
    await page.close();
  });
});
