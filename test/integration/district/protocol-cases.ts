// What docs/district-protocol.md asks of any receiver, as cases run against both the reference
// receiver (receiver.test.ts, receiver-reports.test.ts) and the district service
// (district-service/protocol.test.ts): storage and idempotency of batches, every refusal the
// document names in its order of checks, the limits (a gzip bomb included), daily reports with
// their repeats, corrections and inconsistencies. Requests are signed by the helper written from
// the document (spec-client.ts), not by either receiver's code.
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { batch, example, record, records, report, type Json } from '../../district/spec-client';
import { answer, clock, malformed, ok, refused, type ReceiverRig } from './receiver-rig';

const { installationId } = example;
const one = (changes: Json) => batch([record(1, changes)]);

export function batchCases(rig: ReceiverRig): void {
  const { upload, stats } = rig;

  describe('batches', () => {
    it('stores a valid batch, unknown reason codes as they are, and commits before 200', async () => {
      const sent = [record(1201), record(1202, { reasons: ['code-from-a-newer-kiosk'] })];
      expect(await answer(upload(batch(sent)))).toEqual(ok(2, 0));
      expect(await stats()).toEqual({ records: 2, batches: 1, duplicates: 0, reports: 0 });
      expect(await rig.records()).toEqual(sent);
      // Committed: a new receiver on the same storage has them.
      await rig.restart();
      expect(await stats()).toEqual({ records: 2, batches: 1, duplicates: 0, reports: 0 });
    });

    it("stores a visitor's exit the guard recorded (no card text) and a hub's record of its gate", async () => {
      const exit = record(7, { direction: 'out', cardText: '' });
      const atGate = record(8, { gateId: 'north' });
      expect(await answer(upload(batch([exit, atGate])))).toEqual(ok(2, 0));
      expect(await rig.records()).toEqual([exit, atGate]);
      expect(await answer(upload(one({ gateId: '' })))).toMatchObject({ status: 400 });
    });

    it('stores each record id once; a repeat is answered as the first, duplicates counted', async () => {
      const first = batch(records(1, 2, 3));
      expect(await answer(upload(first))).toEqual(ok(3, 0));
      expect(await answer(upload(first))).toEqual(ok(3, 0));
      // The same records under a new batch id (after a power cut), then an overlapping batch.
      expect(await answer(upload(batch(records(1, 2, 3))))).toEqual(ok(0, 3));
      expect(await answer(upload(batch(records(3, 5))))).toEqual(ok(1, 1));
      // The reference receiver counts every record received again, repeats of a batch too; the
      // service keeps each batch's first answer, whose duplicates add up to 0 + 3 + 1.
      const duplicates = rig.kind === 'reference' ? 7 : 4;
      expect(await stats()).toEqual({ records: 4, batches: 3, duplicates, reports: 0 });
    });

    it('refuses a batch id sent again with other records', async () => {
      const first = batch(records(1, 2));
      await upload(first);
      const changed = { ...first, records: records(1), sequence: { first: 1, last: 1 } };
      expect(await answer(upload(changed))).toEqual(malformed(/batchId/));
    });

    it('takes a repeat whose JSON differs only in key order and white space', async () => {
      const first = batch(records(1, 2));
      expect(await answer(upload(first))).toEqual(ok(2, 0));
      const reordered = Object.fromEntries(Object.entries(first).reverse());
      const raw = gzipSync(JSON.stringify(reordered, null, 2));
      expect(await answer(upload(null, { raw }))).toEqual(ok(2, 0));
      expect((await stats()).records).toBe(2);
    });

    it('checks the full path on the request line under a base path', async () => {
      const prefixed = await rig.startOther({ basePath: '/gate' });
      try {
        expect(prefixed.url).toMatch(/\/gate$/);
        expect(await answer(upload(batch(records(1)), { base: prefixed.url }))).toEqual(ok(1, 0));
        const unprefixed = { base: prefixed.url, signedPath: '/v1/batches' };
        const wrongPath = answer(upload(batch(records(2)), unprefixed));
        expect(await wrongPath).toEqual(refused(401, 'bad-signature'));
      } finally {
        await prefixed.close();
      }
    });
  });
}

