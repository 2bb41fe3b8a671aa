// The rest of the gate check through dispatch, on a real database, with the fake health-code
// platform: a visitor in epidemic mode answers the questions and is verified green; the
// platform down and the guard confirming instead; a late answer for a cancelled check; and an
// isolating pupil refused with the reason and who set it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Caller, CheckView, EntryView } from '../../contract/api';
import { createKiosk, type Kiosk } from '../../backend/kiosk';
import { gateCalls } from '../rigs/gate-calls';
import { startFakeVerifier, type FakeVerifier } from '../rigs/fake-health-code-verifier';

let dir: string;
let kiosk: Kiosk;
let fake: FakeVerifier;
let admin: Caller;
let guard: Caller;
const { attempt, call, setUpStaff } = gateCalls(() => kiosk);
const clock = new Date('2026-11-23T07:00:00.000Z');
const allNo = { symptoms: 'no', travel: 'no', contact: 'no' };

async function start(timeoutSeconds = 2): Promise<void> {
  const configFile = path.join(dir, 'config.json');
  const config = { healthCode: { url: fake.url, timeoutSeconds }, policy: { mode: 'epidemic' } };
  await writeFile(configFile, JSON.stringify(config));
  kiosk = await createKiosk({ dataDir: dir, configFile, now: () => clock });
  ({ admin, guard } = await setUpStaff());
}

const scan = async (text: string) => (await call('scan', { text, source: 'camera' })) as CheckView;

/** The next check event that satisfies `predicate` (the verifier answers asynchronously). */
function nextCheck(predicate: (check: CheckView) => boolean): Promise<CheckView> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no such check event in 10 s')), 10_000);
    const off = kiosk.events.on('check', (check) => {
      if (!predicate(check)) return;
      clearTimeout(timer);
      off();
      resolve(check);
    });
  });
}

async function lastEntry(): Promise<EntryView | undefined> {
  return ((await call('recentEntries', { limit: 1 })) as EntryView[])[0];
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kiosk-gate-flow-'));
  fake = await startFakeVerifier('green');
});

