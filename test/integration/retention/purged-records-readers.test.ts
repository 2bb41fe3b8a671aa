// The readers of records the retention purge erased (migration 0150), through dispatch on a real
// kiosk: appointments, walk-in requests and courier drop-offs older than the period are listed
// with their personal fields null and `purged` set, in answers that satisfy the contract; they
// are found by no number any more; and approving, revoking, deciding or asking for the pass of
// one is refused in a plain sentence and changes nothing. Fresh records are as they always were.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  freshVisitor,
  oldVisitor,
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

/** What a purged record's answer holds instead of the visitor: nothing, and the flag. */
const erasedVisitor = { visitorName: null, documentNumber: null, phone: null, purged: true };

describe('purged appointments', () => {
  it('are listed with the personal fields null and the flag set, the visit kept', async () => {
    const listed = await rig.answer('listAppointments', { limit: 50 }, rig.admin);
    const byId = new Map(listed.map((one) => [one.id, one]));
    for (const id of [rig.old.approved, rig.old.requested, rig.old.revoked]) {
      expect(byId.get(id), id).toMatchObject({
        ...erasedVisitor,
        vehiclePlate: null,
        passToken: null,
        revokeReason: null,
        host: oldVisitor.host,
        area: oldVisitor.area,
      });
    }
    expect(byId.get(rig.old.approved)).toMatchObject({ state: 'expired', entriesUsed: 1 });
    expect(byId.get(rig.old.requested)?.state).toBe('expired');
    expect(byId.get(rig.old.revoked)?.state).toBe('revoked');
    // The walk-in's appointment went with its visit.
    expect(listed.filter((one) => one.purged)).toHaveLength(4);
    expect(byId.get(rig.fresh.appointment)).toMatchObject({
      visitorName: freshVisitor.visitorName,
      documentNumber: '110***********7352',
      phone: '139****9000',
      state: 'approved',
      purged: false,
    });
    expect(JSON.stringify(listed)).not.toContain(oldVisitor.visitorName);
  });

  it('are found by no number any more; fresh ones still are', async () => {
    const byPhone = await rig.answer('findAppointments', { phone: oldVisitor.phone }, rig.admin);
    expect(byPhone).toEqual([]);
    const byDocument = await rig.answer(
      'findAppointments',
      { documentNumber: freshVisitor.documentNumber },
      rig.admin,
    );
    expect(byDocument.map((one) => one.id)).toEqual([rig.fresh.appointment]);
  });

  it('refuse approval, revocation and the pass in words, and change nothing', async () => {
    const before = rig.rows('appointments');
    expect(await rig.refusal('approveAppointment', { id: rig.old.requested }, rig.admin)).toEqual({
      code: 'bad-input',
      message: `Appointment ${rig.old.requested} was erased after the retention period and can no longer be approved.`,
    });
    for (const id of [rig.old.approved, rig.old.revoked]) {
      expect(await rig.refusal('revokeAppointment', { id, reason: '改期' }, rig.admin)).toEqual({
        code: 'bad-input',
        message: `Appointment ${id} was erased after the retention period and can no longer be revoked.`,
      });
    }
    expect(await rig.refusal('passImage', { id: rig.old.approved }, rig.admin)).toEqual({
      code: 'bad-input',
      message: `Appointment ${rig.old.approved} was erased after the retention period: its pass is gone.`,
    });
    expect(rig.rows('appointments')).toEqual(before);
  });
});

describe('purged walk-in requests', () => {
  it('are listed with the personal fields null and the flag set, the decision kept', async () => {
    const listed = await rig.answer('walkInRequests', { limit: 50 }, rig.admin);
    const byId = new Map(listed.map((one) => [one.id, one]));
    expect(byId.get(rig.old.pending)).toMatchObject({ ...erasedVisitor, state: 'pending' });
    expect(byId.get(rig.old.declined)).toMatchObject({
      ...erasedVisitor,
      state: 'declined',
      declineReason: null,
      decidedBy: '李老师',
    });
    expect(byId.get(rig.old.approvedWalkIn)).toMatchObject({ ...erasedVisitor, state: 'approved' });
    expect(byId.get(rig.fresh.pending)).toMatchObject({
      visitorName: freshVisitor.visitorName,
      phone: '139****9000',
      purged: false,
    });
    expect(JSON.stringify(listed)).not.toContain(oldVisitor.visitorName);
  });

  it('leave the pending list: an erased request is no work for an admin', async () => {
    const waiting = await rig.answer('walkInRequests', { state: 'pending', limit: 50 }, rig.admin);
    expect(waiting.map((one) => one.id)).toEqual([rig.fresh.pending]);
    const declined = await rig.answer(
      'walkInRequests',
      { state: 'declined', limit: 50 },
      rig.admin,
    );
    expect(declined.map((one) => [one.id, one.purged])).toEqual([[rig.old.declined, true]]);
    const atGate = await rig.answer('gateWalkIns', {}, rig.guard);
    expect(atGate.map((one) => one.id)).toEqual([rig.fresh.pending]);
    const found = await rig.answer(
      'findWalkInRequests',
      { documentNumber: oldVisitor.documentNumber },
      rig.admin,
    );
    expect(found).toEqual([]);
  });

  it('refuse a decision and the pass in words, and change nothing', async () => {
    const before = { requests: rig.rows('walk_in_requests'), visits: rig.rows('appointments') };
    const undecidable = (id: number) => ({
      code: 'bad-input',
      message: `Walk-in request ${id} was erased after the retention period and can no longer be decided.`,
    });
    for (const id of [rig.old.pending, rig.old.declined, rig.old.approvedWalkIn]) {
      expect(await rig.refusal('approveWalkIn', { id }, rig.admin)).toEqual(undecidable(id));
      expect(await rig.refusal('declineWalkIn', { id, reason: '太晚了' }, rig.admin)).toEqual(
        undecidable(id),
      );
    }
    expect(await rig.refusal('walkInPass', { id: rig.old.approvedWalkIn }, rig.guard)).toEqual({
      code: 'bad-input',
      message: `Walk-in request ${rig.old.approvedWalkIn} was erased after the retention period and has no pass any more.`,
    });
    // No appointment was made for a refused approval.
    expect({ requests: rig.rows('walk_in_requests'), visits: rig.rows('appointments') }).toEqual(
      before,
    );
  });
});

describe('purged courier drop-offs', () => {
  it('are listed without the courier, the phone, the recipient and the note', async () => {
    const oldDay = await rig.answer('courierDropOffs', { date: '2026-11-23' }, rig.admin);
    expect(oldDay).toEqual([
      {
        id: rig.old.courier,
        at: '2026-11-23T02:00:00.000Z',
        gateId: 'north',
        courierName: null,
        phone: null,
        company: '顺丰',
        recipient: null,
        parcels: 2,
        note: null,
        guardName: '王保安',
        purged: true,
      },
    ]);
    const today = await rig.answer('courierDropOffs', {}, rig.admin);
    expect(today).toMatchObject([
      { id: rig.fresh.courier, courierName: '新快递员', phone: '137****0004', purged: false },
    ]);
  });
});
