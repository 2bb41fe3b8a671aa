// The appointments console and the guard's shift in Chromium, the kiosk started as the README
// says: the admin creates an appointment on `#admin/appointments`, sees a mistyped ID refused
// beside its field (and every problem of a form at once, each at its field), fixes it, approves, prints and downloads the pass; the downloaded PNG read
// back is the pass the visitor shows at the gate (fake camera) and passes with; an expired pass
// is refused. A visitor is found by phone or document number (shown masked, the search audited).
// The guard signs in with the PIN, starts a shift, hands over with a note, and the next sign-on
// reads that note.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as decodeCli } from '../../cli/decode-cli';
import { launchBrowser } from '../rigs/browser';
import { writeQrVideo } from '../rigs/fake-camera';
import {
  kioskApi,
  setUpAccounts,
  testAccounts,
  useSession,
  type KioskApi,
} from '../rigs/kiosk-api';
import { repoRoot, startKioskServer, type KioskProcess } from '../rigs/kiosk-server';

interface Appointment {
  id: string;
  state: string;
  passToken: string | null;
}

let work: string;
let kiosk: KioskProcess;
let api: KioskApi;
let tokens: { admin: string; guard: string };
const browsers: Browser[] = [];
const poll = { timeout: 20_000 };
const everyone = ['student', 'staff', 'visitor'];

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kiosk-e2e-appointments-'));
  kiosk = await startKioskServer(work, {
    gate: { id: 'north', name: '北门' },
    school: { name: '实验小学' },
    // The day's questions are another screen's test: here the visitor is measured only.
    policy: {
      required: {
        ordinary: { temperature: everyone, healthCode: [], questions: [] },
        epidemic: { temperature: everyone, healthCode: everyone, questions: [] },
      },
    },
  });
  api = kioskApi(kiosk.url);
  tokens = await setUpAccounts(api);
});

afterAll(async () => {
  await Promise.all(browsers.map((browser) => browser.close()));
  const code = await kiosk?.stop();
  await rm(work, { recursive: true, force: true });
  expect(code).toBe(0);
});

async function newPage(
  options: { cameraFile?: string; session?: string; width?: number; height?: number } = {},
): Promise<Page> {
  const browser = await launchBrowser({ cameraFile: options.cameraFile });
  browsers.push(browser);
  const page = await browser.newPage({
    viewport: { width: options.width ?? 1080, height: options.height ?? 1920 },
    acceptDownloads: true,
  });
  if (options.session) await useSession(page, options.session);
  return page;
}

/** A gate screen whose camera shows `text` as a QR code. */
async function showToCamera(text: string, name: string): Promise<Page> {
  const cameraFile = path.join(work, `${name}.y4m`);
  await writeQrVideo(cameraFile, text, { width: 1280, height: 720 });
  const page = await newPage({ cameraFile });
  await page.goto(kiosk.url);
  await page.locator('[data-loaded="true"]').waitFor();
  return page;
}

function shot(page: Page, name: string) {
  return page.screenshot({ path: path.join(repoRoot, 'test-results', `e2e-${name}.png`) });
}

/** `YYYY-MM-DDTHH:mm` in Beijing time, as the form's date-time fields take it. */
function beijing(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);
}

async function decodePng(file: string): Promise<string> {
  const lines: string[] = [];
  const code = await decodeCli([file], { out: (line) => lines.push(line), error: () => {} });
  expect(code).toBe(0);
  return (lines[0] ?? '').split('\t')[1] ?? '';
}