afterEach(async () => {
  await kiosk?.close();
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the gate flow in epidemic mode', () => {
  it('lets a visitor in after the questions, a green code verified online and a normal reading', async () => {
    await start();
    const created = (await call(
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
        validFrom: '2026-11-23T06:00:00.000Z',
        validTo: '2026-11-23T10:00:00.000Z',
        entriesAllowed: 1,
      },
      admin,
    )) as { id: string };
    const { passToken } = (await call('approveAppointment', { id: created.id }, admin)) as {
      passToken: string;
    };

    const waiting = await scan(passToken);
    expect(waiting.missing).toEqual(['answers', 'health-code', 'temperature']);
    expect(waiting.questions?.map((question) => question.id)).toEqual([
      'symptoms',
      'travel',
      'contact',
    ]);
    const stale = await attempt('answerQuestions', { checkId: 'an-old-check', answers: allNo });
    expect(stale).toMatchObject({ ok: false, error: { code: 'bad-input' } });
    const partial = { checkId: waiting.checkId, answers: { symptoms: 'no' } };
    expect(await attempt('answerQuestions', partial)).toMatchObject({ ok: false });

    const answered = (await call('answerQuestions', {
      checkId: waiting.checkId,
      answers: allNo,
    })) as CheckView;
    expect(answered.missing).toEqual(['health-code', 'temperature']);

    const verified = nextCheck((check) => check.healthCodeVerifying === false);
    const verifying = await scan('HC:31010119800101001X:dynamic');
    expect(verifying).toMatchObject({ checkId: waiting.checkId, healthCodeVerifying: true });
    expect((await verified).missing).toEqual(['temperature']);
    expect(fake.codes).toEqual(['HC:31010119800101001X:dynamic']);

    await call('simulateReading', { celsius: 36.6 });
    expect(await lastEntry()).toMatchObject({
      decision: 'pass',
      person: { name: '张伟', kind: 'visitor' },
      answers: allNo,
      healthCode: { result: 'green', method: 'online', by: null },
    });
  });

  it('refuses a pupil whose code the platform says is red', async () => {
    await start();
    fake.answer('red');
    const waiting = await scan('S2026001');
    expect(waiting.missing).toEqual(['health-code', 'temperature']);
    const refused = nextCheck((check) => check.entry !== null);
    await scan('HC-red');
    expect((await refused).entry).toMatchObject({
      decision: 'deny',
      reasons: ['health-code-red'],
      healthCode: { result: 'red', method: 'online' },
    });
  });

  it('falls back to the guard when the platform fails, and records the guard by name', async () => {
    await start();
    fake.answer('server-error');
    const waiting = await scan('S2026002');
    const fallback = nextCheck((check) => check.missing.includes('health-code-guard'));
    await scan('HC-unreadable-by-platform');
    await fallback;
    const input = { checkId: waiting.checkId, colour: 'green' };
    expect(await attempt('confirmHealthCode', input)).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    const confirmed = (await call('confirmHealthCode', input, guard)) as CheckView;
    expect(confirmed.missing).toEqual(['temperature']);
    await call('simulateReading', { celsius: 36.4 });
    expect(await lastEntry()).toMatchObject({
      decision: 'pass',
      healthCode: { result: 'green', method: 'guard', by: '王保安' },
    });
  });

  it('never decides a cancelled check by the verifier’s late answer, and keeps answering meanwhile', async () => {
    await start(1);
    fake.answer('hang');
    await scan('S2026003');
    const started = Date.now();
    expect(await scan('HC-slow')).toMatchObject({ healthCodeVerifying: true });
    // The event loop is free while the platform hangs: another operation answers at once.
    await call('status', {});
    expect(Date.now() - started).toBeLessThan(500);
    expect(await call('cancelCheck', {})).toEqual({ cancelled: true });
    const events: CheckView[] = [];
    kiosk.events.on('check', (check) => events.push(check));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(events).toEqual([]);
    expect(await lastEntry()).toBeUndefined();
  });

  it('refuses an isolating pupil, and the entry tells the guard why and who said so', async () => {
    await start();
    const db = new Database(path.join(dir, 'kiosk.db'));
    db.prepare(
      `UPDATE people SET status = 'isolating', status_reason = ?, status_set_by = ?,
         status_set_at = ? WHERE card = ?`,
    ).run('密接者，居家观察至11月30日', '李老师', '2026-11-22T02:00:00.000Z', 'S2026004');
    db.close();
    const check = await scan('S2026004');
    expect(check.entry).toMatchObject({
      decision: 'deny',
      reasons: ['status-isolating'],
      personStatus: {
        status: 'isolating',
        reason: '密接者，居家观察至11月30日',
        setBy: '李老师',
        setAt: '2026-11-22T02:00:00.000Z',
      },
    });
  });

  it('treats a card of someone who left the roster as unknown', async () => {
    await start();
    const db = new Database(path.join(dir, 'kiosk.db'));
    db.prepare(`UPDATE people SET status = 'left' WHERE card = ?`).run('S2026001');
    db.close();
    const check = await scan('S2026001');
    expect(check.person).toBeNull();
    expect(check.entry).toMatchObject({ decision: 'deny', reasons: ['card-unknown'] });
  });

  it("takes a health-code QR shown before the card as that person's code, and never as a card", async () => {
    await start();
    const code = 'https://h5.dingtalk.com/healthAct/index.html?qrCode=V1a2b3c4d5e6f7&v=1';
    const held = await scan(code);
    expect(held).toMatchObject({ missing: ['identity'], healthCodeHeld: true, entry: null });
    expect(await lastEntry()).toBeUndefined();
    const verified = nextCheck((check) => check.healthCodeVerifying === false);
    const card = await scan('S2026002');
    expect(card).toMatchObject({ person: { name: '李思雨' }, healthCodeVerifying: true });
    expect((await verified).missing).toEqual(['temperature']);
    expect(fake.codes).toEqual([code]);
    await call('simulateReading', { celsius: 36.5 });
    expect(await lastEntry()).toMatchObject({
      decision: 'pass',
      healthCode: { result: 'green', method: 'online' },
    });
  });

  it('takes a health-code QR shown after the card for the open check, and forgets a held one', async () => {
    await start();
    const code = 'https://h5.dingtalk.com/healthAct/index.html?qrCode=AfterTheCard01';
    expect((await scan('S2026003')).missing).toEqual(['health-code', 'temperature']);
    const verified = nextCheck((check) => check.healthCodeVerifying === false);
    await scan(code);
    expect((await verified).missing).toEqual(['temperature']);
    await call('simulateReading', { celsius: 36.4 });
    expect((await lastEntry())?.decision).toBe('pass');
    // A code held for longer than a few seconds is nobody's: the next card asks for one.
    await scan('https://h5.dingtalk.com/healthAct/index.html?qrCode=LeftBehind0002');
    const before = clock.getTime();
    clock.setTime(before + 11_000);
    try {
      expect((await scan('S2026005')).missing).toEqual(['health-code', 'temperature']);
    } finally {
      clock.setTime(before);
    }
    expect((await call('recentEntries', { limit: 10 })) as EntryView[]).toHaveLength(1);
  });
});
