// A visitor who came in longer ago than the retention period and was never let out, after the
// purge erased their appointment (migration 0150): the guard's list and the admin's day still
// show them, without a name; their exit is written, with no name, through the entry log and its
// outbox; and their old pass is refused at the gate as expired, even on a gate whose clock runs
// behind, rather than failing on the purged row.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entryViewSchema, type CheckView } from '../../../contract/api';
import { createAppointments } from '../../../backend/visitors/appointments';
import { loadOrCreateSchoolKeys } from '../../../backend/visitors/school-keys';
import { testCipher } from '../../rigs/field-cipher';
import {
  gateCaller,
  madeAt,
  oldVisitor,
  purgedAt,
  startPurgedKiosk,
  type PurgedKiosk,
} from './purged-records-kiosk';

let rig: PurgedKiosk;

beforeEach(async () => {
  rig = await startPurgedKiosk();
});

afterEach(async () => {
  await rig.close();
});

const minutesSince = (end: string, now: Date) =>
  Math.floor((now.getTime() - Date.parse(end)) / 60_000);

describe('a purged visitor still inside', () => {
  it('is listed for the guard and in the day at a glance, without a name', async () => {
    const inside = await rig.answer('visitorsOnCampus', {}, rig.guard);
    const until = '2026-11-23T06:00:00.000Z';
    const expected = {
      appointmentId: rig.old.approved,
      name: null,
      host: oldVisitor.host,
      area: oldVisitor.area,
      enteredAt: '2026-11-23T03:00:00.000Z',
      until,
      overstayMinutes: minutesSince(until, rig.clock.now),
    };
    expect(inside).toEqual([expected]);
    const today = await rig.answer('todaySummary', {}, rig.admin);
    expect(today.onCampus).toEqual([expected]);
  });

  it('leaves: the exit is written without a name, with its outbox row, and the list empties', async () => {
    const exit = await rig.answer(
      'recordVisitorExit',
      { appointmentId: rig.old.approved },
      rig.guard,
    );
    expect(entryViewSchema.parse(exit)).toMatchObject({
      direction: 'out',
      decision: 'pass',
      reasons: ['visitor-exit'],
      person: null,
      visit: { appointmentId: rig.old.approved, area: oldVisitor.area },
    });
    const row = rig.db
      .prepare(
        `SELECT e.name, e.kind, e.class_name, e.direction, o.entry_id AS queued
         FROM entries e LEFT JOIN outbox o ON o.entry_id = e.id WHERE e.id = ?`,
      )
      .get(exit.id);
    expect(row).toEqual({
      name: null,
      kind: 'visitor',
      class_name: oldVisitor.area,
      direction: 'out',
      queued: exit.id,
    });
    expect(await rig.answer('visitorsOnCampus', {}, rig.guard)).toEqual([]);
    // A second tap finds them gone, as for anyone.
    const again = await rig.refusal(
      'recordVisitorExit',
      { appointmentId: rig.old.approved },
      rig.guard,
    );
    expect(again.code).toBe('bad-input');
  });

  it('has the old pass refused as expired, also where the clock runs behind', async () => {
    const before = rig.rows('appointments');
    const refusedFor = async (at: Date) => {
      rig.clock.now = at;
      const check = (await rig.value(
        'scan',
        { text: rig.old.pass, source: 'camera' },
        gateCaller,
      )) as CheckView;
      return check.entry?.reasons;
    };
    // First a gate clock set back into the visit's window: the pass's own dates look valid,
    // but the appointment says the visit ended long ago. (In this order, because the same pass
    // again within seconds of the clock is taken for the same visitor still holding it.)
    expect(await refusedFor(new Date(madeAt.getTime() + 7_200_000))).toEqual(['pass-expired']);
    expect(await refusedFor(new Date(purgedAt.getTime() + 7_200_000))).toEqual(['pass-expired']);
    expect(rig.rows('appointments')).toEqual(before);
  });

  it('is never counted again: the erased appointment takes no entry, and nothing fails', () => {
    // The gate's own view of the appointment (kiosk.ts: useVisit); the cipher opens nothing here.
    const keys = () => loadOrCreateSchoolKeys(rig.dir);
    const appointments = createAppointments(rig.db, keys, () => rig.clock.now, testCipher);
    expect(appointments.standing(rig.old.approved)).toEqual({
      revoked: false,
      used: 1,
      erased: true,
    });
    expect(appointments.useEntry(rig.old.approved)).toBe(false);
    expect(appointments.standing(rig.old.approved)?.used).toBe(1);
  });
});
