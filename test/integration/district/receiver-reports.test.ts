// The reference district receiver's daily reports against docs/district-protocol.md, signed by
// the helper written from the document: storage, repeats and corrections, zero and inconsistent
// reports, the optional count of unresolved retests; and what a district lacks of a day by the
// reports' sequence ranges (GET /missing). The rest of the receiver is in receiver.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batch, example, record, records, report, type Json } from '../../district/spec-client';
import { answer, clock, malformed, receiverRig } from './receiver-rig';

const rig = receiverRig();
const { post, upload, stats } = rig;
const { installationId } = example;

beforeEach(() => rig.start());
afterEach(() => rig.stop());

describe('daily reports', () => {
  const acknowledged = (receivedAt: string) => ({
    status: 200,
    body: { acknowledged: true, receivedAt },
  });

  it('stores a report, answers a repeat as the first, and replaces it with a correction', async () => {
    const sendReport = (payload: Json) => answer(post('/v1/daily-reports', payload));
    expect(await sendReport(report())).toEqual(acknowledged('2026-11-23T00:00:00.000Z'));
    rig.now = clock + 60_000;
    expect(await sendReport(report())).toEqual(acknowledged('2026-11-23T00:00:00.000Z'));
    const correction = report({ entries: 813 });
    expect(await sendReport(correction)).toEqual(acknowledged('2026-11-23T00:01:00.000Z'));
    expect((await stats()).reports).toBe(1);
    const stored = await (await fetch(`${rig.receiver.url}/reports`)).json();
    expect(stored).toEqual([{ receivedAt: '2026-11-23T00:01:00.000Z', report: correction }]);
  });

  it('takes a zero report and refuses inconsistent ones', async () => {
    const zeroCounts = {
      entries: 0,
      visitors: 0,
      denied: 0,
      retests: 0,
      feverCases: 0,
      unresolvedRetests: 0,
    };
    const day = { reportId: `${installationId}:2026-11-22`, date: '2026-11-22' };
    const zero = report(zeroCounts, { ...day, zero: true });
    expect((await post('/v1/daily-reports', zero)).status).toBe(200);
    for (const [payload, reason] of [
      [report({}, { zero: true }), /zero is true/],
      [report(zeroCounts), /zero must be true/],
      [report({}, { reportId: `${installationId}:2026-11-24` }), /reportId/],
      [report({ denied: 900 }), /more than counts.entries/],
      [report({}, { gateId: 'north' }), /X-Gate-Id/],
    ] as const) {
      expect(await answer(post('/v1/daily-reports', payload))).toEqual(malformed(reason));
    }
    expect(rig.receiver.stats().reports).toBe(1);
  });

  it('stores the optional count of unresolved retests and checks it when present', async () => {
    // The document's example has the count.
    expect((await post('/v1/daily-reports', report())).status).toBe(200);
    const stored = (await (await fetch(`${rig.receiver.url}/reports`)).json()) as {
      report: { counts: Record<string, number> };
    }[];
    expect(stored[0]?.report.counts).toEqual({
      entries: 812,
      visitors: 0,
      denied: 3,
      retests: 2,
      feverCases: 0,
      unresolvedRetests: 1,
    });
    // Without it, as from a kiosk that predates it: still a whole report (here a correction).
    const firstEdition = { entries: 812, visitors: 0, denied: 3, retests: 2, feverCases: 0 };
    const older = {
      ...report({}, { generatedAt: '2026-11-23T08:31:00.000Z' }),
      counts: firstEdition,
    };
    expect(await answer(post('/v1/daily-reports', older))).toMatchObject({ status: 200 });
    const [replaced] = (await (await fetch(`${rig.receiver.url}/reports`)).json()) as {
      report: { counts: Record<string, number> };
    }[];
    expect(replaced?.report.counts).toEqual(firstEdition);
    const zeroCounts = { entries: 0, visitors: 0, denied: 0, retests: 0, feverCases: 0 };
    for (const [payload, reason] of [
      [report({ unresolvedRetests: -1 }), /counts\.unresolvedRetests/],
      [report({ unresolvedRetests: 1.5 }), /counts\.unresolvedRetests/],
      [report({ unresolvedRetests: '1' }), /counts\.unresolvedRetests/],
      [report({ unresolvedRetests: null }), /counts\.unresolvedRetests/],
      [report({ unresolvedRetests: 3 }), /unresolvedRetests is more than counts.retests/],
      [report({ ...zeroCounts, unresolvedRetests: 1 }, { zero: true }), /zero is true/],
      [report({ ...zeroCounts, unresolvedRetests: 0 }), /zero must be true/],
    ] as const) {
      expect(await answer(post('/v1/daily-reports', payload))).toEqual(malformed(reason));
    }
    expect(rig.receiver.stats().reports).toBe(1);
  });

  it('stores the absence register counts, which make a day with no entries not zero', async () => {
    const readCounts = async () =>
      (
        (await (await fetch(`${rig.receiver.url}/reports`)).json()) as {
          report: { counts: Record<string, number> };
        }[]
      ).map((stored) => stored.report.counts);
    expect(
      (await post('/v1/daily-reports', report({ absentIll: 4, returnsCleared: 2 }))).status,
    ).toBe(200);
    expect(await readCounts()).toEqual([
      expect.objectContaining({ entries: 812, absentIll: 4, returnsCleared: 2 }),
    ]);
    // A Saturday: nobody at the gate, one pupil still off ill (the hub's or a single kiosk's).
    const saturday = { reportId: `${installationId}:2026-11-28`, date: '2026-11-28' };
    const quiet = { entries: 0, visitors: 0, denied: 0, retests: 0, feverCases: 0 };
    const weekend = { ...quiet, unresolvedRetests: 0, absentIll: 1, returnsCleared: 0 };
    expect((await post('/v1/daily-reports', report(weekend, saturday))).status).toBe(200);
    expect(await readCounts()).toContainEqual(weekend);
    const zero = { ...saturday, zero: true };
    for (const [payload, reason] of [
      [report(weekend, zero), /zero is true/],
      [report({ ...weekend, absentIll: 0, returnsCleared: 0 }, saturday), /zero must be true/],
      [report({ ...quiet, returnsCleared: 1 }, zero), /zero is true/],
      [report({ absentIll: -1 }), /counts\.absentIll/],
      [report({ absentIll: 1.5 }), /counts\.absentIll/],
      [report({ returnsCleared: '2' }), /counts\.returnsCleared/],
      [report({ returnsCleared: null }), /counts\.returnsCleared/],
    ] as const) {
      expect(await answer(post('/v1/daily-reports', payload))).toEqual(malformed(reason));
    }
    expect(rig.receiver.stats().reports).toBe(2);
  });
});

