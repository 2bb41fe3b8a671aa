// Sick absence and the way back in Chromium (issue 19, docs/absences.md), the kiosk started as
// the README says: a pupil reads 38.5 °C twice and is referred; the school doctor (a `health`
// account) finds them on 缺勤登记 with the gate's reading and records a follow-up call; back at
// the gate the pupil is held — the queue's screen says to wait for a teacher, the guard sees why
// — until the doctor records the return-to-school certificate on 复课证明; then they pass. A class
// teacher's sheet with one bad row is refused with that row's number and nothing imported.
// Screenshots of the register, the doctor's screen and the held pupil in both languages at the
// gate's sizes go to test-results/e2e-absences-*.png.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../contract/school-time';
import { workbookBytes } from '../integration/roster/roster-workbook';
import { startE2eKiosk, stopE2eKiosk } from '../rigs/e2e-kiosk';
import { signIn, useSession, type KioskApi } from '../rigs/kiosk-api';
import { repoRoot, type KioskProcess } from '../rigs/kiosk-server';

let work: string;
let kiosk: KioskProcess;
let api: KioskApi;
let tokens: { admin: string; guard: string };
let doctor: string;
let browser: Browser;
const poll = { timeout: 20_000 };
const shot = (name: string) => path.join(repoRoot, 'test-results', `e2e-absences-${name}.png`);
const languages = ['zh-CN', 'en'] as const;
const sizes = [
  { width: 1920, height: 1080 },
  { width: 1080, height: 1920 },
] as const;
const pupil = 'S2026001';

beforeAll(async () => {
  ({ work, kiosk, api, tokens, browser } = await startE2eKiosk('absences', {
    gate: { id: 'north', name: '北门' },
    policy: {
      retestWaitSeconds: 1,
      required: {
        ordinary: { temperature: ['student', 'staff', 'visitor'], healthCode: [], questions: [] },
        epidemic: { temperature: ['student', 'staff', 'visitor'], healthCode: [], questions: [] },
      },
    },
  }));
  await api.op(
    'createAccount',
    { username: 'doctor', displayName: '刘校医', role: 'health', secret: 'clinic-2026-north' },
    tokens.admin,
  );
  doctor = await signIn(api, 'doctor', 'clinic-2026-north');
});

afterAll(async () => {
  expect(await stopE2eKiosk({ browser, kiosk, work })).toBe(0);
});

interface Status {
  check: { entry: { decision: string; reasons: string[] } | null } | null;
}

/** A check at the gate over the API: the scan, then a reading of the simulated thermometer. */
async function check(text: string, celsius: number): Promise<void> {
  await api.op('scan', { text, source: 'wedge' });
  await api.op('simulateReading', { celsius });
}

/**
 * The pupil shows their card again as a new check. The same card within 5 s of its last
 * decision is that decision shown again (a scanner's repeat), so someone else passes between,
 * as in a queue.
 */
async function scanAnew(text: string): Promise<void> {
  await check('S2026003', 36.6);
  await expect.poll(decided, poll).toBe('pass');
  await api.op('scan', { text, source: 'wedge' });
}

async function decided(): Promise<string | undefined> {
  return (await api.op<Status>('status', {})).check?.entry?.decision;
}

async function open(
  hash: string,
  options: { token?: string; language?: string; size?: { width: number; height: number } } = {},
): Promise<Page> {
  const context = await browser.newContext({ viewport: options.size ?? sizes[0] });
  const page = await context.newPage();
  if (options.token) await useSession(page, options.token);
  const language = options.language ?? 'zh-CN';
  await page.addInitScript((lang) => localStorage.setItem('kiosk.language', lang), language);
  await page.goto(`${kiosk.url}/${hash}`);
  return page;
}