describe('appointments in the console', () => {
  it('refuses a wrong ID beside its field, approves, prints and downloads a pass that lets the visitor in', async () => {
    const page = await newPage({ session: tokens.admin, width: 1600, height: 1000 });
    // Printing opens no dialog in a test: count the calls instead.
    await page.addInitScript(() => {
      window.print = () =>
        Reflect.set(window, 'printed', Number(Reflect.get(window, 'printed') ?? 0) + 1);
    });
    await page.goto(`${kiosk.url}/#admin/appointments`);
    await page.getByTestId('appointment-form').waitFor();
    const fill = (field: string, text: string) =>
      page.getByTestId(`appointment-${field}`).fill(text);
    await fill('visitorName', '张伟');
    await fill('documentNumber', '110105194912310021');
    await fill('phone', '13800138000');
    await fill('host', '王老师');
    await fill('reason', '家长会');
    await fill('area', '教学楼A座');
    await fill('validFrom', beijing(Date.now() - 10 * 60_000));
    await fill('validTo', beijing(Date.now() + 2 * 3_600_000));
    await page.getByTestId('appointment-create').click();
    const problem = page.getByTestId('appointment-problem-documentNumber');
    await expect.poll(() => problem.innerText(), poll).toContain('校验码');
    await page.getByTestId('appointment-form').screenshot({
      path: path.join(repoRoot, 'test-results', 'e2e-appointments-refused.png'),
    });
    // Nothing typed was lost, and nothing was stored.
    await expect.poll(() => page.getByTestId('appointment-host').inputValue()).toBe('王老师');
    expect(await api.op<Appointment[]>('listAppointments', { limit: 5 }, tokens.admin)).toEqual([]);

    await fill('documentNumber', '11010519491231002X');
    await expect.poll(() => problem.count()).toBe(0);
    await page.getByTestId('appointment-create').click();
    const row = page.getByTestId('appointment-row').filter({ hasText: '张伟' });
    await expect.poll(() => row.getAttribute('data-state'), poll).toBe('requested');
    expect(await row.innerText()).toContain('110***********002X');
    await row.getByTestId('appointment-approve').click();
    await expect.poll(() => row.getAttribute('data-state'), poll).toBe('approved');
    expect(await row.innerText()).toContain(testAccounts.admin.displayName);
    expect(await row.getByTestId('appointment-entries').innerText()).toBe('0/1');
    await shot(page, 'appointments');

    await row.getByTestId('appointment-pass').click();
    const download = page.getByTestId('pass-download');
    await download.waitFor(poll);
    // The pass names the school and masks the visitor's name, on screen, on paper and in the PNG.
    expect(await page.getByTestId('pass-school').innerText()).toBe('实验小学');
    expect(await page.getByTestId('pass-visitor').innerText()).toBe('张*');
    await page.getByTestId('pass-print').click();
    await expect.poll(() => page.evaluate(() => Reflect.get(window, 'printed'))).toBe(1);
    await page.emulateMedia({ media: 'print' });
    await shot(page, 'appointments-print');
    await page.emulateMedia({ media: 'screen' });

    const [saved] = await Promise.all([page.waitForEvent('download'), download.click()]);
    const [listed] = await api.op<Appointment[]>('listAppointments', { limit: 1 }, tokens.admin);
    expect(saved.suggestedFilename()).toBe(`pass-${listed?.id}.png`);
    const file = path.join(work, 'pass.png');
    await saved.saveAs(file);
    const pass = await decodePng(file);
    expect(pass).toBe(listed?.passToken);

    const gate = await showToCamera(pass, 'appointment-visitor');
    await expect.poll(() => gate.getByTestId('person').innerText(), poll).toContain('张伟');
    await api.op('simulateReading', { celsius: 36.6 });
    const result = gate.getByTestId('result');
    await expect.poll(() => result.getAttribute('data-decision'), poll).toBe('pass');
    await gate.context().browser()?.close();
    await page.reload();
    await expect.poll(() => row.getByTestId('appointment-entries').innerText(), poll).toBe('1/1');
  });

  it('shows every problem at once, each beside its field with its reason', async () => {
    const page = await newPage({ session: tokens.admin, width: 1920, height: 1080 });
    await page.goto(`${kiosk.url}/#admin/appointments`);
    await page.getByTestId('appointment-form').waitFor();
    const fill = (field: string, text: string) =>
      page.getByTestId(`appointment-${field}`).fill(text);
    const before = await api.op<Appointment[]>('listAppointments', { limit: 50 }, tokens.admin);
    // No name, a mistyped ID, a phone one digit short, no area.
    await fill('documentNumber', '110105194912310021');
    await fill('phone', '1380013800');
    await fill('host', '王老师');
    await fill('reason', '家长会');
    await page.getByTestId('appointment-create').click();
    const problem = (field: string) => page.getByTestId(`appointment-problem-${field}`);
    await expect.poll(() => problem('documentNumber').count(), poll).toBe(1);
    expect(await problem('documentNumber').innerText()).toContain('校验码');
    expect(await problem('visitorName').innerText()).toBe('请填写这一项');
    expect(await problem('area').innerText()).toBe('请填写这一项');
    // The phone says what a valid one looks like, not 输入的内容无效.
    expect(await problem('phone').innerText()).toContain('13800138000');
    expect(await problem('phone').innerText()).toContain('010-12345678');
    expect(await page.getByTestId('appointment-phone').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('appointment-message').innerText()).toContain('4 处');
    expect(await page.locator('.field-problem').count()).toBe(4);
    // The first field with a problem has the focus.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'appointment-visitorName',
    );
    await page.screenshot({
      path: path.join(repoRoot, 'test-results', 'e2e-appointments-every-problem.png'),
    });
    // A problem goes as its field is edited; what was typed stays.
    await fill('phone', '13800138000');
    await expect.poll(() => problem('phone').count()).toBe(0);
    expect(await page.getByTestId('appointment-host').inputValue()).toBe('王老师');
    expect(await problem('documentNumber').count()).toBe(1);
    const after = await api.op<Appointment[]>('listAppointments', { limit: 50 }, tokens.admin);
    expect(after.length).toBe(before.length);
    await page.context().browser()?.close();
  });

  it('refuses a pass whose visit is over as expired', async () => {
    const created = await api.op<Appointment>(
      'createAppointment',
      {
        visitorName: '李娜',
        documentType: 'passport',
        documentNumber: 'E12345678',
        phone: '010-12345678',
        host: '赵老师',
        reason: '送材料',
        area: '行政楼',
        vehiclePlate: null,
        validFrom: new Date(Date.now() - 60_000).toISOString(),
        validTo: new Date(Date.now() + 4_000).toISOString(),
        entriesAllowed: 1,
      },
      tokens.admin,
    );
    const approved = await api.op<Appointment>(
      'approveAppointment',
      { id: created.id },
      tokens.admin,
    );
    const stateOf = async () =>
      (await api.op<Appointment[]>('listAppointments', { limit: 5 }, tokens.admin)).find(
        (row) => row.id === created.id,
      )?.state;
    await expect.poll(stateOf, poll).toBe('expired');
    const gate = await showToCamera(approved.passToken ?? '', 'appointment-expired');
    const result = gate.getByTestId('result');
    await expect.poll(() => result.getAttribute('data-decision'), poll).toBe('deny');
    await expect.poll(() => result.innerText()).toContain('已过期');
    await gate.context().browser()?.close();
  });
});

