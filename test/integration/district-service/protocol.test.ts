// The district service against docs/district-protocol.md on its own PostgreSQL: the cases every
// receiver must pass (../district/protocol-cases.ts, the reference receiver passes them too), and
// what only a district with a register of gates can refuse: an unknown gate, another gate's
// secret, a revoked gate, a closed school. Also where the records land (the school day's
// partition), the fever alert a referral raises, and /healthz.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { batch, example, record, records, report } from '../../district/spec-client';
import { batchCases, refusalCases, reportCases } from '../district/protocol-cases';
import { answer, ok, refused } from '../district/receiver-rig';
import { startPostgres, type PostgresCluster } from '../../rigs/postgres';
import { closeSchool, issueSecret, revokeGate } from '../../../district/service/registry';
import { registerGate, serviceRig } from './service-rig';
import { waitFor } from '../../rigs/wait-for';
import { startDistrictService } from '../../../district/service/server';
import { detachBefore } from '../../../district/service/partitions';
import { openDb } from '../../../district/service/db';

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(() => cluster.destroy());

const rig = serviceRig(() => cluster);
beforeEach(() => rig.start());
afterEach(() => rig.stop());

batchCases(rig);
refusalCases(rig);
reportCases(rig);

describe('the register of gates', () => {
  const forbidden = (reason: RegExp) => ({
    status: 403,
    body: { error: 'forbidden', reason: expect.stringMatching(reason) },
  });

  it('answers 401 bad-signature to a gate it does not know, and to one signing with another gate’s secret', async () => {
    const unknown = { headers: { 'x-gate-id': 'east' } };
    const east = batch(records(1), { gateId: 'east' });
    expect(await answer(rig.upload(east, unknown))).toEqual(refused(401, 'bad-signature'));
    const northSecret = await registerGate(rig.pool, rig.keyring, example.schoolId, 'north');
    // North's own secret is north's: it does not sign for south, nor south's for north.
    expect(await answer(rig.upload(batch(records(1)), { secret: northSecret }))).toEqual(
      refused(401, 'bad-signature'),
    );
    const north = batch(records(1), { gateId: 'north' });
    const asNorth = { headers: { 'x-gate-id': 'north' } };
    expect(await answer(rig.upload(north, asNorth))).toEqual(refused(401, 'bad-signature'));
    expect(await answer(rig.upload(north, { ...asNorth, secret: northSecret }))).toEqual(ok(1, 0));
  });

  it('answers 403 with the reason to a revoked gate, and takes it again once a new secret is issued', async () => {
    await revokeGate(rig.pool, example.schoolId, example.gateId, 'test');
    // Its old secret still verifies: the kiosk is told it was revoked, not that it is wrong.
    expect(await answer(rig.upload(batch(records(1))))).toEqual(
      forbidden(/revoked on .*new secret/),
    );
    expect(await answer(rig.post('/v1/daily-reports', report()))).toEqual(forbidden(/revoked/));
    // A stranger signing for it still learns nothing but "bad signature".
    const stranger = rig.upload(batch(records(1)), { secret: 'guess' });
    expect(await answer(stranger)).toEqual(refused(401, 'bad-signature'));
    expect(await rig.stats()).toMatchObject({ records: 0, reports: 0 });
    const renewed = await issueSecret(rig.pool, rig.keyring, example.schoolId, example.gateId, 't');
    expect(await answer(rig.upload(batch(records(1)), { secret: renewed }))).toEqual(ok(1, 0));
  });

  it('answers 403 to every gate of a closed school', async () => {
    const northSecret = await registerGate(rig.pool, rig.keyring, example.schoolId, 'north');
    await closeSchool(rig.pool, example.schoolId, 'test');
    expect(await answer(rig.upload(batch(records(1))))).toEqual(forbidden(/school was closed/));
    const north = { headers: { 'x-gate-id': 'north' }, secret: northSecret };
    const fromNorth = rig.upload(batch(records(1), { gateId: 'north' }), north);
    expect(await answer(fromNorth)).toEqual(forbidden(/school was closed/));
    expect((await rig.stats()).records).toBe(0);
  });

  it('refuses an installation that sent as another school or gate, keeping the first one’s records and report', async () => {
    expect(await answer(rig.upload(batch(records(1, 2))))).toEqual(ok(2, 0));
    expect((await rig.post('/v1/daily-reports', report())).status).toBe(200);
    // A copy of the kiosk's database at another school, then at another gate of this one: the
    // same installation id, the same sequences, other people.
    const otherSchool = await registerGate(rig.pool, rig.keyring, '4403050002', 'south');
    const northSecret = await registerGate(rig.pool, rig.keyring, example.schoolId, 'north');
    const copies = [
      { schoolId: '4403050002', gateId: 'south', secret: otherSchool },
      { schoolId: example.schoolId, gateId: 'north', secret: northSecret },
    ];
    const copied = expect.stringMatching(
      /^installationId 6f1c2a8e-\S+ sends as gate south of school 4403050001: a second kiosk/,
    );
    for (const { schoolId, gateId, secret } of copies) {
      const headers = { 'x-school-id': schoolId, 'x-gate-id': gateId };
      const other = record(2, { person: null, cardText: 'COPY' });
      const sent = rig.upload(batch([other, record(3)], { schoolId, gateId }), { secret, headers });
      expect(await answer(sent)).toEqual({
        status: 400,
        body: { error: 'malformed', reason: copied },
      });
      const correction = report(
        { entries: 1, denied: 0, retests: 0, unresolvedRetests: 0 },
        { schoolId, gateId, generatedAt: '2026-11-23T09:00:00.000Z' },
      );
      const reported = rig.post('/v1/daily-reports', correction, { secret, headers });
      expect(await answer(reported)).toEqual({
        status: 400,
        body: { error: 'malformed', reason: copied },
      });
    }
    expect(await rig.stats()).toMatchObject({ records: 2, reports: 1 });
    expect((await rig.reports())[0]?.report).toMatchObject({
      schoolId: example.schoolId,
      gateId: example.gateId,
      generatedAt: report().generatedAt,
    });
  });
});

