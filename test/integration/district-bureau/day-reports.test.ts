// The bureau's day against the deadline, worked out by hand: a report first received at
// 16:29:59 Beijing is on time and one at 16:30:01 is late (deadline 16:30), a zero report, a
// silent school, and before the deadline "not yet due"; what is missing by sequence (a sequence
// in another day's range is not missing); unresolved retests; the silent alert raised once by
// two sweeps at once; acknowledging; the Excel export read back.
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayReports } from '../../../district/bureau/queries/day-reports';
import { missingOfDay } from '../../../district/bureau/queries/missing';
import { watchOfDay } from '../../../district/bureau/queries/records';
import { addDays } from '../../../district/bureau/format';
import {
  beijingAt,
  client,
  ensureDay,
  seedAccount,
  seedRecords,
  seedReport,
  seedSchool,
  startBureauRig,
  type BureauRig,
} from './bureau-rig';

const day = '2027-03-15';
const i1 = '6f1c2a8e-3b0d-4f5e-9a7c-2d8e1f0b4c6a';
const i2 = '0b7c9d2e-1111-4a2b-8c3d-4e5f60718293';
const i3 = '1c8d0e3f-2222-4b3c-9d4e-5f6071829304';
let rig: BureauRig;

beforeAll(async () => {
  rig = await startBureauRig();
  rig.clock.now = beijingAt(day, '16:31:00').getTime();
  await seedSchool(rig, { schoolId: 'A', name: '第一中学', area: '南山区' }, [
    { gateId: 'north', name: '北门' },
    { gateId: 'south' },
  ]);
  await seedSchool(rig, { schoolId: 'B', name: '实验小学' }, [{ gateId: 'g1', name: '正门' }]);
  await seedSchool(rig, { schoolId: 'C', name: '沉默小学' }, [{ gateId: 'g1', name: '东门' }]);
  // Not expected: a gate with no secret yet.
  await seedSchool(rig, { schoolId: 'D', name: '新建学校' }, [{ gateId: 'g1', secret: false }]);
  const north = { schoolId: 'A', gateId: 'north', installationId: i1 };
  // North: on time by one second, then corrected at 17:05 (first arrival decides).
  await seedReport(rig.pool, {
    ...north,
    date: day,
    firstReceivedAt: beijingAt(day, '16:29:59'),
    receivedAt: beijingAt(day, '17:05:00'),
    versions: 2,
    entries: 9,
    retests: 2,
    feverCases: 1,
    unresolvedRetests: 1,
    sequence: [100, 112],
  });
  // The day before, its clock set back: 107–108 are that day's records, not missing from today.
  await seedReport(rig.pool, {
    ...north,
    date: '2027-03-14',
    firstReceivedAt: beijingAt('2027-03-14', '16:00:00'),
    entries: 2,
    sequence: [107, 108],
  });
  const at = (time: string) => beijingAt(day, time);
  await seedRecords(rig.pool, day, north, [
    { sequence: 100, at: at('07:30:00') },
    {
      sequence: 101,
      at: at('07:31:00'),
      decision: 'retest',
      reasons: ['temperature-high'],
      celsius: 37.6,
    },
    { sequence: 102, at: at('07:36:00'), follows: 101, reasons: ['temperature-normal-on-retest'] },
    {
      sequence: 103,
      at: at('07:40:00'),
      decision: 'retest',
      name: '李雷',
      reasons: ['temperature-high'],
      celsius: 37.5,
    },
    {
      sequence: 104,
      at: at('07:45:00'),
      decision: 'refer',
      name: '韩梅梅',
      reasons: ['fever-confirmed'],
      celsius: 38.2,
    },
    { sequence: 106, at: at('08:00:00') },
    { sequence: 109, at: at('08:10:00') },
    { sequence: 110, at: at('08:11:00') },
    { sequence: 112, at: at('08:12:00') },
  ]);
  // South: late by one second; a kiosk from before the range (entries, no sequence).
  await seedReport(rig.pool, {
    schoolId: 'A',
    gateId: 'south',
    installationId: i2,
    date: day,
    firstReceivedAt: beijingAt(day, '16:30:01'),
    entries: 5,
  });
  // B: a zero report in the morning.
  await seedReport(rig.pool, {
    schoolId: 'B',
    gateId: 'g1',
    installationId: i3,
    date: day,
    firstReceivedAt: beijingAt(day, '10:00:00'),
    sequence: null,
  });
  await seedAccount(rig, 'officer1', 'officer');
}, 60_000);

afterAll(async () => {
  await rig?.close();
});

