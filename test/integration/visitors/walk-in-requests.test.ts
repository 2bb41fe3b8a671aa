// Walk-in requests through the contract (R5, "谁审核、谁负责"): the guard's request is checked
// and kept pending; an admin's approval makes an approved appointment whose pass the school's
// key verifies and which names the approver; a decline keeps its reason; a request is decided
// once; a guard cannot decide; the guard gets the pass of this gate's approved request only.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppointmentView } from '../../../contract/api';
import type { WalkInRequestView } from '../../../contract/operations/courier-operations';
import { idNumberCheckCharacter } from '../../../contract/id-number';
import { verifyPass } from '../../../backend/visitors/pass-token';
import { loadOrCreateSchoolKeys } from '../../../backend/visitors/school-keys';
import { startGateVisitorKiosk, type GateVisitorKiosk } from './gate-visitor-kiosk';

let rig: GateVisitorKiosk;

beforeEach(async () => {
  rig = await startGateVisitorKiosk();
});

afterEach(async () => {
  await rig.close();
});

const walkIn = {
  visitorName: '张伟',
  documentType: 'resident-id',
  documentNumber: '11010519491231002x',
  phone: '13800138000',
  host: '王老师（三年级二班）',
  reason: '送教材',
  area: '教学楼A座',
};

async function requested(): Promise<WalkInRequestView> {
  const answer = await rig.value<{ ok: boolean; request: WalkInRequestView }>(
    'requestWalkIn',
    walkIn,
    rig.guard,
  );
  return answer.request;
}

