// A keyboard-wedge scanner used while the guard types in a field of the guard panel, in Chromium
// with the kiosk started as the README says: the card goes to the gate and its characters come
// back out of the field, caret and all; a person typing a card number slowly keeps it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../rigs/browser';
import { repoRoot, startKioskServer, type KioskProcess } from '../rigs/kiosk-server';

let work: string;
let kiosk: KioskProcess;
let browser: Browser;
const poll = { timeout: 20_000 };
/** A person at the keyboard: 120 ms a key, well over the detector's 35 ms mean. */
const personDelayMs = 120;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kiosk-e2e-wedge-'));
  // No roster given: the first run loads resources/demo-roster.csv (S2026001 and on).
  kiosk = await startKioskServer(work, { gate: { id: 'east', name: '东门' } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  const code = await kiosk?.stop();
  await rm(work, { recursive: true, force: true });
  expect(code).toBe(0);
});

async function cardOnStatus(): Promise<string | null | undefined> {
  const response = await fetch(`${kiosk.url}/api/status`);
  const status = (await response.json()) as { check: { cardText: string | null } | null };
  return status.check?.cardText;
}

/** The gate page at the kiosk's landscape size. */
async function gatePage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(kiosk.url);
  await page.locator('[data-loaded="true"]').waitFor();
  // The guard's tools and device status fold out on the display (a kiosk with one screen).
  await page.getByTestId('open-station').click();
  return page;
}

/** The courier form's fields are plain (uncontrolled) inputs. */
async function courierForm(): Promise<Page> {
  const page = await gatePage();
  await page.getByTestId('open-courier').click();
  return page;
}

/**
 * Keys as a wedge scanner sends them, 8 ms apart, then Enter. They are real key presses sent
 * through the DevTools protocol, so each character is typed into the focused field as the
 * hardware's are (key events dispatched in the page, as gate-check.test.ts sends them, type
 * nothing into a field, and the bug would not show). Each press carries the time it happened,
 * as the system stamps a USB keyboard's keys (Chromium makes it the event's timeStamp, which
 * the detector reads), and all are sent at once: a loaded machine delivering one key late
 * cannot stretch the burst into a person's typing. Playwright's own keyboard.type waits for
 * each key and stamps it on arrival; a loaded CI machine once took 200 ms between two.
 */
async function scannerTypes(page: Page, text: string, typedFirst = ''): Promise<void> {
  if (!/^[A-Za-z0-9]+$/.test(text + typedFirst)) {
    throw new Error(`scannerTypes: letters and digits only`);
  }
  const cdp = await page.context().newCDPSession(page);
  const startedAt = Date.now() / 1000;
  // `typedFirst`: a person's keys 120 ms apart, the scan's first key 120 ms after the last.
  const personSeconds = typedFirst.length * 0.12;
  const presses = [...typedFirst, ...text, 'Enter'].flatMap((key, position) => {
    const index = position - typedFirst.length;
    const letter = /[A-Za-z]/.test(key);
    const definition =
      key === 'Enter'
        ? { key, code: 'Enter', text: '\r', windowsVirtualKeyCode: 13 }
        : {
            key,
            code: letter ? `Key${key.toUpperCase()}` : `Digit${key}`,
            text: key,
            windowsVirtualKeyCode: key.toUpperCase().charCodeAt(0),
          };
    const at = index < 0 ? startedAt + position * 0.12 : startedAt + personSeconds + index * 0.008;
    return [
      cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...definition, timestamp: at }),
      cdp.send('Input.dispatchKeyEvent', {
        type: 'keyUp',
        key: definition.key,
        code: definition.code,
        windowsVirtualKeyCode: definition.windowsVirtualKeyCode,
        timestamp: at + 0.002,
      }),
    ];
  });
  await Promise.all(presses);
  await cdp.detach();
}

/** Long enough that the scanner's first key cannot join the person's last into one burst. */
function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 500));
}