describe('storage', () => {
  it('files records by school day in Asia/Shanghai, and raises one fever alert per referral', async () => {
    // 23:30 UTC on the 22nd is 07:30 on the 23rd in Beijing.
    const early = record(1, { at: '2026-11-22T23:30:00.000Z' });
    const referral = record(2, {
      decision: 'refer',
      reasons: ['fever-confirmed'],
      temperature: { celsius: 38.2, method: 'device', source: 'gy906', measuredBy: null },
    });
    // 16:30 UTC on the 23rd is 00:30 on the 24th.
    const late = record(3, { at: '2026-11-23T16:30:00.000Z' });
    const sent = batch([early, referral, late]);
    expect(await answer(rig.upload(sent))).toEqual(ok(3, 0));
    expect(await answer(rig.upload(batch([referral])))).toEqual(ok(0, 1));
    const { rows } = await rig.pool.query<{ partition: string; sequence: number }>(
      'SELECT tableoid::regclass::text AS partition, sequence FROM records ORDER BY sequence',
    );
    expect(rows).toEqual([
      { partition: 'records_2026_11_23', sequence: 1 },
      { partition: 'records_2026_11_23', sequence: 2 },
      { partition: 'records_2026_11_24', sequence: 3 },
    ]);
    const alerts = await rig.pool.query(
      'SELECT kind, school_id, gate_id, day, record_id, detail FROM alerts',
    );
    expect(alerts.rows).toEqual([
      {
        kind: 'fever',
        school_id: example.schoolId,
        gate_id: example.gateId,
        day: '2026-11-23',
        record_id: referral.id,
        detail: {
          name: '王小明',
          className: '三年级2班',
          celsius: 38.2,
          gateId: example.gateId,
          at: referral.at,
          reasons: ['fever-confirmed'],
        },
      },
    ]);
  });

  it('detaches the days before one, and makes a detached day again for a late record', async () => {
    // 12:00 in Beijing on the 22nd and on the 23rd.
    const day22 = record(1, { at: '2026-11-22T04:00:00.000Z' });
    const day23 = record(2, { at: '2026-11-23T04:00:00.000Z' });
    expect(await answer(rig.upload(batch([day22, day23])))).toEqual(ok(2, 0));
    // Detached from elsewhere (the command line), so the service's cache of days does not know.
    const elsewhere = openDb(rig.databaseUrl, { max: 1 });
    const first = await detachBefore(elsewhere, '2026-11-23').finally(() => elsewhere.end());
    expect(first).toContain('detached_records_2026_11_22');
    const days = async () =>
      (await rig.pool.query<{ day: string }>('SELECT day FROM records ORDER BY day')).rows;
    expect(await days()).toEqual([{ day: '2026-11-23' }]);
    const moved = await rig.pool.query('SELECT sequence FROM detached_records_2026_11_22');
    expect(moved.rows).toEqual([{ sequence: 1 }]);
    // The service still thinks the 22nd has a partition: the failed insert corrects it.
    const late = record(3, { at: '2026-11-22T09:00:00.000Z' });
    expect(await answer(rig.upload(batch([late])))).toEqual(ok(1, 0));
    expect(await days()).toEqual([{ day: '2026-11-22' }, { day: '2026-11-23' }]);
    // Detached again, under a second name.
    const second = await detachBefore(rig.pool, '2026-11-23');
    expect(second).toContain('detached_records_2026_11_22_2');
    expect(await days()).toEqual([{ day: '2026-11-23' }]);
  });

  it('answers /healthz while the database answers, and /bureau 404 without the pages', async () => {
    expect(await answer(fetch(`${rig.service.url}/healthz`))).toEqual({
      status: 200,
      body: { ok: true },
    });
    expect((await fetch(`${rig.service.url}/bureau/`)).status).toBe(404);
  });

  it('hands /bureau to the bureau, sends / there, and sweeps its alerts on the period given', async () => {
    let sweeps = 0;
    const service = await startDistrictService({
      databaseUrl: rig.databaseUrl,
      keyring: rig.keyring,
      sweepSeconds: 0.02,
      bureau: () => ({
        handle: async (req, res) => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(`bureau ${req.url}`);
        },
        sweep: async () => {
          sweeps += 1;
        },
      }),
    });
    try {
      const page = await fetch(`${service.url}/bureau/alerts?date=2026-11-23`);
      expect(await page.text()).toBe('bureau /bureau/alerts?date=2026-11-23');
      const root = await fetch(`${service.url}/`, { redirect: 'manual' });
      expect([root.status, root.headers.get('location')]).toEqual([302, '/bureau/']);
      await waitFor(
        () => sweeps,
        (count) => count >= 2,
        { what: 'two sweeps' },
      );
    } finally {
      await service.close();
    }
  });
});