export function refusalCases(rig: ReceiverRig): void {
  const { post, upload } = rig;
  const storedRecords = async () => (await rig.stats()).records;
  const badSignature = refused(401, 'bad-signature');
  const stale = refused(401, 'stale-timestamp');

  describe('refusals', () => {
    it('answers 401 to a wrong secret, a tampered body, a missing or malformed signature', async () => {
      expect(await answer(upload(batch(records(1)), { secret: 'wrong' }))).toEqual(badSignature);
      const tamper = (body: Buffer) => Buffer.concat([body, Buffer.from([0])]);
      expect(await answer(upload(batch(records(1)), { tamper }))).toEqual(badSignature);
      const unsigned = { headers: { 'x-signature': null } };
      expect(await answer(upload(batch(records(1)), unsigned))).toEqual(badSignature);
      const short = { headers: { 'x-signature': `v1=${'0'.repeat(40)}` } };
      expect(await answer(post('/v1/daily-reports', report(), short))).toEqual(badSignature);
      // Checked before decompressing: a body that is not gzip is still "bad-signature".
      const raw = Buffer.from('abc');
      expect(await answer(upload(null, { raw, secret: 'wrong' }))).toEqual(badSignature);
      expect(await storedRecords()).toBe(0);
    });

    it('allows 300 s of clock difference either way and no more, saying its clock', async () => {
      for (const offset of [-300_000, 300_000]) {
        expect((await upload(batch(records(1)), { timestamp: clock + offset })).status).toBe(200);
      }
      // The last: seconds instead of milliseconds, signed correctly but 56 years off.
      for (const timestamp of [clock - 300_001, clock + 301_000, clock - 3_600_000, clock / 1000]) {
        expect(await answer(upload(batch(records(2)), { timestamp }))).toEqual(stale);
      }
      // The Date header is the clock the timestamp was checked against.
      const refusal = await upload(batch(records(2)), { timestamp: clock - 400_000 });
      expect(refusal.headers.get('date')).toBe(new Date(clock).toUTCString());
    });

    const manual = { celsius: 37.9, method: 'manual', source: null, measuredBy: null };
    it.each<[string, () => Json, RegExp]>([
      ['schoolId not X-School-Id', () => batch(records(1), { schoolId: '1' }), /schoolId.*X-Sch/],
      ['gateId not X-Gate-Id', () => batch(records(1), { gateId: 'north' }), /gateId.*X-Gate-Id/],
      ['an id not installationId:sequence', () => one({ id: `${installationId}:2` }), /\[0\]\.id/],
      [
        'a wrong sequence range',
        () => batch(records(1, 2), { sequence: { first: 1, last: 3 } }),
        /1–3/,
      ],
      [
        'records newest first',
        () => batch(records(2, 1)),
        /records\[1\]\.sequence 1 is not after 2/,
      ],
      ['an unknown decision', () => one({ decision: 'maybe' }), /records\[0\]\.decision/],
      ['protocol 2', () => batch(records(1), { protocol: 2 }), /protocol/],
      ['an unnamed field', () => batch(records(1), { note: 'x' }), /Unrecognized key.*note/],
      ['no records', () => batch([], { sequence: { first: 1, last: 1 } }), /records/],
      [
        'a bad installation id',
        () => batch(records(1), { installationId: 'k1' }),
        /installationId/,
      ],
      ['a time not in ISO 8601', () => one({ at: '23/11/2026 08:05' }), /records\[0\]\.at/],
      ['a manual reading naming no guard', () => one({ temperature: manual }), /measuredBy/],
    ])('answers 400 malformed to %s', async (_name, payload, reason) => {
      expect(await answer(upload(payload()))).toEqual(malformed(reason));
      expect(await storedRecords()).toBe(0);
    });

    it('answers 400 malformed to a body not gzip or not JSON, to missing headers, to a query', async () => {
      const raw = Buffer.from('abc');
      expect(await answer(upload(null, { raw }))).toEqual(malformed(/not gzip/));
      const notJson = gzipSync('{"protocol": 1,');
      expect(await answer(upload(null, { raw: notJson }))).toEqual(malformed(/not JSON/));
      const plain = { headers: { 'content-encoding': null } };
      expect(await answer(upload(batch(records(1)), plain))).toEqual(malformed(/Content-Encoding/));
      const noSchool = { headers: { 'x-school-id': null } };
      expect(await answer(upload(batch(records(1)), noSchool))).toEqual(malformed(/X-School-Id/));
      const query = rig.post('/v1/batches?gate=south', batch(records(1)));
      expect(await answer(query)).toEqual(malformed(/query string/));
    });

    it('answers 413 over 500 records, over 1 MiB of JSON, and to a gzip bomb', async () => {
      const tooLarge = refused(413, 'too-large');
      const numbered = (count: number) => Array.from({ length: count }, (_, at) => record(at + 1));
      expect(await answer(upload(batch(numbered(501))))).toEqual(tooLarge);
      const long = one({ reasons: ['x'.repeat(1024 * 1024)] });
      expect(await answer(upload(long))).toEqual(tooLarge);
      // 64 MiB of zeros in 64 KiB: inflating stops at the 1 MiB limit.
      const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
      expect(await answer(upload(null, { raw: bomb }))).toEqual(tooLarge);
      const incompressible = randomBytes(3 * 1024 * 1024);
      expect(await answer(upload(null, { raw: incompressible }))).toEqual(tooLarge);
      expect(await answer(upload(batch(numbered(500))))).toEqual(ok(500, 0));
    });

    it('answers 404 to unknown paths and 405 to other methods', async () => {
      expect((await post('/v2/batches', batch(records(1)))).status).toBe(404);
      expect((await fetch(`${rig.url}/v1`)).status).toBe(404);
      const get = await fetch(`${rig.url}/v1/batches`);
      expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    });
  });
}

