// The whole gate as a pupil meets it: a card shown to the (fake) camera or typed by a wedge
// scanner, GY-906 frames on a real serial pty pair, the kiosk started as the README says, the
// result read off the screen in Chromium, then the SQLite file and the day's export checked.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGy906Frame } from '../../native/thermometer/gy906';
import { launchBrowser } from '../rigs/browser';
import { writeQrVideo } from '../rigs/fake-camera';
import { repoRoot, startKioskServer, type KioskProcess } from '../rigs/kiosk-server';
import { openSocatPair, type SocatPair } from '../rigs/socat-pair';
import { waitFor } from '../rigs/wait-for';

const run = promisify(execFile);
const roster = [
  '卡号,姓名,类别,班级,身份证号',
  'S2026101,王小明,学生,三年级2班,11010519491231002X',
  'S2026102,李小红,学生,三年级2班,',
  'S2026103,张小华,学生,四年级1班,',
].join('\n');

let work: string;
let serial: SocatPair;
let kiosk: KioskProcess;
const browsers: Browser[] = [];

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kiosk-e2e-'));
  serial = await openSocatPair(work);
  await writeFile(path.join(work, 'roster.csv'), roster);
  await run(
    'npm',
    ['run', '--silent', 'import-roster', '--', '--data-dir', work, path.join(work, 'roster.csv')],
    {
      cwd: repoRoot,
    },
  );
  kiosk = await startKioskServer(work, {
    gate: { id: 'south', name: '南门' },
    thermometer: { driver: 'gy906', path: serial.kioskPath, baudRate: 9600 },
    policy: { retestWaitSeconds: 1 },
  });
  await waitFor(status, (current) => current.thermometer.connected, {
    timeoutMs: 15_000,
    what: 'the thermometer to connect',
  });
});

afterAll(async () => {
  await Promise.all(browsers.map((browser) => browser.close()));
  const code = await kiosk?.stop();
  await serial?.close();
  await rm(work, { recursive: true, force: true });
  expect(code).toBe(0);
});

interface Status {
  thermometer: { connected: boolean; driver: string; lastReading: { celsius: number } | null };
  check: { cardText: string | null; missing: string[]; retestWaitSeconds: number | null } | null;
}

async function status(): Promise<Status> {
  const response = await fetch(`${kiosk.url}/api/status`);
  return (await response.json()) as Status;
}

async function openKiosk(cameraText?: string): Promise<Page> {
  let cameraFile: string | undefined;
  if (cameraText !== undefined) {
    cameraFile = path.join(work, `camera-${browsers.length}.y4m`);
    await writeQrVideo(cameraFile, cameraText);
  }
  const browser = await launchBrowser({ cameraFile });
  browsers.push(browser);
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await page.goto(kiosk.url);
  await page.locator('[data-loaded="true"]').waitFor();
  return page;
}

async function waitForCard(card: string): Promise<void> {
  await expect.poll(async () => (await status()).check?.cardText, { timeout: 20_000 }).toBe(card);
}

/**
 * A forehead in front of the streaming sensor: a steady run of readings, then the lane again
 * as the person steps away (which completes the measurement without waiting for its window).
 */