describe('the day against the deadline', () => {
  it('sorts each expected gate into sent, late, zero and silent after 16:30, problems first', async () => {
    const reports = await dayReports(rig.pool, day, rig.clock.now);
    expect(reports.deadline).toBe('16:30');
    expect(reports.due).toBe(true);
    expect(reports.counts).toEqual({ silent: 1, late: 1, pending: 0, zero: 1, sent: 1 });
    const statuses = reports.schools.map((school) => [
      school.schoolId,
      school.status,
      school.gates.map((gate) => `${gate.gateName}:${gate.status}`),
    ]);
    expect(statuses).toEqual([
      ['C', 'silent', ['东门:silent']],
      ['A', 'late', ['北门:sent', 'south:late']],
      ['B', 'zero', ['正门:zero']],
    ]);
    const north = reports.schools[1]?.gates[0];
    expect(north?.firstReceivedAt).toEqual(beijingAt(day, '16:29:59'));
    expect(north?.versions).toBe(2);
    expect(north?.missing).toBe(2);
    expect(reports.schools[1]?.gates[1]?.missing).toBeNull();
  });

  it('calls a gate with no report "not yet due" before the deadline, and none late', async () => {
    const reports = await dayReports(rig.pool, day, beijingAt(day, '16:29:00').getTime());
    expect(reports.due).toBe(false);
    expect(reports.counts.pending).toBe(1);
    expect(reports.counts.silent).toBe(0);
    expect(reports.schools[0]?.schoolId).toBe('A');
  });

  it('follows the deadline set by the admin', async () => {
    await rig.pool.query("UPDATE settings SET value = '16:31' WHERE name = 'report-deadline'");
    try {
      const reports = await dayReports(rig.pool, day, rig.clock.now);
      expect(reports.counts).toEqual({ silent: 1, late: 0, pending: 0, zero: 1, sent: 2 });
    } finally {
      await rig.pool.query("UPDATE settings SET value = '16:30' WHERE name = 'report-deadline'");
    }
  });

  it('shows the counts and the silent school first on today’s page', async () => {
    const officer = client(rig);
    expect((await officer.signIn('officer1')).status).toBe(303);
    const page = await officer.get('/bureau/');
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/data-testid="count-silent"><span class="n">1</);
    expect(page.body).toMatch(/data-testid="count-late"><span class="n">1</);
    expect(page.body).toContain('2027年3月15日 星期一');
    expect(page.body).toContain('16:29:59');
    expect(page.body.indexOf('沉默小学')).toBeLessThan(page.body.indexOf('第一中学'));
  });
});

describe('what the district lacks', () => {
  it('finds the gaps of each range, leaving out another day’s range of the same installation', async () => {
    const reports = await missingOfDay(rig.pool, day);
    const byId = new Map(reports.map((report) => [report.reportId, report]));
    expect(byId.get(`${i1}:${day}`)).toMatchObject({
      first: 100,
      last: 112,
      received: 9,
      missing: [
        [105, 105],
        [111, 111],
      ],
    });
    // No range but entries: it does not say. A zero report lacks nothing.
    expect(byId.get(`${i2}:${day}`)).toMatchObject({ received: null, missing: null });
    expect(byId.get(`${i3}:${day}`)).toMatchObject({ received: 0, missing: [] });
  });

  it('lists them on the missing page', async () => {
    const officer = client(rig);
    await officer.signIn('officer1');
    const page = await officer.get(`/bureau/missing?date=${day}`);
    expect(page.body).toContain('105, 111');
    expect(page.body).toContain('日报未给出序号范围');
  });
});

describe('fever referrals and retests', () => {
  it('lists the referral and only the retest nothing followed, newest first, ID masked', async () => {
    const watch = await watchOfDay(rig.pool, day);
    expect(watch.referrals.map((row) => row.recordId)).toEqual([`${i1}:104`]);
    expect(watch.unresolvedRetests.map((row) => row.recordId)).toEqual([`${i1}:103`]);
    const officer = client(rig);
    await officer.signIn('officer1');
    const page = await officer.get(`/bureau/fever?date=${day}`);
    expect(page.body).toContain('韩梅梅');
    expect(page.body).toContain('38.2 ℃');
    expect(page.body).toContain('110***********002X');
    expect(page.body).not.toContain('11010519491231002X');
  });

  it('reads the day’s partition and the next only, not every day of the year', async () => {
    // A month of days before: a query that names every partition is planned against each.
    for (let back = 1; back <= 30; back += 1) await ensureDay(rig.pool, addDays(day, -back));
    const sent: { text: string; values: unknown[] }[] = [];
    const spy = {
      query: (text: string, values: unknown[]) => {
        sent.push({ text, values });
        return rig.pool.query(text, values);
      },
    } as unknown as pg.Pool;
    await watchOfDay(spy, day);
    const [query] = sent;
    if (!query) throw new Error('watchOfDay sent no query');
    const plan = await rig.pool.query(`EXPLAIN (COSTS OFF) ${query.text}`, query.values);
    const read = new Set(JSON.stringify(plan.rows).match(/records_\d{4}_\d{2}_\d{2}/g));
    expect([...read].sort()).toEqual(['records_2027_03_15']);
  });
});