describe('walk-in requests', () => {
  it('are pending with the guard named and the numbers masked', async () => {
    const request = await requested();
    expect(request).toMatchObject({
      state: 'pending',
      requestedBy: '王保安',
      gateId: 'north',
      documentNumber: '110***********002X',
      phone: '138****8000',
      appointmentId: null,
    });
    const pending = await rig.value<WalkInRequestView[]>(
      'walkInRequests',
      { state: 'pending', limit: 50 },
      rig.admin,
    );
    expect(pending.map((one) => one.id)).toEqual([request.id]);
    expect(JSON.stringify(pending)).not.toContain('19491231');
  });

  it('answer a bad document number with the problem, and keep nothing', async () => {
    const answer = await rig.value(
      'requestWalkIn',
      { ...walkIn, documentNumber: '110105194912310021' },
      rig.guard,
    );
    expect(answer).toEqual({ ok: false, problem: 'wrong-check-character', kind: null });
    // A valid residence permit number given as a resident ID: the answer names what it is.
    const first17 = '81000019900101123';
    const permit = await rig.value(
      'requestWalkIn',
      { ...walkIn, documentNumber: first17 + idNumberCheckCharacter(first17) },
      rig.guard,
    );
    expect(permit).toEqual({ ok: false, problem: 'wrong-document-type', kind: 'residence-permit' });
    expect(await rig.value('walkInRequests', { limit: 50 }, rig.admin)).toEqual([]);
  });

  it('approved, make an approved appointment whose pass verifies, for two hours and one entry', async () => {
    const request = await requested();
    const approved = await rig.value<WalkInRequestView>(
      'approveWalkIn',
      { id: request.id },
      rig.admin,
    );
    expect(approved).toMatchObject({ state: 'approved', decidedBy: '李老师' });
    expect(approved.validTo).toBe('2026-11-23T04:00:00.000Z');

    const appointments = await rig.value<AppointmentView[]>(
      'listAppointments',
      { limit: 10 },
      rig.admin,
    );
    const appointment = appointments.find((one) => one.id === approved.appointmentId);
    expect(appointment).toMatchObject({
      state: 'approved',
      approvedBy: '李老师',
      visitorName: '张伟',
      host: '王老师（三年级二班）',
      entriesAllowed: 1,
    });

    const { token } = await rig.value<{ token: string; png: string }>(
      'walkInPass',
      { id: request.id },
      rig.guard,
    );
    const keys = loadOrCreateSchoolKeys(rig.dir);
    const verified = verifyPass(token, keys.publicKeys, rig.clock.now);
    expect(verified.ok && verified.pass.appointmentId).toBe(approved.appointmentId);
    expect(verified.ok && verified.pass.name).toBe('张伟');
    // The pass shown at this gate's camera lets the visitor in.
    const check = await rig.value<{ person: { name: string; kind: string } | null }>(
      'scan',
      { text: token, source: 'camera' },
      rig.guard,
    );
    expect(check.person).toMatchObject({ name: '张伟', kind: 'visitor' });

    const audit = await rig.value<{ actor: string; action: string }[]>(
      'auditLog',
      { limit: 20 },
      rig.admin,
    );
    const entry = audit.find((one) => one.action === 'approveWalkIn');
    expect(entry?.actor).toContain('李老师');
    expect(JSON.stringify(audit)).not.toContain('002X');
  });

  it('take the valid-to the admin gives, within the day', async () => {
    const request = await requested();
    const tooLong = await rig.call(
      'approveWalkIn',
      { id: request.id, validTo: '2026-11-24T02:00:00.000Z' },
      rig.admin,
    );
    expect(tooLong.ok ? 'approved' : tooLong.error.code).toBe('bad-input');
    const past = await rig.call(
      'approveWalkIn',
      { id: request.id, validTo: '2026-11-23T01:00:00.000Z' },
      rig.admin,
    );
    expect(past.ok ? 'approved' : past.error.code).toBe('bad-input');
    const approved = await rig.value<WalkInRequestView>(
      'approveWalkIn',
      { id: request.id, validTo: '2026-11-23T14:30:00+08:00' },
      rig.admin,
    );
    expect(approved.validTo).toBe('2026-11-23T06:30:00.000Z');
  });

  it('are decided once: approving twice, or declining after approval, is refused', async () => {
    const request = await requested();
    await rig.value('approveWalkIn', { id: request.id }, rig.admin);
    const twice = await rig.call('approveWalkIn', { id: request.id }, rig.admin);
    expect(twice.ok ? 'approved' : twice.error.message).toContain('already approved');
    const declined = await rig.call('declineWalkIn', { id: request.id, reason: '无' }, rig.admin);
    expect(declined.ok).toBe(false);
    const appointments = await rig.value<AppointmentView[]>(
      'listAppointments',
      { limit: 10 },
      rig.admin,
    );
    expect(appointments).toHaveLength(1);
  });

  it('declined, keep the reason and who declined, and give no pass', async () => {
    const request = await requested();
    const declined = await rig.value<WalkInRequestView>(
      'declineWalkIn',
      { id: request.id, reason: '被访人不在校' },
      rig.admin,
    );
    expect(declined).toMatchObject({
      state: 'declined',
      declineReason: '被访人不在校',
      decidedBy: '李老师',
    });
    const mine = await rig.value<WalkInRequestView[]>('gateWalkIns', {}, rig.guard);
    expect(mine[0]).toMatchObject({
      id: request.id,
      state: 'declined',
      declineReason: '被访人不在校',
    });
    const pass = await rig.call('walkInPass', { id: request.id }, rig.guard);
    expect(pass.ok ? 'pass' : pass.error.code).toBe('bad-input');
    expect(await rig.value('listAppointments', { limit: 10 }, rig.admin)).toEqual([]);
  });

  it('cannot be decided by a guard, nor asked for by nobody', async () => {
    const request = await requested();
    const approve = await rig.call('approveWalkIn', { id: request.id }, rig.guard);
    expect(approve.ok ? 'approved' : approve.error.code).toBe('forbidden');
    const decline = await rig.call('declineWalkIn', { id: request.id, reason: 'x' }, rig.guard);
    expect(decline.ok ? 'declined' : decline.error.code).toBe('forbidden');
    const anonymous = { actor: null, session: null, origin: 'test' };
    const asked = await rig.call('requestWalkIn', walkIn, anonymous);
    expect(asked.ok ? 'asked' : asked.error.code).toBe('unauthorized');
    const [still] = await rig.value<WalkInRequestView[]>('gateWalkIns', {}, rig.guard);
    expect(still?.state).toBe('pending');
  });
});
