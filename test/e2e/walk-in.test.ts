// Couriers and walk-ins in Chromium, the kiosk started as the README says: the guard (signed in)
// registers a courier in the guard panel — a bad phone number refused with the reason, nothing
// typed lost — and sends a walk-in request; the admin approves it on the console's requests
// page; the guard's panel then shows the pass, which the gate takes as the visitor's.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2eKiosk, stopE2eKiosk } from '../rigs/e2e-kiosk';
import { useSession, type KioskApi } from '../rigs/kiosk-api';
import { repoRoot, type KioskProcess } from '../rigs/kiosk-server';

let work: string;
let kiosk: KioskProcess;
let api: KioskApi;
let tokens: { admin: string; guard: string };
let browser: Browser;
const poll = { timeout: 20_000 };
const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(repoRoot, 'test-results', `e2e-walk-in-${name}.png`) });

beforeAll(async () => {
  const config = { gate: { id: 'north', name: '北门' } };
  ({ work, kiosk, api, tokens, browser } = await startE2eKiosk('walk-in', config));
});

afterAll(async () => {
  expect(await stopE2eKiosk({ browser, kiosk, work })).toBe(0);
});

async function pageSignedIn(token: string, hash = ''): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
  const page = await context.newPage();
  await useSession(page, token);
  await page.goto(`${kiosk.url}/${hash}`);
  return page;
}

describe('couriers and walk-ins at the gate', () => {
  it('the guard registers a courier and asks for a walk-in; the admin approves; the pass shows', async () => {
    const guard = await pageSignedIn(tokens.guard);
    await guard.locator('[data-loaded="true"]').waitFor();

    // A courier: a mistyped phone is refused with the reason, and what was typed stays.
    await guard.getByTestId('open-courier').click();
    await guard.getByTestId('courier-courierName').fill('刘师傅');
    await guard.getByTestId('courier-phone').fill('1380013800');
    await guard.getByTestId('courier-company').fill('顺丰');
    await guard.getByTestId('courier-recipient').fill('教务处 张老师');
    await guard.getByTestId('courier-parcels').press('Enter');
    const courierNote = guard.getByTestId('courier-message');
    await expect.poll(() => courierNote.innerText(), poll).toContain('手机号或座机号不正确');
    expect(await guard.getByTestId('courier-courierName').inputValue()).toBe('刘师傅');
    // Closed (to sign in, say) and opened again: nothing typed is lost.
    await guard.getByTestId('close-desk').click();
    await expect.poll(() => guard.getByTestId('courier-form').count()).toBe(0);
    await guard.getByTestId('open-courier').click();
    expect(await guard.getByTestId('courier-courierName').inputValue()).toBe('刘师傅');
    expect(await guard.getByTestId('courier-recipient').inputValue()).toBe('教务处 张老师');
    await guard.getByTestId('courier-phone').fill('13800138000');
    await guard.getByTestId('courier-parcels').fill('2');
    await guard.getByTestId('courier-parcels').press('Enter');
    await expect.poll(() => courierNote.innerText(), poll).toContain('已登记');
    expect(await courierNote.innerText()).toContain('刘师傅（顺丰）→ 教务处 张老师');
    expect(await guard.getByTestId('courier-courierName').inputValue()).toBe('');
    await screenshot(guard, 'courier');

    // A walk-in without appointment: the request goes to the admin and waits.
    await guard.getByTestId('open-walk-in').click();
    await guard.getByTestId('walk-in-visitorName').fill('张伟');
    await guard.getByTestId('walk-in-documentNumber').fill('11010519491231002X');
    await guard.getByTestId('walk-in-phone').fill('13800138000');
    await guard.getByTestId('walk-in-host').fill('王老师');
    await guard.getByTestId('walk-in-reason').fill('送教材');
    await guard.getByTestId('walk-in-area').fill('教学楼A座');
    await guard.getByTestId('walk-in-submit').click();
    const item = guard.getByTestId('walk-in-item').first();
    await expect.poll(() => item.getAttribute('data-state'), poll).toBe('pending');
    await expect
      .poll(() => guard.getByTestId('walk-in-message').innerText(), poll)
      .toContain('张伟');
    await screenshot(guard, 'request-sent');

    // The admin, on the console: the request (number masked) and today's courier.
    const admin = await pageSignedIn(tokens.admin, '#admin/requests');
    const pending = admin.getByTestId('pending-request');
    await expect.poll(() => pending.count(), poll).toBe(1);
    const row = await pending.innerText();
    expect(row).toContain('110***********002X');
    expect(row).toContain('王保安');
    const couriers = admin.getByTestId('courier-drop-offs');
    await expect.poll(() => couriers.innerText(), poll).toContain('138****8000');
    expect(await couriers.innerText()).not.toContain('13800138000');
    await screenshot(admin, 'requests-page');
    await admin.getByTestId('request-approve').click();
    await expect
      .poll(() => admin.getByTestId('requests-note').innerText(), poll)
      .toContain('已批准');
    await expect.poll(() => pending.count(), poll).toBe(0);

    // The guard's panel learns of it by itself and shows the pass.
    await expect.poll(() => item.getAttribute('data-state'), poll).toBe('approved');
    await guard.getByTestId('walk-in-show-pass').click();
    const image = guard.getByTestId('walk-in-pass-image');
    await image.waitFor();
    await screenshot(guard, 'pass');

    // What is shown is the request's pass, and the gate takes it as the visitor's.
    const [request] = await api.op<{ id: number }[]>('gateWalkIns', {}, tokens.guard);
    const pass = await api.op<{ png: string; token: string }>(
      'walkInPass',
      { id: request?.id },
      tokens.guard,
    );
    expect(await image.getAttribute('src')).toBe(`data:image/png;base64,${pass.png}`);
    const check = await api.op<{ person: { name: string; kind: string } | null }>('scan', {
      text: pass.token,
      source: 'camera',
    });
    expect(check.person).toMatchObject({ name: '张伟', kind: 'visitor' });
  });
});
