// The daily report on a real database with an injected clock: nothing before 16:30 Beijing
// time, then the day's counts (an explicit zero on a quiet day) sent until acknowledged, tried
// again after a backoff, and shown as late when the deadline nears without an answer.
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/store/database';
import { createDailyReports } from '../../../electron/upload/daily-report';
import type { DistrictAnswer } from '../../../electron/upload/district-client';
import { readInstallationId } from '../../../electron/upload/outbox';
import { insertEntryRow } from '../../fixtures/entry-rows';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';

let db: Database;
let clock: Date;
let sent: { date: string; counts: Record<string, number>; zero: boolean; reportId: string }[];
let answers: DistrictAnswer[];

beforeEach(() => {
  db = openDatabase(`${makeTempDir()}/kiosk.db`);
  sent = [];
  answers = [];
});

afterEach(() => {
  db.close();
  removeTempDirs();
});

/** Beijing time on 23 November 2026. */
const beijing = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00.000+08:00`);

function reports() {
  return createDailyReports({
    db,
    installationId: readInstallationId(db),
    schoolId: 'school-1',
    gateId: 'south',
    reportAt: '16:30',
    deadline: '17:30',
    send: async (payload) => {
      sent.push(structuredClone(payload) as (typeof sent)[number]);
      return answers.shift() ?? { kind: 'stored', body: { acknowledged: true } };
    },
    now: () => clock,
    random: () => 0.5,
  });
}

describe('the daily report', () => {
  it('is made at 16:30 with the day’s counts, and acknowledged', async () => {
    insertEntryRow(db, { at: beijing('07:30').toISOString() });
    insertEntryRow(db, { at: beijing('07:31').toISOString(), decision: 'deny' });
    insertEntryRow(db, { at: beijing('07:32').toISOString(), decision: 'retest' });
    insertEntryRow(db, { at: beijing('07:33').toISOString(), decision: 'refer' });
    // Yesterday evening in Beijing: not today's.
    insertEntryRow(db, { at: '2026-11-22T15:59:59.000Z' });
    const daily = reports();
    clock = beijing('16:29');
    await daily.tick();
    expect(sent).toHaveLength(0);
    expect(daily.status()).toMatchObject({ state: 'not-due', late: false });
    clock = beijing('16:30');
    await daily.tick();
    expect(sent).toMatchObject([
      {
        date: '2026-11-23',
        counts: { entries: 4, visitors: 0, denied: 1, retests: 1, feverCases: 1 },
        zero: false,
      },
    ]);
    expect(sent[0]?.reportId).toBe(`${readInstallationId(db)}:2026-11-23`);
    expect(daily.status()).toMatchObject({ state: 'acknowledged', late: false });
    await daily.tick();
    expect(sent).toHaveLength(1);
  });

  it('says zero explicitly on a quiet day', async () => {
    clock = beijing('16:31');
    await reports().tick();
    expect(sent).toMatchObject([
      { counts: { entries: 0, visitors: 0, denied: 0, retests: 0, feverCases: 0 }, zero: true },
    ]);
  });

  it('tries again after a backoff, and is late half an hour before the deadline', async () => {
    const daily = reports();
    answers = [
      { kind: 'retry', code: 'server', error: 'The district answered 503', retryAfterMs: null },
      { kind: 'retry', code: 'server', error: 'The district answered 503', retryAfterMs: null },
    ];
    clock = beijing('16:30');
    await daily.tick();
    expect(daily.status()).toMatchObject({
      state: 'waiting',
      lastError: 'The district answered 503',
      late: false,
    });
    await daily.tick();
    expect(sent).toHaveLength(1);
    clock = beijing('17:01');
    await daily.tick();
    expect(sent).toHaveLength(2);
    expect(daily.status()).toMatchObject({ state: 'waiting', late: true });
    daily.retryNow();
    await daily.tick();
    expect(daily.status()).toMatchObject({ state: 'acknowledged', late: false });
    // The same report, unchanged, each time.
    expect(new Set(sent.map((report) => JSON.stringify(report))).size).toBe(1);
  });
});
