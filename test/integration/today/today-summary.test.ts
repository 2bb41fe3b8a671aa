// The admin's day at a glance on a real database: a Beijing day runs from 16:00 UTC the day
// before, so hours are counted on the Beijing clock across UTC midnight; decisions, visitor
// moves and denials with their reasons are counted for that day only; open fever cases show
// whatever day they were opened; the day's retests nothing has ended are listed with how long
// they have been open; and the day's queries walk the entries_at index.
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEntryLog, type EntryLog } from '../../../backend/entries/entry-log';
import { openDatabase } from '../../../backend/store/database';
import { byHourQuery, createTodaySummary } from '../../../backend/today/today-summary';
import { createVisitorsOnCampus } from '../../../backend/today/visitors-on-campus';
import { makeTempDir, removeTempDirs } from '../../fixtures/temp-data-dir';
import { appendEntry, insertAppointment, insertBasics } from '../../fixtures/visit-rows';
import { testCipher } from '../../rigs/field-cipher';

let db: Database;
let log: EntryLog;
const clock = new Date('2026-11-23T03:00:00.000Z');

beforeEach(() => {
  db = openDatabase(join(makeTempDir(), 'kiosk.db'));
  insertBasics(db);
  log = createEntryLog(db, testCipher);
});

afterEach(() => {
  db.close();
  removeTempDirs();
});

function summary(date?: string) {
  const visitors = createVisitorsOnCampus({
    db,
    entryLog: log,
    gateId: 'north',
    policyVersion: () => 1,
    now: () => clock,
  });
  return createTodaySummary(db, visitors, () => clock, testCipher).summary(date);
}

