// The gate in epidemic mode in Chromium, the kiosk started as the README says with the policy
// from its config file: a pupil's card typed by the wedge scanner, the questions answered on the
// touch screen, the health code confirmed by the signed-in guard in the guard panel (no online
// verifier configured), a normal reading, pass; then pupils held by their status (needs a
// return-to-school certificate, isolating): the display facing the queue says only "please wait
// here, a teacher is coming" in calm amber with a soft chime, in both languages, portrait and
// landscape, while the guard sees the status, why, who set it and when, and what to do.
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

function setStatus(card: string, status: string, reason: string, by: string, at: string): void {
  const db = new Database(path.join(work, 'kiosk.db'));
  db.prepare(
    `UPDATE people SET status = ?, status_reason = ?, status_set_by = ?, status_set_at = ?
       WHERE card = ?`,
  ).run(status, reason, by, at, card);
  db.close();
}

/** What each side says of a pupil held for a certificate; the reason is the register's words. */
const holdWords = {
  'zh-CN': {
    title: '请在这里等一下',
    line: '老师马上来帮你。',
    hidden: ['不能通行', '请到保安处', '复课', '因病'],
    status: '需复课证明',
    reason: '因病缺勤，自 2026-12-03',
    setAtIso: '2026-12-05T02:00:00.000Z',
    setAt: '2026-12-05 10:00',
    advice: '请学生在旁等候，联系校医或班主任；校医登记复课证明后即可通行。',
  },
  en: {
    title: 'Please wait here',
    line: 'A teacher is coming to help you.',
    hidden: ['cannot', 'guard', 'certificate', '因病'],
    status: 'Needs return-to-school certificate',
    reason: '因病缺勤，自 2026-12-04',
    setAtIso: '2026-12-06T01:30:00.000Z',
    setAt: '2026-12-06 09:30',
    advice:
      'Ask the pupil to wait aside and call the school doctor or class teacher; once the doctor records the certificate, the pupil passes.',
  },
};

declare global {
  interface Window {
    playedTones?: number[];
  }
}

/**
 * The display facing the queue (no one signed in) or the guard's station (#guard), in a
 * language; the display's sounds are recorded (each tone's pitch) instead of played.
 */
async function openFace(
  face: 'display' | 'station',
  [width, height]: readonly [number, number],
  language: 'zh-CN' | 'en',
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  if (face === 'station') await useSession(page, guardToken);
  await page.addInitScript((lang) => {
    localStorage.setItem('kiosk.language', lang);
    window.playedTones = [];
    const played = window.playedTones;
    const node = () => ({ connect: (next: unknown) => next, disconnect: () => undefined });
    // A stand-in for WebAudio: the result's tones are scheduled on it and their pitch kept.
    class RecordingAudio {
      state = 'running';
      currentTime = 0;
      destination = {};
      resume = () => Promise.resolve();
      createOscillator = () => ({
        ...node(),
        frequency: { setValueAtTime: (hertz: number) => played.push(hertz) },
        start: () => undefined,
        stop: () => undefined,
        addEventListener: () => undefined,
      });
      createGain = () => ({
        ...node(),
        gain: { setValueAtTime: () => undefined, linearRampToValueAtTime: () => undefined },
      });
    }
    Object.defineProperty(window, 'AudioContext', { value: RecordingAudio });
  }, language);
  // A result stays up about 3 s; the page's clock then stands still, so that each face can be
  // read and shot while it shows (events from the kiosk still arrive and render).
  await page.clock.install();
  await page.goto(`${kiosk.url}/${face === 'station' ? '#guard' : ''}`);
  await page.locator(`[data-loaded="true"][data-language="${language}"]`).waitFor();
  // The page's own clock: the test's may lag behind it.
  const pageNow = await page.evaluate(() => Date.now());
  await page.clock.pauseAt(pageNow + 2000);
  return page;
}

/**
 * The hold is whole on screen, nothing runs off the side, its words are as large as the
 * result's always were, and in portrait the calm line sits in the lower half, where a pupil of
 * 110 cm looks.
 */
