// The daily report on a real database with an injected clock: nothing before 16:30 Beijing
// time, then the day's counts (an explicit zero on a quiet day, the retests still unresolved)
// sent until acknowledged, again without the added count to a receiver that refuses it, tried
// again after a backoff, and shown as late when the deadline nears without an answer.
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/store/database';
import { createDailyReports, withoutAddedCounts } from '../../../electron/upload/daily-report';
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

/** Answers as a receiver written before counts.unresolvedRetests: refuses any unknown count. */
function firstEditionReceiver(payload: unknown): DistrictAnswer | undefined {
  const counts = (payload as { counts: Record<string, number> }).counts;
  const known = ['entries', 'visitors', 'denied', 'retests', 'feverCases'];
  const unknown = Object.keys(counts).find((name) => !known.includes(name));
  return unknown === undefined
    ? undefined
    : { kind: 'malformed', reason: `counts: Unrecognized key: "${unknown}"` };
}

function reports(receiver: (payload: unknown) => DistrictAnswer | undefined = () => undefined) {
  return createDailyReports({
    db,
    installationId: readInstallationId(db),
    schoolId: 'school-1',
    gateId: 'south',
    reportAt: '16:30',
    deadline: '17:30',
    send: async (payload) => {
      sent.push(structuredClone(payload) as (typeof sent)[number]);
      return (
        receiver(payload) ?? answers.shift() ?? { kind: 'stored', body: { acknowledged: true } }
      );
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
    expect(sent).toEqual([
      expect.objectContaining({
        counts: {
          entries: 0,
          visitors: 0,
          denied: 0,
          retests: 0,
          feverCases: 0,
          unresolvedRetests: 0,
        },
        zero: true,
      }),
    ]);
  });

  it('counts the day’s retests nothing has ended, as they stand when the report is made', async () => {
    const retest = (hhmm: string) =>
      insertEntryRow(db, { at: beijing(hhmm).toISOString(), decision: 'retest' });
    const follow = (retestId: number, at: string, decision: 'pass' | 'deny' | 'refer') =>
      insertEntryRow(db, { at, decision, followsEntryId: retestId });
    follow(retest('07:30'), beijing('07:31').toISOString(), 'pass');
    follow(retest('07:40'), beijing('08:00').toISOString(), 'deny'); // a guard ended it
    const open = retest('08:10');
    retest('11:00');
    // Yesterday's open retest was yesterday's report's.
    insertEntryRow(db, { at: '2026-11-22T10:00:00.000Z', decision: 'retest' });
    const daily = reports();
    clock = beijing('16:30');
    answers = [
      { kind: 'retry', code: 'server', error: 'The district answered 503', retryAfterMs: null },
    ];
    await daily.tick();
    expect(sent).toMatchObject([
      { counts: { entries: 6, denied: 1, retests: 4, feverCases: 0, unresolvedRetests: 2 } },
    ]);
    // Ended after the report was made: the report, written once, is sent as it was.
    follow(open, beijing('16:40').toISOString(), 'pass');
    clock = beijing('16:45');
    await daily.tick();
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
    expect(daily.status().state).toBe('acknowledged');
  });

  it('sends the report again at once without the added count to a receiver that refuses it', async () => {
    insertEntryRow(db, { at: beijing('07:30').toISOString(), decision: 'retest' });
    const daily = reports(firstEditionReceiver);
    clock = beijing('16:30');
    await daily.tick();
    expect(sent.map((report) => report.counts)).toEqual([
      { entries: 1, visitors: 0, denied: 0, retests: 1, feverCases: 0, unresolvedRetests: 1 },
      { entries: 1, visitors: 0, denied: 0, retests: 1, feverCases: 0 },
    ]);
    expect(sent[1]).toEqual({ ...sent[0], counts: sent[1]?.counts });
    expect(daily.status()).toMatchObject({ state: 'acknowledged', lastError: null });
  });

  it('keeps a report refused without the added count too, with the reason, for a retry', async () => {
    const daily = reports();
    answers = [
      { kind: 'malformed', reason: 'counts: Unrecognized key: "unresolvedRetests"' },
      { kind: 'malformed', reason: 'gateId "south" does not match X-Gate-Id "north"' },
    ];
    clock = beijing('16:30');
    await daily.tick();
    expect(sent).toHaveLength(2);
    expect(daily.status()).toMatchObject({
      state: 'waiting',
      lastError: 'gateId "south" does not match X-Gate-Id "north"',
    });
    // Tried again in full: a district may have been upgraded meanwhile.
    daily.retryNow();
    await daily.tick();
    expect(sent).toHaveLength(3);
    expect(sent[2]?.counts).toHaveProperty('unresolvedRetests', 0);
    expect(daily.status().state).toBe('acknowledged');
  });

  it('strips only the added counts, and nothing from a report without them', () => {
    const report = { protocol: 1, counts: { entries: 2, retests: 1, unresolvedRetests: 1 } };
    expect(withoutAddedCounts(report)).toEqual({
      protocol: 1,
      counts: { entries: 2, retests: 1 },
    });
    expect(report.counts.unresolvedRetests).toBe(1);
    expect(withoutAddedCounts({ protocol: 1, counts: { entries: 2 } })).toBeNull();
    expect(withoutAddedCounts({ protocol: 1 })).toBeNull();
    expect(withoutAddedCounts(null)).toBeNull();
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