describe('the appointments search', () => {
  it('finds a visitor by phone or document number however typed, masked, and audits it', async () => {
    await api.op<Appointment>(
      'createAppointment',
      {
        visitorName: '王芳',
        documentType: 'passport',
        documentNumber: 'G98765432',
        phone: '0755-87654321',
        host: '孙老师',
        reason: '参观',
        area: '图书馆',
        vehiclePlate: null,
        validFrom: new Date(Date.now() - 60_000).toISOString(),
        validTo: new Date(Date.now() + 3_600_000).toISOString(),
        entriesAllowed: 1,
      },
      tokens.admin,
    );
    const page = await newPage({ session: tokens.admin, width: 1600, height: 1000 });
    await page.goto(`${kiosk.url}/#admin/appointments`);
    const rows = page.getByTestId('appointment-row');
    await expect.poll(() => rows.filter({ hasText: '王芳' }).count(), poll).toBe(1);
    const search = async (text: string) => {
      await page.getByTestId('appointment-search-number').fill(text);
      await page.getByTestId('appointment-search-submit').click();
    };
    const listed = () => rows.evaluateAll((all) => all.map((row) => row.textContent ?? ''));

    for (const typed of ['0755 8765 4321', 'g98765432']) {
      await search(typed);
      await expect.poll(() => rows.count(), poll).toBe(1);
      const [row] = await listed();
      expect(row).toContain('王芳');
      expect(row).toContain('G9*****32');
      expect(row).not.toContain('G98765432');
    }
    await shot(page, 'appointments-search');
    await search('13900139000');
    await expect
      .poll(() => page.getByTestId('appointments-none').innerText(), poll)
      .toContain('没有该号码的预约');
    await page.getByTestId('appointment-search-clear').click();
    await expect.poll(() => rows.count(), poll).toBeGreaterThan(1);

    const audit = await api.op<{ action: string; detail: string }[]>(
      'auditLog',
      { limit: 50 },
      tokens.admin,
    );
    const searches = audit.filter((entry) => entry.action === 'findAppointments');
    expect(searches).toHaveLength(3);
    expect(JSON.stringify(audit)).not.toMatch(/87654321|G98765432|13900139000/);
  });
});

