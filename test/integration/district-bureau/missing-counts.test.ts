// What the district lacks, worked out by hand for the cases the day's queries take apart: a
// gate's records after its report was made (past the range) are not received into it; a
// short range whose only gaps another day's range covers lacks nothing; a range with no record
// at all lacks all of it; a full range lacks nothing. Today's page counts (without the ranges)
// must agree with the missing page's ranges, for the district and for one school.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayReports } from '../../../district/bureau/queries/day-reports';
import { missingOfDay } from '../../../district/bureau/queries/missing';
import {
  beijingAt,
  seedRecords,
  seedReport,
  seedSchool,
  startBureauRig,
  type BureauRig,
} from './bureau-rig';

const day = '2027-04-12';
const inst = {
  g1: '7a1c2a8e-3b0d-4f5e-9a7c-2d8e1f0b4c01',
  g2: '7a1c2a8e-3b0d-4f5e-9a7c-2d8e1f0b4c02',
  g3: '7a1c2a8e-3b0d-4f5e-9a7c-2d8e1f0b4c03',
  g4: '7a1c2a8e-3b0d-4f5e-9a7c-2d8e1f0b4c04',
};
let rig: BureauRig;

async function gate(gateId: keyof typeof inst, range: [number, number], sequences: number[]) {
  const at = { schoolId: 'E', gateId, installationId: inst[gateId] };
  await seedReport(rig.pool, {
    ...at,
    date: day,
    firstReceivedAt: beijingAt(day, '16:30:00'),
    entries: range[1] - range[0] + 1,
    sequence: range,
  });
  await seedRecords(
    rig.pool,
    day,
    at,
    sequences.map((sequence) => ({ sequence, at: beijingAt(day, '07:30:00') })),
  );
}

beforeAll(async () => {
  rig = await startBureauRig();
  await seedSchool(rig, { schoolId: 'E', name: '边界小学' }, [
    { gateId: 'g1' },
    { gateId: 'g2' },
    { gateId: 'g3' },
    { gateId: 'g4' },
  ]);
  // g1: 4 lost; 11 and 12 were made after the report (16:30), past its range.
  await gate('g1', [1, 10], [1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12]);
  // g2: 24–25 are the previous Friday's (its clock was set back), in that day's range.
  await gate('g2', [20, 29], [20, 21, 22, 23, 26, 27, 28, 29]);
  await seedReport(rig.pool, {
    schoolId: 'E',
    gateId: 'g2',
    installationId: inst.g2,
    date: '2027-04-09',
    firstReceivedAt: beijingAt('2027-04-09', '16:30:00'),
    entries: 2,
    sequence: [24, 25],
  });
  // g3: nothing arrived; g4: everything did.
  await gate('g3', [5, 8], []);
  await gate('g4', [50, 59], [50, 51, 52, 53, 54, 55, 56, 57, 58, 59]);
}, 60_000);

afterAll(async () => {
  await rig?.close();
});

describe('records missing at the edges of a range', () => {
  const expected = {
    g1: { received: 9, missing: [[4, 4]] },
    g2: { received: 8, missing: [] },
    g3: { received: 0, missing: [[5, 8]] },
    g4: { received: 10, missing: [] },
  };

  it('lists the gaps of each report, for the district and for the school', async () => {
    for (const school of [null, 'E']) {
      const reports = await missingOfDay(rig.pool, day, school);
      expect(
        Object.fromEntries(
          reports.map((r) => [r.gateId, { received: r.received, missing: r.missing }]),
        ),
      ).toEqual(expected);
    }
  });

  it('counts the same on today’s page without the ranges', async () => {
    for (const school of [null, 'E']) {
      const reports = await dayReports(rig.pool, day, beijingAt(day, '17:00:00').getTime(), school);
      const gates = reports.schools.flatMap((s) => s.gates);
      expect(Object.fromEntries(gates.map((g) => [g.gateId, g.missing]))).toEqual({
        g1: 1,
        g2: 0,
        g3: 4,
        g4: 0,
      });
    }
  });
});