export function reportCases(rig: ReceiverRig): void {
  const { post, stats } = rig;
  const sendReport = (payload: Json) => answer(post('/v1/daily-reports', payload));
  const readCounts = async () => (await rig.reports()).map((stored) => stored.report.counts);
  const zeroCounts = {
    entries: 0,
    visitors: 0,
    denied: 0,
    retests: 0,
    feverCases: 0,
    unresolvedRetests: 0,
  };
  const acknowledged = (receivedAt: string) => ({
    status: 200,
    body: { acknowledged: true, receivedAt },
  });

  describe('daily reports', () => {
    it('stores a report, answers a repeat as the first, and replaces it with a correction', async () => {
      expect(await sendReport(report())).toEqual(acknowledged('2026-11-23T00:00:00.000Z'));
      rig.now = clock + 60_000;
      expect(await sendReport(report())).toEqual(acknowledged('2026-11-23T00:00:00.000Z'));
      const correction = report({ entries: 813 });
      expect(await sendReport(correction)).toEqual(acknowledged('2026-11-23T00:01:00.000Z'));
      expect((await stats()).reports).toBe(1);
      expect(await rig.reports()).toEqual([
        { receivedAt: '2026-11-23T00:01:00.000Z', report: correction },
      ]);
      // An older version arriving late: acknowledged now, the correction kept.
      rig.now = clock + 120_000;
      const older = report({ entries: 811 }, { generatedAt: '2026-11-23T08:29:00.000Z' });
      expect(await sendReport(older)).toEqual(acknowledged('2026-11-23T00:02:00.000Z'));
      expect(await readCounts()).toEqual([expect.objectContaining({ entries: 813 })]);
    });

    it('takes a zero report and refuses inconsistent ones', async () => {
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
        expect(await sendReport(payload)).toEqual(malformed(reason));
      }
      expect((await stats()).reports).toBe(1);
    });

    it('stores the optional count of unresolved retests and checks it when present', async () => {
      // The document's example has the count.
      expect((await post('/v1/daily-reports', report())).status).toBe(200);
      expect(await readCounts()).toEqual([
        {
          entries: 812,
          visitors: 0,
          denied: 3,
          retests: 2,
          feverCases: 0,
          unresolvedRetests: 1,
        },
      ]);
      // Without it, as from a kiosk that predates it: still a whole report (here a correction).
      const firstEdition = { entries: 812, visitors: 0, denied: 3, retests: 2, feverCases: 0 };
      const older = {
        ...report({}, { generatedAt: '2026-11-23T08:31:00.000Z' }),
        counts: firstEdition,
      };
      expect(await sendReport(older)).toMatchObject({ status: 200 });
      expect(await readCounts()).toEqual([firstEdition]);
      const quiet = { entries: 0, visitors: 0, denied: 0, retests: 0, feverCases: 0 };
      for (const [payload, reason] of [
        [report({ unresolvedRetests: -1 }), /counts\.unresolvedRetests/],
        [report({ unresolvedRetests: 1.5 }), /counts\.unresolvedRetests/],
        [report({ unresolvedRetests: '1' }), /counts\.unresolvedRetests/],
        [report({ unresolvedRetests: null }), /counts\.unresolvedRetests/],
        [report({ unresolvedRetests: 3 }), /unresolvedRetests is more than counts.retests/],
        [report({ ...quiet, unresolvedRetests: 1 }, { zero: true }), /zero is true/],
        [report({ ...quiet, unresolvedRetests: 0 }), /zero must be true/],
      ] as const) {
        expect(await sendReport(payload)).toEqual(malformed(reason));
      }
      expect((await stats()).reports).toBe(1);
    });

    it('stores the absence register counts, which make a day with no entries not zero', async () => {
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
        expect(await sendReport(payload)).toEqual(malformed(reason));
      }
      expect((await stats()).reports).toBe(2);
    });

    it('refuses a report whose sequence range contradicts its count of entries', async () => {
      const later = '2026-11-23T08:31:00.000Z';
      for (const [payload, reason] of [
        [report(zeroCounts, { zero: true, sequence: { first: 1, last: 1 } }), /entries is 0/],
        [report({ entries: 5 }, { sequence: null }), /sequence is null/],
        [report({ entries: 5 }, { sequence: { first: 5, last: 8 } }), /fewer than counts.entries/],
        [report({ entries: 5 }, { sequence: { first: 9, last: 3 } }), /after sequence.last/],
        [report({ entries: 5 }, { sequence: { first: 0, last: 3 } }), /sequence\.first/],
        [report({ entries: 5 }, { sequence: { first: 1 } }), /sequence\.last/],
        [report({ entries: 5 }, { sequence: { first: 1, last: 2, n: 2 } }), /Unrecognized key/],
      ] as const) {
        expect(await sendReport(payload)).toEqual(malformed(reason));
      }
      expect((await stats()).reports).toBe(0);
      // A range wider than the count: the kiosk's clock was set back, other days' sequences in it.
      const exact = report({ entries: 5 }, { sequence: { first: 5, last: 9 } });
      expect((await sendReport(exact)).status).toBe(200);
      const wide = report({ entries: 5 }, { sequence: { first: 5, last: 12 }, generatedAt: later });
      expect((await sendReport(wide)).status).toBe(200);
      expect((await rig.reports())[0]?.report.sequence).toEqual({ first: 5, last: 12 });
    });
  });
}
