// A visitor at the gate in Chromium, the kiosk started as the README says: an admin approves an
// appointment over the API, the visitor shows the signed pass to the (fake) camera, answers the
// day's questions on the screen, is measured, passes, and is told where to go and until when;
// the same pass shown again when its one entry is used, and an altered copy, are refused.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../rigs/browser';
import { writeQrVideo } from '../rigs/fake-camera';
import { repoRoot, startKioskServer, type KioskProcess } from '../rigs/kiosk-server';

let work: string;
let kiosk: KioskProcess;
let session: string;
const browsers: Browser[] = [];

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kiosk-e2e-visitor-'));
  kiosk = await startKioskServer(work, { gate: { id: 'north', name: '北门' } });
  await op('createFirstAdmin', {
    username: 'li',
    displayName: '李老师',
    password: 'correct horse',
  });
  session = ((await op('signIn', { username: 'li', secret: 'correct horse' })) as { token: string })
    .token;
});

afterAll(async () => {
  await Promise.all(browsers.map((browser) => browser.close()));
  const code = await kiosk?.stop();
  await rm(work, { recursive: true, force: true });
  expect(code).toBe(0);
});

async function op(name: string, input: unknown, token?: string): Promise<unknown> {
  const response = await fetch(`${kiosk.url}/api/op/${name}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: kiosk.url,
      ...(token ? { 'x-kiosk-session': token } : {}),
    },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as unknown;
  if (!response.ok) throw new Error(`${name}: ${JSON.stringify(body)}`);
  return body;
}

/** An approved appointment for today, now to two hours from now, with one entry. */
async function approvedPass(): Promise<string> {
  const now = Date.now();
  const created = (await op(
    'createAppointment',
    {
      visitorName: '张伟',
      documentType: 'resident-id',
      documentNumber: '11010519491231002X',
      phone: '13800138000',
      host: '王老师',
      reason: '家长会',
      area: '教学楼A座',
      vehiclePlate: null,
      validFrom: new Date(now - 60_000).toISOString(),
      validTo: new Date(now + 2 * 3_600_000).toISOString(),
      entriesAllowed: 1,
    },
    session,
  )) as { id: string };
  const approved = (await op('approveAppointment', { id: created.id }, session)) as {
    passToken: string;
  };
  return approved.passToken;
}

/** A browser whose camera shows `text` as a QR code, one per person. */
async function showToCamera(text: string, name: string): Promise<Page> {
  const cameraFile = path.join(work, `${name}.y4m`);
  await writeQrVideo(cameraFile, text, { width: 1280, height: 720 });
  const browser = await launchBrowser({ cameraFile });
  browsers.push(browser);
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await page.goto(kiosk.url);
  await page.locator('[data-loaded="true"]').waitFor();
  return page;
}

describe('a visitor at the gate', () => {
  it('shows the pass, is measured, passes, and is told where to go and until when', async () => {
    const token = await approvedPass();
    const page = await showToCamera(token, 'visitor');
    await expect
      .poll(() => page.getByTestId('person').innerText(), { timeout: 20_000 })
      .toContain('张伟');
    // The day's questions, on the touch screen: no to each, then confirm.
    for (const id of ['symptoms', 'travel', 'contact']) {
      await page.getByTestId(`answer-${id}-no`).click();
    }
    await page.getByTestId('answers-confirm').click();
    await op('simulateReading', { celsius: 36.6 });
    const result = page.getByTestId('result');
    await expect.poll(() => result.getAttribute('data-decision')).toBe('pass');
    await expect.poll(() => page.getByTestId('visit-advice').innerText()).toContain('教学楼A座');
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'e2e-visitor-pass.png') });
    await page.context().browser()?.close();

    // Its one entry is used: shown again (after the repeat window), it is refused.
    await new Promise((resolve) => setTimeout(resolve, 5500));
    const again = await showToCamera(token, 'visitor-again');
    const refused = again.getByTestId('result');
    await expect
      .poll(() => refused.getAttribute('data-decision'), { timeout: 20_000 })
      .toBe('deny');
    await expect.poll(() => refused.innerText()).toContain('次数已用完');
    await again.context().browser()?.close();
  });

  it('refuses an altered pass as forged', async () => {
    const token = await approvedPass();
    const middle = Math.floor(token.length / 2);
    const altered = `${token.slice(0, middle)}${token[middle] === 'A' ? 'B' : 'A'}${token.slice(middle + 1)}`;
    const page = await showToCamera(altered, 'forged');
    const result = page.getByTestId('result');
    await expect.poll(() => result.getAttribute('data-decision'), { timeout: 20_000 }).toBe('deny');
    await expect.poll(() => result.innerText()).toContain('伪造或篡改');
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'e2e-visitor-forged.png') });
  });
});
