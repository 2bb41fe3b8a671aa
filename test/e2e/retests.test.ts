// The morning rush with people waiting aside for a retest (R3), as the guard and the queue see
// it: the kiosk started as the README says, GY-906 frames on a socat pair, an LCUS-1 relay on
// another, the guard signed in at the gate screen in Chromium. Several retests run side by side,
// each ends exactly once, a SIGKILL keeps them, an overdue one raises the alarm, and the relay
// pulses only for a pass that is already in the SQLite file.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenRetest } from '../../contract/api';
import type { TodaySummary } from '../../contract/operations/today-operations';
import { encodeGy906Frame } from '../../native/thermometer/gy906';
import { launchBrowser } from '../rigs/browser';
import { kioskApi, setUpAccounts, useSession, type KioskApi } from '../rigs/kiosk-api';
import { repoRoot, startKioskServer, type KioskProcess } from '../rigs/kiosk-server';
import { openSocatPair, type SocatPair } from '../rigs/socat-pair';
import { waitFor } from '../rigs/wait-for';

const relayClose = [0xa0, 0x01, 0x01, 0xa2];
let work: string;
let serial: SocatPair;
let relay: SocatPair;
let kiosk: KioskProcess;
let api: KioskApi;
let tokens: { admin: string; guard: string };
let browser: Browser;
let page: Page;
let config: object;
const passesAtPulse: number[] = [];

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kiosk-e2e-retests-'));
  await mkdir(path.join(work, 'relay'));
  serial = await openSocatPair(work);
  relay = await openSocatPair(path.join(work, 'relay'));
  // At each pulse, how many passes the SQLite file already held: the entry comes first.
  relay.onReceived(() => {
    while (passesAtPulse.length < relayPulses()) passesAtPulse.push(passesInFile());
  });
  config = {
    gate: { id: 'south', name: '南门' },
    thermometer: { driver: 'gy906', path: serial.kioskPath, baudRate: 9600 },
    relay: { driver: 'lcus1', path: relay.kioskPath, pulseMs: 50 },
    policy: { retestWaitSeconds: 5, retestCloseMinutes: 1 },
    // Rescans of the same card seconds apart are the point here, not a double read.
    scanner: { repeatSeconds: 0.5 },
  };
  kiosk = await startKioskServer(work, config);
  api = kioskApi(kiosk.url);
  tokens = await setUpAccounts(api);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await useSession(page, tokens.guard);
  await page.goto(kiosk.url);
  await page.locator('[data-loaded="true"]').waitFor();
  await waitForThermometer();
});

afterAll(async () => {
  await browser?.close();
  const code = await kiosk?.stop();
  await serial?.close();
  await relay?.close();
  await rm(work, { recursive: true, force: true });
  expect(code).toBe(0);
});

async function waitForThermometer(): Promise<void> {
  await waitFor(
    () => api.op<{ thermometer: { connected: boolean } }>('status', {}),
    (status) => status.thermometer.connected,
    { timeoutMs: 15_000, what: 'the thermometer to connect' },
  );
}

/** Keys as a wedge scanner sends them, into the gate page. */
async function scanCard(card: string): Promise<void> {
  await page.evaluate((keys) => {
    // Shift first (a scan ignores it): the page's first key press sets up its audio.
    for (const key of ['Shift', ...keys, 'Enter']) {
      window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    }
  }, card);
}