async function measure(celsius: number): Promise<void> {
  for (const value of [celsius, celsius, celsius, 24.5]) {
    await serial.write(encodeGy906Frame(value, 24.5));
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

/**
 * Keys as a wedge scanner sends them: all at once, then Enter. Typed through the DevTools
 * protocol one by one, a loaded CI machine once stalled 200 ms between two keys, which no
 * scanner does and which the detector rightly reads as a person typing. In-page key events
 * reach the same window listener the hardware's would.
 */
async function scannerTypes(page: Page, text: string): Promise<void> {
  await page.evaluate((keys) => {
    // The page's first key press sets up its audio, which can take longer than a scanner's
    // gap between keys; a real scanner's keys carry their arrival times, these in-page ones
    // the time they were made. A Shift (which a scan ignores) goes first.
    for (const key of ['Shift', ...keys, 'Enter']) {
      window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    }
  }, text);
}

/** One browser per person: the fake camera of one must not keep scanning into the next. */
async function leave(page: Page): Promise<void> {
  await page.context().browser()?.close();
}

function result(page: Page) {
  return page.getByTestId('result');
}

describe('a pupil at the gate', () => {
  it('passes with a campus card shown to the camera and 36.6 °C', async () => {
    const page = await openKiosk('S2026101');
    await waitForCard('S2026101');
    await expect.poll(() => page.getByText('王小明').count()).toBeGreaterThan(0);
    await measure(36.6);
    await expect.poll(() => result(page).getAttribute('data-decision')).toBe('pass');
    expect(await result(page).textContent()).toContain('36.6');
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'e2e-pass.png') });
    await leave(page);
  });

  it('is retested at 37.8 °C and referred when the retest reads 37.9 °C', async () => {
    const page = await openKiosk('S2026102');
    await waitForCard('S2026102');
    await measure(37.8);
    await expect.poll(() => result(page).getAttribute('data-decision')).toBe('retest');
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'e2e-retest.png') });
    expect(await page.getByTestId('retest-come-back').count()).toBe(1);
    // The lane is free at once. The pupil steps aside and, after the wait, shows the card again.
    await leave(page);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const back = await openKiosk('S2026102');
    await expect
      .poll(async () => (await status()).check?.missing, { timeout: 20_000 })
      .toEqual(['retest-temperature']);
    await measure(37.9);
    await expect.poll(() => result(back).getAttribute('data-decision')).toBe('refer');
    expect(await result(back).textContent()).toContain('37.9');
    await back.screenshot({ path: path.join(repoRoot, 'test-results', 'e2e-refer.png') });
    await leave(back);
  });

  it('is denied with an unknown card, whose text is shown as text and never run', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    const page = await openKiosk(hostile);
    await expect
      .poll(() => result(page).getAttribute('data-decision'), { timeout: 20_000 })
      .toBe('deny');
    expect(await result(page).textContent()).toContain('<img');
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'e2e-deny.png') });
    await leave(page);
  });

  it('takes a card typed by a keyboard-wedge scanner', async () => {
    const page = await openKiosk();
    await scannerTypes(page, 'S2026103');
    await waitForCard('S2026103');
    await measure(36.4);
    await expect.poll(() => result(page).getAttribute('data-decision')).toBe('pass');
    await leave(page);
  });
});

describe('what the school keeps', () => {
  it('has every check in the SQLite file, the fever case opened, and each in the outbox', () => {
    const db = new Database(path.join(work, 'kiosk.db'), { readonly: true });
    try {
      const entries = db
        .prepare(
          'SELECT id, card_text, decision, temperature_c, follows_entry_id FROM entries ORDER BY id',
        )
        .all() as {
        id: number;
        card_text: string;
        decision: string;
        temperature_c: number | null;
        follows_entry_id: number | null;
      }[];
      expect(
        entries.map((entry) => [entry.card_text, entry.decision, entry.temperature_c]),
      ).toEqual([
        ['S2026101', 'pass', 36.6],
        ['S2026102', 'retest', 37.8],
        ['S2026102', 'refer', 37.9],
        ['<img src=x onerror="window.__pwned=1">', 'deny', null],
        ['S2026103', 'pass', 36.4],
      ]);
      expect(entries[2]?.follows_entry_id).toBe(entries[1]?.id);
      expect(db.prepare('SELECT entry_id FROM fever_cases').all()).toEqual([
        { entry_id: entries[2]?.id },
      ]);
      expect(db.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toEqual({ n: 5 });
    } finally {
      db.close();
    }
  });

  it('exports the day as a CSV that Excel opens, with the ID number masked', async () => {
    const out = path.join(work, 'export.csv');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
      new Date(),
    );
    await run(
      'npm',
      [
        'run',
        '--silent',
        'export',
        '--',
        '--data-dir',
        work,
        '--date',
        today,
        '--format',
        'csv',
        '--out',
        out,
      ],
      { cwd: repoRoot },
    );
    const csv = await readFile(out, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.trim().split(/\r\n/);
    expect(lines).toHaveLength(6);
    expect(csv).toContain('王小明');
    expect(csv).toContain('110***********002X');
    expect(csv).not.toContain('11010519491231002X');
    expect(lines.some((line) => line.includes('37.9'))).toBe(true);
  });
});
