// The daily report on a real database with an injected clock: nothing before 16:30 Beijing
// time, then the day's counts (an explicit zero on a quiet day, the retests still unresolved)
// and its sequence range sent until acknowledged, again without the added fields to a receiver
// that refuses them, tried again after a backoff, and shown as late when the deadline nears
// without an answer. Its corrections are in daily-report-corrections.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstEdition } from '../../../backend/upload/daily-report';
import type { DistrictAnswer } from '../../../backend/upload/district-client';
import { readInstallationId } from '../../../backend/upload/outbox';
import { insertEntryRow } from '../../fixtures/entry-rows';
import { beijing, openKiosk, withoutSequence, type ReportKiosk } from './daily-report-rig';

let kiosk: ReportKiosk;

beforeEach(() => {
  kiosk = openKiosk();
});

afterEach(() => {
  kiosk.close();
});

/** The fields of protocol 1's first edition; a receiver written then refuses any other. */
const firstEditionFields = {
  report: 'protocol schoolId gateId installationId reportId date generatedAt counts zero'.split(
    ' ',
  ),
  counts: ['entries', 'visitors', 'denied', 'retests', 'feverCases'],
};

/** Answers as a receiver written before the added fields: refuses any unknown field. */
function firstEditionReceiver(payload: unknown): DistrictAnswer | undefined {
  const report = payload as { counts: Record<string, number> };
  const unknown = Object.keys(report).find((name) => !firstEditionFields.report.includes(name));
  if (unknown !== undefined) return { kind: 'malformed', reason: `Unrecognized key: "${unknown}"` };
  const unknownCount = Object.keys(report.counts).find(
    (name) => !firstEditionFields.counts.includes(name),
  );
  return unknownCount === undefined
    ? undefined
    : { kind: 'malformed', reason: `counts: Unrecognized key: "${unknownCount}"` };
}