/** A forehead in front of the sensor, then the lane again as the person steps away. */
async function measure(celsius: number): Promise<void> {
  for (const value of [celsius, celsius, celsius, 24.5]) {
    await serial.write(encodeGy906Frame(value, 24.5));
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

interface Row {
  id: number;
  card_text: string;
  decision: string;
  follows_entry_id: number | null;
  guard_name: string | null;
  reasons: string;
}

function entries(): Row[] {
  const db = new Database(path.join(work, 'kiosk.db'), { readonly: true });
  try {
    return db
      .prepare(
        'SELECT id, card_text, decision, follows_entry_id, guard_name, reasons FROM entries ORDER BY id',
      )
      .all() as Row[];
  } finally {
    db.close();
  }
}

async function decided(card: string, count: number): Promise<Row> {
  await expect.poll(() => entries().filter((row) => row.card_text === card).length).toBe(count);
  return entries().filter((row) => row.card_text === card)[count - 1] as Row;
}

async function check(card: string, celsius: number, count = 1): Promise<Row> {
  await scanCard(card);
  await expect
    .poll(() => page.getByTestId('prompt').getAttribute('data-state'))
    .not.toBe('identity');
  await measure(celsius);
  return decided(card, count);
}

const waiting = () => api.op<{ retests: OpenRetest[] }>('openRetests', {}, tokens.guard);

function passesInFile(): number {
  const db = new Database(path.join(work, 'kiosk.db'), { readonly: true });
  try {
    return Number(db.prepare("SELECT count(*) FROM entries WHERE decision = 'pass'").pluck().get());
  } finally {
    db.close();
  }
}

function relayPulses(): number {
  const bytes = [...relay.received()];
  let pulses = 0;
  for (let index = 0; index + 4 <= bytes.length; index += 1) {
    if (relayClose.every((byte, offset) => bytes[index + offset] === byte)) pulses += 1;
  }
  return pulses;
}

describe('the rush hour with people waiting for a retest', () => {
  it('keeps E and A waiting while B and C pass; A early sees a countdown; A after the wait is referred', async () => {
    const e = await check('S2026005', 37.5); // E: never resolved, overdue at the end
    expect(e.decision).toBe('retest');
    const a = await check('S2026001', 37.8);
    expect(a.decision).toBe('retest');
    await expect.poll(() => page.getByTestId('retest-come-back').count()).toBe(1);
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'e2e-retest-wait.png') });
    expect((await check('S2026002', 36.5)).decision).toBe('pass');
    expect((await check('S2026003', 36.6)).decision).toBe('pass');
    // A comes back too early: their own countdown, and nothing is written.
    await scanCard('S2026001');
    await expect.poll(() => page.getByTestId('retest-countdown').count()).toBe(1);
    expect(entries().filter((row) => row.card_text === 'S2026001')).toHaveLength(1);
    expect((await waiting()).retests.map((retest) => retest.entryId)).toEqual([e.id, a.id]);
    await expect.poll(() => page.getByTestId('retest-row').count()).toBe(2);
    // The kiosk is killed during A's wait: the retests and their countdowns survive.
    const before = (await waiting()).retests.find((retest) => retest.entryId === a.id);
    await kiosk.kill();
    kiosk = await startKioskServer(work, config);
    api = kioskApi(kiosk.url);
    await waitForThermometer();
    const after = (await waiting()).retests.find((retest) => retest.entryId === a.id);
    expect(after?.dueAt).toBe(before?.dueAt);
    await page.goto(kiosk.url);
    await page.locator('[data-loaded="true"]').waitFor();
    await waitFor(waiting, (list) => list.retests.every((retest) => retest.dueInSeconds === 0), {
      timeoutMs: 15_000,
      what: 'the retests to be due',
    });
    const refer = await check('S2026001', 37.9, 2);
    expect(refer).toMatchObject({ decision: 'refer', follows_entry_id: a.id });
    await expect.poll(() => page.getByTestId('result').getAttribute('data-decision')).toBe('refer');
  });

  it('lets the guard send D home with one tap (and a confirmation), naming the guard', async () => {
    const d = await check('S2026004', 37.6);
    expect(d.decision).toBe('retest');
    const row = page.locator(`[data-testid="retest-row"][data-entry-id="${d.id}"]`);
    await row.getByTestId('resolve-went-home').click();
    await row.getByTestId('resolve-went-home').click();
    const ended = await decided('S2026004', 2);
    expect(ended).toMatchObject({ decision: 'deny', follows_entry_id: d.id, guard_name: '王保安' });
    expect(JSON.parse(ended.reasons)).toEqual(['retest-went-home']);
    await expect.poll(() => row.count()).toBe(0);
  });

  it('lets the guard start the check of a pupil who forgot their card', async () => {
    await page.getByTestId('person-lookup-input').fill('杨一诺');
    await page.getByTestId('person-lookup-submit').click();
    await page.getByTestId('person-lookup-start').first().click();
    await expect
      .poll(() => page.getByTestId('prompt').getAttribute('data-state'))
      .toBe('temperature');
    await measure(36.4);
    const entry = await decided('S2026006', 1);
    expect(entry).toMatchObject({ decision: 'pass', guard_name: '王保安' });
  });

  it('raises the overdue alarm for E, and counts E as unresolved today', async () => {
    await expect
      .poll(() => page.getByTestId('retest-overdue-alarm').count(), { timeout: 70_000 })
      .toBe(1);
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'e2e-retest-overdue.png') });
    const summary = await api.op<TodaySummary>('todaySummary', {}, tokens.admin);
    expect(summary.unresolvedRetests).toMatchObject({ count: 1, retests: [{ name: '陈雨桐' }] });
  }, 90_000);

  it('pulsed the turnstile relay for each pass only, after its entry was saved', () => {
    const rows = entries();
    const passes = rows.filter((row) => row.decision === 'pass').length;
    expect(passes).toBe(3);
    expect(rows.filter((row) => row.decision !== 'pass').length).toBe(5);
    expect(relayPulses()).toBe(passes);
    // The k-th pulse found at least k passes already committed.
    expect(passesAtPulse).toHaveLength(passes);
    passesAtPulse.forEach((committed, index) => expect(committed).toBeGreaterThan(index));
    const db = new Database(path.join(work, 'kiosk.db'), { readonly: true });
    expect(db.prepare('SELECT count(*) FROM fever_cases').pluck().get()).toBe(1);
    db.close();
  });
});
