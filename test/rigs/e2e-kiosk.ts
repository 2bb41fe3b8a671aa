// Test rig for the browser tests: the kiosk as its own process in a temp folder with its admin
// and guard set up, a Chromium to look at it, and their ending. The test asserts the kiosk's
// exit code itself: a kiosk that did not stop cleanly fails the file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { kioskApi, setUpAccounts, type KioskApi } from './kiosk-api';
import { startKioskServer, type KioskProcess } from './kiosk-server';

export interface E2eKiosk {
  work: string;
  kiosk: KioskProcess;
  api: KioskApi;
  tokens: { admin: string; guard: string };
  browser: Browser;
}

/** A kiosk on `config` in a folder named after `name`, the accounts made, a browser open. */
export async function startE2eKiosk(name: string, config: object): Promise<E2eKiosk> {
  const work = await mkdtemp(path.join(tmpdir(), `kiosk-e2e-${name}-`));
  const kiosk = await startKioskServer(work, config);
  const api = kioskApi(kiosk.url);
  const tokens = await setUpAccounts(api);
  const browser = await launchBrowser();
  return { work, kiosk, api, tokens, browser };
}

/**
 * Closes the browser, stops the kiosk and removes its folder, whatever of them was started;
 * answers the kiosk's exit code.
 */
export async function stopE2eKiosk(started: {
  browser?: Browser | undefined;
  kiosk?: KioskProcess | undefined;
  work: string;
}): Promise<number | null | undefined> {
  await started.browser?.close();
  const code = await started.kiosk?.stop();
  await rm(started.work, { recursive: true, force: true });
  return code;
}

/** The gate's display, loaded, with the guard's tools and device status folded out. */
export async function openStation(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await page.goto(url);
  await page.locator('[data-loaded="true"]').waitFor();
  // The guard's tools and device status fold out on the display (a kiosk with one screen).
  await page.getByTestId('open-station').click();
  return page;
}