describe('sick absence and the way back', () => {
  it('puts a pupil referred at the gate on the register, where the doctor follows them up', async () => {
    await check(pupil, 38.5);
    await expect.poll(decided, poll).toBe('retest');
    await expect
      .poll(async () => {
        const { retests } = await api.op<{ retests: { dueInSeconds: number }[] }>(
          'openRetests',
          {},
          tokens.guard,
        );
        return retests.map((retest) => retest.dueInSeconds);
      }, poll)
      .toEqual([0]);
    await check(pupil, 38.5);
    await expect.poll(decided, poll).toBe('refer');

    const register = await open('#admin/absences', { token: doctor });
    const absence = register.getByTestId('absences-open').getByTestId('absence');
    await expect.poll(() => absence.count(), poll).toBe(1);
    await expect.poll(() => absence.innerText()).toContain('王小明');
    expect(await absence.getByTestId('absence-cause').innerText()).toContain('38.5');
    await expect.poll(() => absence.getByTestId('absence-badge-held').count()).toBe(1);
    await expect.poll(() => absence.getByTestId('absence-badge-due').count()).toBe(1);

    await absence.getByTestId('absence-follow-up-method').selectOption('phone');
    await absence.getByTestId('absence-follow-up-outcome').selectOption('recovering');
    await absence.getByTestId('absence-follow-up-contact').fill('王小明妈妈');
    await absence.getByTestId('absence-follow-up-add').click();
    await expect.poll(() => absence.getByTestId('absence-follow-up').count(), poll).toBe(1);
    await expect.poll(() => absence.getByTestId('absence-badge-due').count(), poll).toBe(0);
    expect(await absence.getByTestId('absence-follow-ups').innerText()).toContain('王小明妈妈');
    await register.context().close();

    const { open: stillOpen } = await api.op<{
      open: { followUps: { contact: string }[]; cause: string; celsius: number }[];
    }>('absenceRegister', { date: shanghaiDate(new Date()) }, doctor);
    expect(stillOpen).toMatchObject([
      { cause: 'fever-at-gate', celsius: 38.5, followUps: [{ contact: '王小明妈妈' }] },
    ]);
  });

  it('shows the register in both languages at the gate PC sizes', async () => {
    for (const language of languages) {
      for (const size of sizes) {
        const page = await open('#admin/absences', { token: doctor, language, size });
        await expect
          .poll(() => page.getByTestId('absences-open').getByTestId('absence').count(), poll)
          .toBe(1);
        const heading = language === 'zh-CN' ? '缺勤登记' : 'Absences';
        expect(await page.locator('body').innerText()).toContain(heading);
        // Nothing runs off the side of the page.
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, `${language} ${size.width}x${size.height}`).toBeLessThanOrEqual(0);
        await page.screenshot({
          path: shot(`register-${language}-${size.width}x${size.height}`),
          fullPage: true,
        });
        await page.context().close();
      }
    }
  });

  it('holds the pupil at the gate until the doctor records the certificate, then lets them in', async () => {
    for (const language of languages) {
      const display = await open('', { language, size: sizes[1] });
      await display.locator('[data-loaded="true"]').waitFor();
      await scanAnew(pupil);
      const result = display.getByTestId('result');
      await expect.poll(() => result.getAttribute('data-face'), poll).toBe('hold');
      expect(await result.getAttribute('data-decision')).toBe('deny');
      const words = await result.innerText();
      expect(words).toContain(language === 'zh-CN' ? '请在这里等一下' : 'Please wait here');
      // The queue sees no health detail.
      expect(words).not.toMatch(/38\.5|发热|fever|复课|certificate/i);
      await display.screenshot({ path: shot(`held-display-${language}-1080x1920`) });

      const station = await open('#guard', { language, size: sizes[0], token: tokens.guard });
      const status = station.getByTestId('guard-status');
      await expect.poll(() => status.count(), poll).toBe(1);
      const why = await status.innerText();
      expect(why).toContain(language === 'zh-CN' ? '需复课证明' : 'return-to-school certificate');
      expect(why).toContain('38.5');
      // Set by the gate that referred them, by the name people know it by.
      expect(why).toContain('北门');
      await station.screenshot({ path: shot(`held-station-${language}-1920x1080`) });
      await station.context().close();
      await display.context().close();
    }

    for (const language of languages) {
      for (const size of sizes) {
        const page = await open('#admin/certificates', { token: doctor, language, size });
        const person = page.getByTestId('certificates-person');
        await expect.poll(() => person.count(), poll).toBe(1);
        expect(await person.getByTestId('certificates-held-today').innerText()).toContain('北门');
        await person.getByRole('button').first().click();
        await page.getByTestId('certificate-issuer').fill('区妇幼保健院');
        await page.screenshot({
          path: shot(`doctor-${language}-${size.width}x${size.height}`),
          fullPage: true,
        });
        await page.context().close();
      }
    }

    const doctorPage = await open('#admin/certificates', { token: doctor });
    const person = doctorPage.getByTestId('certificates-person');
    await expect.poll(() => person.count(), poll).toBe(1);
    await person.getByRole('button').first().click();
    await doctorPage.getByTestId('certificate-issuer').fill('区妇幼保健院');
    await doctorPage.getByTestId('certificate-record').click();
    await expect
      .poll(() => doctorPage.getByTestId('certificates-message').innerText(), poll)
      .toContain('王小明');
    await expect.poll(() => person.count(), poll).toBe(0);
    await doctorPage.context().close();

    await scanAnew(pupil);
    await api.op('simulateReading', { celsius: 36.6 });
    await expect.poll(decided, poll).toBe('pass');
    const { ended } = await api.op<{ ended: { ended: { how: string } }[] }>(
      'absenceRegister',
      { date: shanghaiDate(new Date()) },
      doctor,
    );
    expect(ended.map((absence) => absence.ended.how)).toEqual(['certificate']);
  });

  it('refuses a class teacher’s sheet with a bad row, naming its line, and imports nothing', async () => {
    const bytes = await workbookBytes([
      ['卡号', '姓名', '班级', '原因', '症状'],
      ['S2026002', '李思雨', '一年级1班', '病假', '咳嗽'],
      ['', '张子涵', '二年级3班', '事假', ''],
      ['S2099999', '无此人', '一年级1班', '病假', '发热'],
    ]);
    const file = path.join(work, '一年级缺勤.xlsx');
    await writeFile(file, bytes);
    const page = await open('#admin/absences', { token: doctor });
    await page.getByTestId('absence-import-file').setInputFiles(file);
    const problem = page.getByTestId('absence-import-problem');
    await expect.poll(() => problem.count(), poll).toBe(1);
    expect(await problem.getAttribute('data-line')).toBe('4');
    expect(await problem.innerText()).toContain('第 4 行');
    await page.getByTestId('absence-import').screenshot({ path: shot('import-refused') });
    await page.context().close();
    const { open: opened } = await api.op<{ open: unknown[] }>(
      'absenceRegister',
      { date: shanghaiDate(new Date()) },
      doctor,
    );
    expect(opened).toEqual([]);
  });
});
