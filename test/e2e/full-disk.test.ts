// The guard's view of a full disk: the gate screen says in words that nothing can be recorded
// and paper is to be used, a screen opened later says so too, and the alarm goes by itself
// once a check is recorded again. The kiosk and its server run in this process so that the
// disk can fill on demand (PRAGMA max_page_count on the kiosk's connection, test/rigs/disk-cap).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckView, EntryView } from '../../contract/api';
import { dispatch } from '../../contract/dispatch';
import { createKiosk, type Kiosk } from '../../backend/kiosk';
import { startServer, type RunningServer } from '../../server/server';
import { launchBrowser } from '../rigs/browser';
import { createDiskCap } from '../rigs/disk-cap';
import { repoRoot } from '../rigs/kiosk-server';

const alarmText = '存储空间已满：无法记录，请改用纸质登记并通知管理员';
const cap = createDiskCap();
let work: string;
let kiosk: Kiosk;
let server: RunningServer;
let browser: Browser;
let clock = new Date('2026-11-23T00:00:00.000Z');
let person = 0;
const saved: EntryView[] = [];

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kiosk-e2e-full-'));
  const configFile = path.join(work, 'config.json');
  await writeFile(configFile, JSON.stringify({ gate: { id: 'south', name: '南门' } }));
  kiosk = await createKiosk({
    dataDir: path.join(work, 'kiosk'),
    configFile,
    now: () => clock,
    onDatabaseOpened: cap.hook,
  });
  kiosk.events.on('entry-saved', (entry) => saved.push(entry));
  server = await startServer({ kiosk, staticDir: path.join(repoRoot, 'dist', 'renderer') });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await kiosk?.close();
  await rm(work, { recursive: true, force: true });
});

async function openGate(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await page.goto(server.url);
  await page.locator('[data-loaded="true"]').waitFor();
  // The guard's tools and device status fold out on the display (a kiosk with one screen).
  await page.getByTestId('open-station').click();
  return page;
}

/** An unknown card, denied at the scan: answers whether its entry was recorded. */
async function check(): Promise<boolean> {
  clock = new Date(clock.getTime() + 6000);
  person += 1;
  const result = await dispatch(kiosk.handlers, 'scan', {
    text: `VISITOR-${person}`,
    source: 'wedge',
  });
  if (result.ok) return (result.value as CheckView).entry !== null;
  expect(result.error.code).toBe('storage-full');
  return false;
}

describe('a full disk on the gate screen', () => {
  it('shows the alarm in words while full, also to a screen opened later, and clears it', async () => {
    const gate = await openGate();
    expect(await check()).toBe(true);
    await expect
      .poll(() => gate.getByTestId('storage-status').getAttribute('data-state'))
      .toBe('ok');

    cap.fill();
    let refused = false;
    for (let tries = 0; tries < 2000 && !refused; tries += 1) refused = !(await check());
    expect(refused, 'the disk refused a check').toBe(true);

    const alarm = gate.getByTestId('storage-alarm');
    await alarm.waitFor();
    expect(await alarm.innerText()).toContain(alarmText);
    expect(await gate.getByTestId('storage-status').getAttribute('data-state')).toBe('full');
    // The answer's own error banner is not shown twice beside the alarm.
    expect(await gate.getByTestId('error').count()).toBe(0);
    await gate.screenshot({ path: path.join(repoRoot, 'test-results', 'e2e-full-disk.png') });

    const later = await openGate();
    await later.getByTestId('storage-alarm').waitFor();
    expect(await later.getByTestId('storage-alarm').innerText()).toContain(alarmText);

    cap.free();
    const before = saved.length;
    expect(await check(), 'the first check once space returns').toBe(true);
    expect(saved).toHaveLength(before + 1);
    for (const page of [gate, later]) {
      await page.getByTestId('storage-alarm').waitFor({ state: 'detached' });
      await expect
        .poll(() => page.getByTestId('storage-status').getAttribute('data-state'))
        .toBe('ok');
    }
    await gate.screenshot({
      path: path.join(repoRoot, 'test-results', 'e2e-full-disk-cleared.png'),
    });
  });
});
