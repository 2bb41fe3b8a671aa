// The gates a hub knows (backend/hub/hub-gates.ts) on a real hub database: the secret printed at
// enrolment signs requests the hub accepts; enrolling again makes the old secret fail; a revoked
// or unknown gate, a wrong signature and a clock more than 300 s off are refused, each saying
// why; and the secret is stored sealed under the hub's key, never as it is.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHubGates, type HubGates } from '../../../backend/hub/hub-gates';
import { removeTempDirs } from '../../fixtures/temp-data-dir';
import { openSide, signedRequest, type SchoolSide } from './hub-rig';

let hub: SchoolSide;
let gates: HubGates;
const clock = { now: new Date('2026-11-23T02:00:00.000Z') };

beforeEach(() => {
  hub = openSide('hub');
  gates = createHubGates(hub.db, hub.cipher, () => clock.now);
});

afterEach(() => {
  hub.db.close();
  removeTempDirs();
});

describe('a gate enrolled at the hub', () => {
  it('signs with the secret enrolment printed', () => {
    const secret = gates.enroll('east');
    expect(gates.verify(signedRequest('east', secret, clock.now))).toEqual({
      ok: true,
      gateId: 'east',
    });
  });

  it('stores its secret sealed, not as it is', () => {
    const secret = gates.enroll('east');
    const stored = hub.db
      .prepare<[], { secret: string }>("SELECT secret FROM hub_gates WHERE id = 'east'")
      .get()?.secret;
    expect(stored).not.toBe(secret);
    expect(stored).not.toContain(secret);
    expect(stored).toMatch(/^enc1:/);
    expect(JSON.stringify(gates.list())).not.toContain(secret);
  });

  it('enrolled again, refuses the old secret and takes the new one', () => {
    const old = gates.enroll('east');
    const renewed = gates.enroll('east');
    expect(renewed).not.toBe(old);
    expect(gates.verify(signedRequest('east', old, clock.now))).toEqual({
      ok: false,
      refusal: 'bad-signature',
    });
    expect(gates.verify(signedRequest('east', renewed, clock.now))).toMatchObject({ ok: true });
  });

  it('revoked, is refused as revoked even with its right secret', () => {
    const secret = gates.enroll('east');
    expect(gates.revoke('east')).toBe(true);
    expect(gates.verify(signedRequest('east', secret, clock.now))).toEqual({
      ok: false,
      refusal: 'revoked',
    });
    expect(gates.list()[0]?.revokedAt).toBe(clock.now.toISOString());
  });

  it('refuses a gate it does not know, and says there is none to revoke', () => {
    gates.enroll('east');
    expect(gates.verify(signedRequest('west', 'any secret', clock.now))).toEqual({
      ok: false,
      refusal: 'unknown-gate',
    });
    expect(gates.verify({ ...signedRequest('east', 'x', clock.now), gateId: undefined })).toEqual({
      ok: false,
      refusal: 'unknown-gate',
    });
    expect(gates.revoke('west')).toBe(false);
  });

  it('refuses a signature made with another secret, or over another body', () => {
    const secret = gates.enroll('east');
    expect(gates.verify(signedRequest('east', `${secret}x`, clock.now))).toEqual({
      ok: false,
      refusal: 'bad-signature',
    });
    const request = signedRequest('east', secret, clock.now);
    expect(gates.verify({ ...request, body: Buffer.from('{"cursor":99}') })).toEqual({
      ok: false,
      refusal: 'bad-signature',
    });
    expect(gates.verify({ ...request, signature: undefined })).toEqual({
      ok: false,
      refusal: 'bad-signature',
    });
  });

  it('refuses a request timed more than 300 s from the hub’s clock, either way', () => {
    const secret = gates.enroll('east');
    const off = (ms: number) => new Date(clock.now.getTime() + ms);
    expect(gates.verify(signedRequest('east', secret, off(300_000)))).toMatchObject({ ok: true });
    expect(gates.verify(signedRequest('east', secret, off(-300_000)))).toMatchObject({ ok: true });
    for (const ms of [300_001, -300_001, 3_600_000]) {
      expect(gates.verify(signedRequest('east', secret, off(ms))), String(ms)).toEqual({
        ok: false,
        refusal: 'clock',
      });
    }
    expect(
      gates.verify({ ...signedRequest('east', secret, clock.now), timestamp: 'soon' }),
    ).toEqual({ ok: false, refusal: 'clock' });
  });
});