describe('alerts', () => {
  it('raises one silent alert for the silent school, even from two sweeps at once', async () => {
    rig.clock.now = beijingAt(day, '16:29:00').getTime();
    await rig.bureau.sweep();
    expect((await rig.pool.query("SELECT * FROM alerts WHERE kind = 'silent'")).rowCount).toBe(0);
    rig.clock.now = beijingAt(day, '16:31:00').getTime();
    await Promise.all([rig.bureau.sweep(), rig.bureau.sweep()]);
    await rig.bureau.sweep();
    const { rows } = await rig.pool.query<{ school_id: string; day: string; detail: object }>(
      "SELECT school_id, day, detail FROM alerts WHERE kind = 'silent'",
    );
    expect(rows).toEqual([
      {
        school_id: 'C',
        day,
        detail: { gates: [{ gateId: 'g1', name: '东门' }], deadline: '16:30' },
      },
    ]);
  });

  it('is acknowledged once, by the named officer, with a note', async () => {
    const { rows } = await rig.pool.query<{ alert_id: number }>(
      `INSERT INTO alerts (kind, school_id, gate_id, day, record_id, detail, raised_at)
       VALUES ('fever', 'A', 'north', $1, $2, $3, $4) RETURNING alert_id`,
      [
        day,
        `${i1}:104`,
        { name: '韩梅梅', className: '三年级2班', celsius: 38.2, reasons: ['fever-confirmed'] },
        beijingAt(day, '07:45:01'),
      ],
    );
    const id = rows[0]?.alert_id;
    const officer = client(rig);
    await officer.signIn('officer1');
    const before = await officer.get('/bureau/alerts');
    expect(before.body).toContain('韩梅梅');
    expect(before.body).toContain('截止 16:30 未收到日报：东门');
    const first = await officer.post(`/bureau/alerts/${id}/acknowledge`, {
      note: '已电话联系学校',
    });
    expect(first.location).toBe('/bureau/alerts?done=acknowledged');
    const again = await officer.post(`/bureau/alerts/${id}/acknowledge`, { note: 'twice' });
    expect(again.location).toBe('/bureau/alerts?done=already');
    const stored = await rig.pool.query(
      'SELECT acknowledged_by, note, acknowledged_at FROM alerts WHERE alert_id = $1',
      [id],
    );
    expect(stored.rows[0]).toEqual({
      acknowledged_by: 'officer1',
      note: '已电话联系学校',
      acknowledged_at: new Date(rig.clock.now),
    });
    const after = await officer.get('/bureau/alerts');
    // Named as people know the officer: the account's display name.
    expect(after.body).toContain('officer1 于 16:31:00 确认');
  });
});

describe('the Excel export', () => {
  it('writes the day by status, fever and retests with full ID numbers, and missing records; audited', async () => {
    const officer = client(rig);
    await officer.signIn('officer1');
    const file = await officer.bytes(`/bureau/export.xlsx?date=${day}`);
    expect(file.status).toBe(200);
    expect(file.type).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(file.body).buffer);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual([
      '上报情况',
      '发热与复测',
      '缺失记录',
    ]);
    const rows = (name: string) =>
      (book.getWorksheet(name)?.getSheetValues() ?? [])
        .filter(Boolean)
        .map((row) => (row as unknown[]).slice(1));
    const reports = rows('上报情况');
    expect(reports.slice(1).map((row) => [row[0], row[3], row[5], row[6]])).toEqual([
      ['C', 'g1', '未上报', undefined],
      ['A', 'north', '已上报', '2027-03-15 16:29:59'],
      ['A', 'south', '迟报', '2027-03-15 16:30:01'],
      ['B', 'g1', '零报告', '2027-03-15 10:00:00'],
    ]);
    const fever = rows('发热与复测');
    expect(fever.slice(1).map((row) => [row[0], row[8], row[11]])).toEqual([
      ['发热转诊', '韩梅梅', '11010519491231002X'],
      ['未完成的复测', '李雷', '11010519491231002X'],
    ]);
    const missing = rows('缺失记录');
    expect(missing.find((row) => row[5] === `${i1}:${day}`)?.[10]).toBe('105, 111');
    const audit = await rig.pool.query(
      "SELECT actor, detail FROM audit WHERE action = 'export-day' ORDER BY audit_id DESC LIMIT 1",
    );
    expect(audit.rows[0]).toMatchObject({ actor: 'officer1', detail: { date: day } });
  });

  it('writes a school’s records of the day in full, newest first, audited', async () => {
    const officer = client(rig);
    await officer.signIn('officer1');
    const file = await officer.bytes(`/bureau/schools/A/export.xlsx?date=${day}`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(file.body).buffer);
    const sheet = book.getWorksheet('当日记录');
    expect(sheet?.rowCount).toBe(10);
    expect(sheet?.getRow(2).values).toContain('2027-03-15 08:12:00');
    expect(sheet?.getRow(6).values).toEqual(
      expect.arrayContaining(['韩梅梅', '11010519491231002X', '转诊']),
    );
    const audit = await rig.pool.query(
      "SELECT detail FROM audit WHERE action = 'export-school' ORDER BY audit_id DESC LIMIT 1",
    );
    expect(audit.rows[0]).toEqual({ detail: { date: day, schoolId: 'A', records: 9 } });
  });
});