describe('the guard at the gate', () => {
  it('signs in with the PIN, starts a shift, hands over with a note the next sign-on reads', async () => {
    const page = await newPage();
    await page.goto(kiosk.url);
    await page.locator('[data-loaded="true"]').waitFor();
    // A kiosk with one screen: the guard folds the station out to sign in.
    await page.getByTestId('open-station').click();
    const { guard } = testAccounts;
    const signIn = async (pin: string) => {
      await page.getByTestId('guard-username').fill(guard.username);
      await page.getByTestId('guard-pin').fill(pin);
      await page.getByTestId('guard-sign-in-submit').click();
    };
    expect(await page.getByTestId('guard-pin').getAttribute('inputmode')).toBe('numeric');
    await signIn('1111');
    await expect
      .poll(() => page.getByTestId('guard-sign-in-note').innerText(), poll)
      .toContain('PIN 码不对');
    await page.getByTestId('guard-panel').screenshot({
      path: path.join(repoRoot, 'test-results', 'e2e-guard-sign-in.png'),
    });
    await signIn(guard.secret);
    await expect
      .poll(() => page.getByTestId('guard-signed-in').innerText(), poll)
      .toContain(guard.displayName);
    // The manual reading takes the signed-in guard's name: no name to type.
    expect(await page.getByTestId('manual-guard').count()).toBe(0);
    expect(await page.getByTestId('manual-by').innerText()).toContain(guard.displayName);

    const state = page.getByTestId('shift-state');
    await page.getByTestId('shift-start').click();
    await expect.poll(() => state.innerText(), poll).toContain(`值班中：${guard.displayName}`);
    await page.getByTestId('guard-panel').screenshot({
      path: path.join(repoRoot, 'test-results', 'e2e-guard-shift.png'),
    });
    await page.getByTestId('shift-end').click();
    await page.getByTestId('shift-note').fill('东侧闸机偶尔卡顿，已报修');
    await page.getByTestId('shift-end-confirm').click();
    await expect.poll(() => state.innerText(), poll).toContain('还没有开始值班');

    await page.getByTestId('guard-sign-out').click();
    // Signing out folds the station away: the next guard opens it again.
    await expect.poll(() => page.getByTestId('station-panel').count(), poll).toBe(0);
    await page.getByTestId('open-station').click();
    await page.getByTestId('guard-sign-in').waitFor(poll);
    await signIn(guard.secret);
    await expect
      .poll(() => page.getByTestId('shift-previous-note').innerText(), poll)
      .toContain('东侧闸机偶尔卡顿，已报修');
    await shot(page, 'gate-guard-portrait');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await shot(page, 'gate-guard-landscape');

    const console = await newPage({ session: tokens.admin, width: 1600, height: 1000 });
    await console.goto(`${kiosk.url}/#admin/duty`);
    const shift = console.getByTestId('duty-row').first();
    await expect.poll(() => shift.innerText(), poll).toContain('东侧闸机偶尔卡顿，已报修');
    expect(await shift.innerText()).toContain(guard.displayName);
    await shot(console, 'duty-log');
  });
});