describe('today at a glance', () => {
  it('counts entries by Beijing hour, across midnight UTC, for that day only', () => {
    appendEntry(log, { at: '2026-11-22T15:59:59.999Z' }); // 23:59 on the 22nd in Beijing
    appendEntry(log, { at: '2026-11-22T23:30:00.000Z' }); // 07:30 on the 23rd
    appendEntry(log, { at: '2026-11-22T23:45:00.000Z' }); // 07:45
    appendEntry(log, { at: '2026-11-23T00:10:00.000Z' }); // 08:10, after midnight UTC
    appendEntry(log, { at: '2026-11-23T15:59:00.000Z' }); // 23:59 on the 23rd
    appendEntry(log, { at: '2026-11-23T16:00:00.000Z' }); // 00:00 on the 24th
    const today = summary();
    expect(today.date).toBe('2026-11-23');
    expect(today.byHour).toEqual([
      { hour: 7, entries: 2 },
      { hour: 8, entries: 1 },
      { hour: 23, entries: 1 },
    ]);
    expect(summary('2026-11-22').byHour).toEqual([{ hour: 23, entries: 1 }]);
  });

  it('counts decisions and denial reasons, and lists the latest denials first', () => {
    appendEntry(log, { at: '2026-11-23T00:00:00.000Z' });
    appendEntry(log, {
      at: '2026-11-23T00:01:00.000Z',
      decision: 'deny',
      reasons: ['card-unknown'],
    });
    appendEntry(log, {
      at: '2026-11-23T00:02:00.000Z',
      decision: 'deny',
      reasons: ['pass-expired'],
      name: '李四',
    });
    appendEntry(log, {
      at: '2026-11-23T00:03:00.000Z',
      decision: 'deny',
      reasons: ['card-unknown'],
    });
    appendEntry(log, {
      at: '2026-11-23T00:04:00.000Z',
      decision: 'deny',
      reasons: ['pass-forged'],
      cardText: 'GP1.a-signed-pass-that-holds-a-name',
      kind: 'visitor',
    });
    appendEntry(log, {
      at: '2026-11-22T10:00:00.000Z',
      decision: 'deny',
      reasons: ['pass-forged'],
    });
    const today = summary();
    expect(today.byDecision).toEqual({ pass: 1, deny: 4, retest: 0, refer: 0 });
    expect(today.deniedReasons).toEqual([
      { reason: 'card-unknown', count: 2 },
      { reason: 'pass-expired', count: 1 },
      { reason: 'pass-forged', count: 1 },
    ]);
    expect(today.latestDenied.map((denied) => denied.at)).toEqual([
      '2026-11-23T00:04:00.000Z',
      '2026-11-23T00:03:00.000Z',
      '2026-11-23T00:02:00.000Z',
      '2026-11-23T00:01:00.000Z',
    ]);
    expect(today.latestDenied[2]).toMatchObject({ name: '李四', reasons: ['pass-expired'] });
    // A refused pass is shown as 访客码; its text (which holds a name) never leaves the kiosk.
    expect(today.latestDenied[0]).toMatchObject({ cardText: '', visitorPass: true });
    expect(today.latestDenied[1]).toMatchObject({ cardText: 'S2026001', visitorPass: false });
  });

  it('counts visitors in and out and lists who is still on campus', () => {
    insertAppointment(db, 'A1', '2026-11-23T00:00:00.000Z', '2026-11-23T02:00:00.000Z');
    insertAppointment(db, 'A2', '2026-11-23T00:00:00.000Z', '2026-11-23T08:00:00.000Z');
    appendEntry(log, { at: '2026-11-23T00:30:00.000Z', appointmentId: 'A1' });
    appendEntry(log, { at: '2026-11-23T00:40:00.000Z', appointmentId: 'A2' });
    appendEntry(log, { at: '2026-11-23T01:00:00.000Z', appointmentId: 'A2', direction: 'out' });
    const today = summary();
    expect(today.visitors).toEqual({ in: 2, out: 1 });
    // An exit is not a check at the gate going in.
    expect(today.byDecision.pass).toBe(2);
    expect(
      today.onCampus.map((visitor) => [visitor.appointmentId, visitor.overstayMinutes]),
    ).toEqual([['A1', 60]]);
  });

  it('shows open fever cases from any day and no closed ones', () => {
    appendEntry(log, { at: '2026-11-20T00:00:00.000Z', decision: 'refer', celsius: 38.6 });
    appendEntry(log, { at: '2026-11-23T00:00:00.000Z', decision: 'refer', celsius: 38.2 });
    db.prepare(
      "UPDATE fever_cases SET outcome = 'sent-home', closed_at = '2026-11-23T01:00:00.000Z' WHERE id = 2",
    ).run();
    expect(summary().openCases).toEqual([
      { id: 1, openedAt: '2026-11-20T00:00:00.000Z', name: '张三', temperatureCelsius: 38.6 },
    ]);
  });

  it('lists the day’s retests nothing has ended, with how long each has been open', () => {
    const open = appendEntry(log, {
      at: '2026-11-23T00:30:00.000Z', // 08:30 in Beijing, two and a half hours before the clock
      decision: 'retest',
      reasons: ['temperature-high'],
      name: '李四',
      celsius: 37.8,
    });
    const retested = appendEntry(log, {
      at: '2026-11-23T00:40:00.000Z',
      decision: 'retest',
      reasons: ['temperature-high'],
    });
    appendEntry(log, {
      at: '2026-11-23T00:41:00.000Z',
      reasons: ['temperature-normal-on-retest'],
      followsEntryId: retested,
    });
    // Yesterday's open retest belongs to yesterday's summary (and yesterday's report).
    appendEntry(log, { at: '2026-11-22T09:00:00.000Z', decision: 'retest', name: '王五' });
    const today = summary();
    expect(today.byDecision.retest).toBe(2);
    expect(today.unresolvedRetests).toEqual({
      count: 1,
      retests: [
        {
          entryId: open,
          at: '2026-11-23T00:30:00.000Z',
          name: '李四',
          kind: 'student',
          className: '',
          firstCelsius: 37.8,
          openMinutes: 150,
        },
      ],
    });
    const yesterday = summary('2026-11-22').unresolvedRetests;
    expect(yesterday.count).toBe(1);
    expect(yesterday.retests.map((retest) => [retest.name, retest.openMinutes])).toEqual([
      ['王五', 18 * 60],
    ]);
  });

  it('reads the day through the entries_at index', () => {
    const plan = db
      .prepare<[string, string], { detail: string }>(`EXPLAIN QUERY PLAN ${byHourQuery}`)
      .all('a', 'b')
      .map((row) => row.detail);
    expect(plan.join('\n')).toContain('USING INDEX entries_at');
  });
});
