// Courier drop-offs through the contract: the guard registers one (phone checked, the guard's
// name and gate recorded), the admin lists the day's with phone numbers masked, and nobody
// signed out can register one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CourierDropOffView } from '../../../contract/operations/courier-operations';
import { startGateVisitorKiosk, type GateVisitorKiosk } from './gate-visitor-kiosk';

let rig: GateVisitorKiosk;

beforeEach(async () => {
  rig = await startGateVisitorKiosk();
});

afterEach(async () => {
  await rig.close();
});

const courier = {
  courierName: '刘师傅',
  phone: '138 0013 8000',
  company: '顺丰',
  recipient: '教务处 张老师',
  parcels: 2,
  note: null,
};

describe('courier drop-offs', () => {
  it('are recorded with time, gate and guard, and listed for the day with the phone masked', async () => {
    const saved = await rig.value<CourierDropOffView>('registerCourier', courier, rig.guard);
    expect(saved).toMatchObject({
      courierName: '刘师傅',
      phone: '138****8000',
      company: '顺丰',
      recipient: '教务处 张老师',
      parcels: 2,
      gateId: 'north',
      guardName: '王保安',
      at: '2026-11-23T02:00:00.000Z',
    });
    rig.clock.now = new Date('2026-11-23T03:00:00.000Z');
    await rig.value('registerCourier', { ...courier, phone: '010-62751234' }, rig.guard);

    const today = await rig.value<CourierDropOffView[]>('courierDropOffs', {}, rig.admin);
    expect(today.map((drop) => drop.phone)).toEqual(['010-****1234', '138****8000']);
    expect(JSON.stringify(today)).not.toContain('13800138000');
    // Shanghai's 2026-11-23 ends at 16:00 UTC; the next day starts empty.
    rig.clock.now = new Date('2026-11-23T16:00:00.000Z');
    expect(await rig.value('courierDropOffs', {}, rig.admin)).toEqual([]);
    expect(await rig.value('courierDropOffs', { date: '2026-11-23' }, rig.admin)).toHaveLength(2);
  });

  it('refuses a phone number that is neither a mobile nor a fixed line, and saves nothing', async () => {
    for (const phone of ['12345678901', '1380013800', '62751234']) {
      const result = await rig.call('registerCourier', { ...courier, phone }, rig.guard);
      expect(result.ok ? 'saved' : result.error.code, phone).toBe('bad-input');
    }
    expect(await rig.value('courierDropOffs', {}, rig.admin)).toEqual([]);
  });

  it('needs a signed-in guard, and the list needs an admin', async () => {
    const anonymous = { actor: null, session: null, origin: 'test' };
    const signedOut = await rig.call('registerCourier', courier, anonymous);
    expect(signedOut.ok ? 'saved' : signedOut.error.code).toBe('unauthorized');
    const guardList = await rig.call('courierDropOffs', {}, rig.guard);
    expect(guardList.ok ? 'listed' : guardList.error.code).toBe('forbidden');
  });
});
