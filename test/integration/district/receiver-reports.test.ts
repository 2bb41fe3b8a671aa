// The reference district receiver's daily reports against docs/district-protocol.md, signed by
// the helper written from the document: the cases every receiver must pass (storage, repeats and
// corrections, zero and inconsistent reports, the added counts: protocol-cases.ts, run against the
// district service too), and what a district lacks of a day by the reports' sequence ranges
// (GET /missing, the reference receiver's own). The rest of the receiver is in receiver.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batch, example, record, records, report, type Json } from '../../district/spec-client';
import { reportCases } from './protocol-cases';
import { answer, malformed, receiverRig } from './receiver-rig';

const rig = receiverRig();
const { post, upload } = rig;
const { installationId } = example;

beforeEach(() => rig.start());
afterEach(() => rig.stop());

reportCases(rig);

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
});