describe('what a district lacks', () => {
  const other = '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b';
  const third = 'a3bb189e-8bf9-4888-9912-ace4e6543002';
  const sendReport = (payload: Json) => answer(post('/v1/daily-reports', payload));
  const missing = (query: string) => answer(fetch(`${rig.receiver.url}/missing${query}`));
  const quiet = {
    entries: 0,
    visitors: 0,
    denied: 0,
    retests: 0,
    feverCases: 0,
    unresolvedRetests: 0,
  };
  const of = (installation: string, changes: Json = {}) => ({
    installationId: installation,
    reportId: `${installation}:2026-11-23`,
    ...changes,
  });

  it('lists, for each report of the day, the sequences in its range no record has', async () => {
    // 1–12 were the day's; 3, 6, 9 and 10 came, the other batches were withheld. 13 is the
    // next day's, and another kiosk's 4 is not this one's.
    for (const sent of [records(3), records(6), records(9, 10), records(13)]) {
      expect((await upload(batch(sent))).status).toBe(200);
    }
    const otherRecord = record(4, { id: `${other}:4` });
    expect((await upload(batch([otherRecord], { installationId: other }))).status).toBe(200);
    const range = { first: 1, last: 12 };
    const counts = { entries: 12, unresolvedRetests: 0 };
    expect((await sendReport(report(counts, { sequence: range }))).status).toBe(200);
    // A kiosk from before `sequence` does not say; one with a quiet day lacks nothing.
    expect((await sendReport(report({ entries: 5 }, of(other)))).status).toBe(200);
    const zero = report(quiet, of(third, { zero: true, sequence: null }));
    expect((await sendReport(zero)).status).toBe(200);
    const nextDay = { date: '2026-11-24', reportId: `${installationId}:2026-11-24` };
    // Another day's report is not this day's.
    const later = report({}, { ...nextDay, sequence: { first: 14, last: 900 } });
    expect((await sendReport(later)).status).toBe(200);
    const about = { schoolId: example.schoolId, gateId: example.gateId };
    expect(await missing('?date=2026-11-23')).toEqual({
      status: 200,
      body: {
        date: '2026-11-23',
        gates: [
          {
            ...about,
            ...of(other),
            generatedAt: '2026-11-23T08:30:00.000Z',
            entries: 5,
            first: null,
            last: null,
            received: null,
            missing: null,
          },
          {
            ...about,
            ...of(installationId),
            generatedAt: '2026-11-23T08:30:00.000Z',
            entries: 12,
            first: 1,
            last: 12,
            received: 4,
            missing: [
              [1, 2],
              [4, 5],
              [7, 8],
              [11, 12],
            ],
          },
          {
            ...about,
            ...of(third),
            generatedAt: '2026-11-23T08:30:00.000Z',
            entries: 0,
            first: null,
            last: null,
            received: 0,
            missing: [],
          },
        ],
      },
    });
    // The withheld batches arrive: nothing lacking any more.
    expect((await upload(batch(records(1, 2, 4, 5, 7, 8, 11, 12)))).status).toBe(200);
    const after = (await missing('?date=2026-11-23')).body as { gates: Json[] };
    expect(after.gates[1]).toMatchObject({ received: 12, missing: [] });
    expect(await missing('?date=2026-11-25')).toEqual({
      status: 200,
      body: { date: '2026-11-25', gates: [] },
    });
  });

  it('refuses a missing or bad date, and other methods', async () => {
    expect(await missing('')).toEqual(malformed(/date=YYYY-MM-DD/));
    for (const date of ['2026-02-30', '23.11.2026', '2026-11-23T00:00:00Z', '']) {
      expect(await missing(`?date=${date}`)).toEqual(malformed(/not YYYY-MM-DD/));
    }
    expect(
      (await fetch(`${rig.receiver.url}/missing?date=2026-11-23`, { method: 'POST' })).status,
    ).toBe(405);
  });

  it('refuses a report whose sequence range contradicts its count of entries', async () => {
    const later = '2026-11-23T08:31:00.000Z';
    for (const [payload, reason] of [
      [report(quiet, { zero: true, sequence: { first: 1, last: 1 } }), /entries is 0/],
      [report({ entries: 5 }, { sequence: null }), /sequence is null/],
      [report({ entries: 5 }, { sequence: { first: 5, last: 8 } }), /fewer than counts.entries/],
      [report({ entries: 5 }, { sequence: { first: 9, last: 3 } }), /after sequence.last/],
      [report({ entries: 5 }, { sequence: { first: 0, last: 3 } }), /sequence\.first/],
      [report({ entries: 5 }, { sequence: { first: 1 } }), /sequence\.last/],
      [report({ entries: 5 }, { sequence: { first: 1, last: 2, n: 2 } }), /Unrecognized key/],
    ] as const) {
      expect(await sendReport(payload)).toEqual(malformed(reason));
    }
    expect(rig.receiver.stats().reports).toBe(0);
    // A range wider than the count: the kiosk's clock was set back, other days' sequences in it.
    const exact = report({ entries: 5 }, { sequence: { first: 5, last: 9 } });
    expect((await sendReport(exact)).status).toBe(200);
    const wide = report({ entries: 5 }, { sequence: { first: 5, last: 12 }, generatedAt: later });
    expect((await sendReport(wide)).status).toBe(200);
    expect(rig.receiver.reports()[0]?.report.sequence).toEqual({ first: 5, last: 12 });
  });
});