async function expectHoldFits(page: Page): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 0, height: 0 };
  const box = await page.getByTestId('result').boundingBox();
  expect(box).not.toBeNull();
  expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);
  expect((box?.y ?? 0) + (box?.height ?? Infinity)).toBeLessThanOrEqual(viewport.height);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  const fontSize = (selector: string) =>
    page.locator(selector).evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
  expect(await fontSize('.result-headline')).toBeGreaterThanOrEqual(117.5);
  expect(await fontSize('.result-hold-line')).toBeGreaterThanOrEqual(54);
  if (viewport.height > viewport.width) {
    const line = await page.locator('.result-hold-line').boundingBox();
    expect(line?.y ?? 0).toBeGreaterThan(viewport.height / 2);
  }
}

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

  it('holds an isolating pupil; the guard sees why, who set it and what to do', async () => {
    setStatus('S2026002', 'isolating', '密接者，居家观察', '管理员', new Date().toISOString());

    const page = await openKiosk();
    await scannerTypes(page, 'S2026002');
    const result = page.getByTestId('result');
    await expect.poll(() => result.getAttribute('data-decision'), poll).toBe('deny');
    expect(await result.getAttribute('data-face')).toBe('hold');
    expect(await result.innerText()).toContain('请在这里等一下');
    expect(await result.innerText()).not.toContain('密接');
    expect(await result.innerText()).not.toContain('隔离');
    const status = page.getByTestId('guard-status');
    await expect.poll(() => status.innerText(), poll).toContain('居家隔离中');
    expect(await status.innerText()).toContain('密接者，居家观察');
    expect(await status.innerText()).toContain('管理员');
    expect(await status.innerText()).toContain('校医登记复课证明后即可通行');
    await page.screenshot({ path: shot('e2e-gate-flow-guard-status.png') });
    await page.close();
  });

  for (const language of ['zh-CN', 'en'] as const) {
    it(`holds a pupil who needs a return-to-school certificate (${language})`, async () => {
      const words = holdWords[language];
      setStatus('S2026004', 'needs-certificate', words.reason, '周校医', words.setAtIso);
      const faces = {
        portrait: await openFace('display', [1080, 1920], language),
        landscape: await openFace('display', [1920, 1080], language),
        station: await openFace('station', [1920, 1080], language),
      };
      await api.op('scan', { text: 'S2026004', source: 'wedge' });

      for (const [name, page] of [
        ['1080x1920', faces.portrait],
        ['1920x1080', faces.landscape],
      ] as const) {
        const result = page.getByTestId('result');
        await expect.poll(() => result.getAttribute('data-face'), poll).toBe('hold');
        expect(await result.getAttribute('data-decision')).toBe('deny');
        const text = await result.innerText();
        for (const word of [words.title, words.line, '刘浩然']) expect(text).toContain(word);
        // Nothing about health or the refusal on the screen the queue can read.
        for (const word of [...words.hidden, words.reason, '周校医']) {
          expect(text).not.toContain(word);
        }
        await expectHoldFits(page);
        await page.screenshot({ path: shot(`e2e-gate-hold-display-${name}-${language}.png`) });
      }
      // The display chimes softly; the refusal's low buzzer (330 Hz) is not heard.
      expect(await faces.portrait.evaluate(() => window.playedTones)).toEqual([784, 659]);

      const { station } = faces;
      const now = station.getByTestId('station-now');
      await expect.poll(() => now.getAttribute('data-face'), poll).toBe('hold');
      expect(await now.innerText()).toContain(words.status);
      const status = station.getByTestId('guard-status');
      await expect.poll(() => status.innerText(), poll).toContain(words.status);
      const notice = await status.innerText();
      for (const word of [words.reason, '周校医', words.setAt, words.advice]) {
        expect(notice).toContain(word);
      }
      const row = station.getByTestId('recent-row').first();
      await expect.poll(() => row.innerText(), poll).toContain(words.status);
      await station.screenshot({ path: shot(`e2e-gate-hold-station-1920x1080-${language}.png`) });
      for (const page of Object.values(faces)) await page.close();
    }, 120_000);
  }

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