describe('a wedge scan while the guard types in a field', () => {
  it('checks the card at the gate and leaves the courier’s name as the guard typed it', async () => {
    const page = await courierForm();
    const name = page.getByTestId('courier-courierName');
    await name.click();
    await page.keyboard.type('王', { delay: personDelayMs });
    await pause();
    await scannerTypes(page, 'S2026001');
    await expect.poll(cardOnStatus, poll).toBe('S2026001');
    expect(await name.inputValue()).toBe('王');
    // The guard goes on typing where they were.
    await page.keyboard.type('师傅', { delay: personDelayMs });
    expect(await name.inputValue()).toBe('王师傅');
    // The scanner's Enter did not submit the form (it would complain of the empty fields).
    expect(await page.getByTestId('courier-message').count()).toBe(0);
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'e2e-wedge-in-field.png') });
    await page.close();
  });

  it('takes the card alone when it is scanned a moment after the guard’s last key', async () => {
    const page = await courierForm();
    const name = page.getByTestId('courier-courierName');
    await name.click();
    await scannerTypes(page, 'S2026003', 'Zhou');
    await expect.poll(cardOnStatus, poll).toBe('S2026003');
    expect(await name.inputValue()).toBe('Zhou');
    await page.close();
  });

  it('puts the caret back where the guard left it in the middle of a word', async () => {
    const page = await courierForm();
    const recipient = page.getByTestId('courier-recipient');
    await recipient.click();
    await page.keyboard.type('LiuWei', { delay: personDelayMs });
    for (let step = 0; step < 3; step += 1) await page.keyboard.press('ArrowLeft');
    await pause();
    await scannerTypes(page, 'S2026002');
    await expect.poll(cardOnStatus, poll).toBe('S2026002');
    expect(await recipient.inputValue()).toBe('LiuWei');
    await page.keyboard.type(' ', { delay: personDelayMs });
    expect(await recipient.inputValue()).toBe('Liu Wei');
    await page.close();
  });

  it('leaves the manual reading’s React-held name and temperature as the guard typed them', async () => {
    const page = await gatePage();
    const guardName = page.getByTestId('manual-guard');
    await guardName.click();
    await page.keyboard.type('Zhou', { delay: personDelayMs });
    await pause();
    await scannerTypes(page, 'S2026004');
    await expect.poll(cardOnStatus, poll).toBe('S2026004');
    expect(await guardName.inputValue()).toBe('Zhou');
    // A number input keeps only the digits of the card: 36.82026005 until they are taken out.
    const celsius = page.getByTestId('manual-celsius');
    await celsius.click();
    await page.keyboard.type('36.8', { delay: personDelayMs });
    await pause();
    await scannerTypes(page, 'S2026005');
    await expect.poll(cardOnStatus, poll).toBe('S2026005');
    expect(await celsius.inputValue()).toBe('36.8');
    // The form sends its React state, not the DOM: the reading recorded is the one typed.
    await page.keyboard.press('Enter');
    const result = page.getByTestId('result');
    await expect.poll(() => result.getAttribute('data-decision'), poll).toBe('pass');
    expect(await result.textContent()).toContain('36.8');
    await expect.poll(() => page.getByTestId('recent-row').first().innerText()).toContain('Zhou');
    await page.close();
  });

  it('keeps a card number a person types slowly into a field, and scans nothing', async () => {
    const page = await courierForm();
    const name = page.getByTestId('courier-courierName');
    await name.click();
    await page.keyboard.type('S2026003', { delay: personDelayMs });
    await page.keyboard.press('Enter');
    // The person's Enter reaches the form as usual: it is submitted and finds fields missing.
    await page.getByTestId('courier-message').waitFor();
    // Longer than a scan takes to reach the backend in the tests above.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await cardOnStatus()).not.toBe('S2026003');
    expect(await name.inputValue()).toBe('S2026003');
    await page.close();
  });
});