describe('the daily report', () => {
  it('is made at 16:30 with the day’s counts and entry range, and acknowledged', async () => {
    // Yesterday evening in Beijing, and yesterday had no report: it is made now.
    const lastNight = insertEntryRow(kiosk.db, { at: '2026-11-22T15:59:59.000Z' });
    const first = insertEntryRow(kiosk.db, { at: beijing('07:30').toISOString() });
    insertEntryRow(kiosk.db, { at: beijing('07:31').toISOString(), decision: 'deny' });
    insertEntryRow(kiosk.db, { at: beijing('07:32').toISOString(), decision: 'retest' });
    const last = insertEntryRow(kiosk.db, {
      at: beijing('07:33').toISOString(),
      decision: 'refer',
    });
    const daily = kiosk.reports();
    kiosk.clock = beijing('16:29');
    await daily.tick();
    expect(kiosk.sent).toMatchObject([
      {
        date: '2026-11-22',
        counts: { entries: 1 },
        sequence: { first: lastNight, last: lastNight },
        generatedAt: kiosk.clock.toISOString(),
      },
    ]);
    expect(daily.status()).toMatchObject({ state: 'not-due', late: false, generatedAt: null });
    kiosk.clock = beijing('16:30');
    await daily.tick();
    expect(kiosk.sent.slice(1)).toMatchObject([
      {
        date: '2026-11-23',
        counts: { entries: 4, visitors: 0, denied: 1, retests: 1, feverCases: 1 },
        sequence: { first, last },
        zero: false,
      },
    ]);
    expect(kiosk.sent[1]?.reportId).toBe(`${readInstallationId(kiosk.db)}:2026-11-23`);
    expect(daily.status()).toMatchObject({
      state: 'acknowledged',
      late: false,
      generatedAt: kiosk.clock.toISOString(),
    });
    await daily.tick();
    expect(kiosk.sent).toHaveLength(2);
  });

  it('says zero explicitly on a quiet day', async () => {
    kiosk.clock = beijing('16:31');
    await kiosk.reports().tick();
    expect(kiosk.sent).toEqual([
      expect.objectContaining({
        counts: {
          entries: 0,
          visitors: 0,
          denied: 0,
          retests: 0,
          feverCases: 0,
          unresolvedRetests: 0,
          // A single kiosk keeps the absence register: its counts are there, as 0, too.
          absentIll: 0,
          returnsCleared: 0,
        },
        sequence: null,
        zero: true,
      }),
    ]);
  });

  it('counts the day’s retests nothing has ended, as they stand when the report is made', async () => {
    const retest = (hhmm: string) =>
      insertEntryRow(kiosk.db, { at: beijing(hhmm).toISOString(), decision: 'retest' });
    const follow = (retestId: number, at: string, decision: 'pass' | 'deny' | 'refer') =>
      insertEntryRow(kiosk.db, { at, decision, followsEntryId: retestId });
    follow(retest('07:30'), beijing('07:31').toISOString(), 'pass');
    follow(retest('07:40'), beijing('08:00').toISOString(), 'deny'); // a guard ended it
    const open = retest('08:10');
    retest('11:00');
    // Yesterday's open retest was yesterday's report's (made at the first tick).
    insertEntryRow(kiosk.db, { at: '2026-11-22T10:00:00.000Z', decision: 'retest' });
    const daily = kiosk.reports();
    kiosk.clock = beijing('16:29');
    await daily.tick();
    expect(kiosk.sent.splice(0)).toMatchObject([
      { date: '2026-11-22', counts: { entries: 1, retests: 1, unresolvedRetests: 1 } },
    ]);
    kiosk.clock = beijing('16:30');
    kiosk.answers = [
      { kind: 'retry', code: 'server', error: 'The district answered 503', retryAfterMs: null },
    ];
    await daily.tick();
    expect(kiosk.sent).toMatchObject([
      { counts: { entries: 6, denied: 1, retests: 4, feverCases: 0, unresolvedRetests: 2 } },
    ]);
    // Ended after the report was made, before it got through: the report still waiting is
    // corrected, counting the retests open at its new generatedAt. (The rest, sent and
    // acknowledged, is in daily-report-corrections.test.ts.)
    const ended = follow(open, beijing('16:40').toISOString(), 'pass');
    kiosk.clock = beijing('16:45');
    await daily.tick();
    expect(kiosk.sent).toHaveLength(2);
    expect(kiosk.sent[1]).toEqual({
      ...kiosk.sent[0],
      generatedAt: beijing('16:45').toISOString(),
      counts: { ...kiosk.sent[0]?.counts, entries: 7, unresolvedRetests: 1 },
      sequence: { first: kiosk.sent[0]?.sequence?.first, last: ended },
    });
    expect(daily.status().state).toBe('acknowledged');
  });

  it('sends the report again at once without the added fields to a receiver that refuses them', async () => {
    const entry = insertEntryRow(kiosk.db, {
      at: beijing('07:30').toISOString(),
      decision: 'retest',
    });
    const daily = kiosk.reports(firstEditionReceiver);
    kiosk.clock = beijing('16:30');
    await daily.tick();
    const firstCounts = { entries: 1, visitors: 0, denied: 0, retests: 1, feverCases: 0 };
    expect(kiosk.sent.map((report) => report.counts)).toEqual([
      { ...firstCounts, unresolvedRetests: 1, absentIll: 0, returnsCleared: 0 },
      firstCounts,
    ]);
    expect(kiosk.sent[0]?.sequence).toEqual({ first: entry, last: entry });
    // The same report (reportId, generatedAt) as the first edition had it.
    expect(kiosk.sent[1]).toEqual({
      ...withoutSequence(kiosk.sent[0]),
      counts: kiosk.sent[1]?.counts,
    });
    expect(daily.status()).toMatchObject({ state: 'acknowledged', lastError: null });
  });

  it('keeps a report refused without the added count too, with the reason, for a retry', async () => {
    const daily = kiosk.reports();
    kiosk.answers = [
      { kind: 'malformed', reason: 'counts: Unrecognized key: "unresolvedRetests"' },
      { kind: 'malformed', reason: 'gateId "south" does not match X-Gate-Id "north"' },
    ];
    kiosk.clock = beijing('16:30');
    await daily.tick();
    expect(kiosk.sent).toHaveLength(2);
    expect(daily.status()).toMatchObject({
      state: 'waiting',
      lastError: 'gateId "south" does not match X-Gate-Id "north"',
    });
    // Tried again in full: a district may have been upgraded meanwhile.
    daily.retryNow();
    await daily.tick();
    expect(kiosk.sent).toHaveLength(3);
    expect(kiosk.sent[2]?.counts).toHaveProperty('unresolvedRetests', 0);
    expect(daily.status().state).toBe('acknowledged');
  });

  it('strips only the added fields, and nothing from a report without them', () => {
    const report = {
      protocol: 1,
      counts: { entries: 2, retests: 1, unresolvedRetests: 1 },
      sequence: { first: 7, last: 8 },
      zero: false,
    };
    expect(firstEdition(report)).toEqual({
      protocol: 1,
      counts: { entries: 2, retests: 1 },
      zero: false,
    });
    expect(report.counts.unresolvedRetests).toBe(1);
    expect(report.sequence).toEqual({ first: 7, last: 8 });
    // Either one alone, a null sequence too (a day with no entries).
    const quiet = { protocol: 1, counts: { entries: 0 }, sequence: null };
    expect(firstEdition(quiet)).toEqual({ protocol: 1, counts: { entries: 0 } });
    const counted = { protocol: 1, counts: { entries: 2, unresolvedRetests: 0 } };
    expect(firstEdition(counted)).toEqual({ protocol: 1, counts: { entries: 2 } });
    // The register's counts go too, and `zero` then says what the counts left say.
    const ill = {
      protocol: 1,
      counts: { entries: 0, absentIll: 1, returnsCleared: 0 },
      zero: false,
    };
    expect(firstEdition(ill)).toEqual({ protocol: 1, counts: { entries: 0 }, zero: true });
    expect(firstEdition({ protocol: 1, counts: { entries: 2 } })).toBeNull();
    expect(firstEdition({ protocol: 1 })).toBeNull();
    expect(firstEdition(null)).toBeNull();
  });

  it('tries again after a backoff, and is late half an hour before the deadline', async () => {
    const daily = kiosk.reports();
    kiosk.answers = [
      { kind: 'retry', code: 'server', error: 'The district answered 503', retryAfterMs: null },
      { kind: 'retry', code: 'server', error: 'The district answered 503', retryAfterMs: null },
    ];
    kiosk.clock = beijing('16:30');
    await daily.tick();
    expect(daily.status()).toMatchObject({
      state: 'waiting',
      lastError: 'The district answered 503',
      late: false,
    });
    await daily.tick();
    expect(kiosk.sent).toHaveLength(1);
    kiosk.clock = beijing('17:01');
    await daily.tick();
    expect(kiosk.sent).toHaveLength(2);
    expect(daily.status()).toMatchObject({ state: 'waiting', late: true });
    daily.retryNow();
    await daily.tick();
    expect(daily.status()).toMatchObject({ state: 'acknowledged', late: false });
    // The same report, unchanged, each time.
    expect(new Set(kiosk.sent.map((report) => JSON.stringify(report))).size).toBe(1);
  });
});
