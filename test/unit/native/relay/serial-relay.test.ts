// The serial relay without a device: wrong settings and a relay that was never started must
// show up as plain words, never as a throw into the kiosk and never as a pulse that hangs.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeRelayError } from '../../../../native/relay/relay-line';
import { createSerialRelay } from '../../../../native/relay/serial-relay';
import type { Relay, RelayOptions } from '../../../../native/relay/serial-relay';

let dir = '';
let relays: Relay[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gate-relay-unit-'));
  relays = [];
});

afterEach(async () => {
  for (const relay of relays) await relay.close();
  rmSync(dir, { recursive: true, force: true });
});

function relay(options: RelayOptions): Relay {
  const created = createSerialRelay({ ...options, reconnectMs: 50 });
  relays.push(created);
  return created;
}

describe('createSerialRelay settings', () => {
  it.each<{ name: string; options: RelayOptions; words: RegExp }>([
    {
      name: 'an LCUS-1 channel out of range',
      options: { driver: 'lcus1', path: '', baudRate: 9600, channel: 9, pulseMs: 100 },
      words: /channel must be a whole number from 1 to 8, not 9/,
    },
    {
      name: 'a broadcast Modbus address',
      options: { driver: 'modbus', path: '', baudRate: 9600, address: 0, coil: 0, pulseMs: 100 },
      words: /address must be a whole number from 1 to 247, not 0/,
    },
    {
      name: 'a pulse of no length',
      options: { driver: 'lcus1', path: '', baudRate: 9600, channel: 1, pulseMs: 0 },
      words: /pulse must last a positive number of ms/,
    },
    {
      name: 'an unknown driver',
      options: { driver: 'x10', path: '', baudRate: 9600, channel: 1, pulseMs: 100 } as never,
      words: /unknown relay driver "x10"/,
    },
  ])('reports $name without throwing', async ({ options, words }) => {
    const device = relay({ ...options, path: join(dir, 'kiosk') });
    expect(device.state().error).toMatch(/^Relay settings are wrong: /);
    expect(device.state().error).toMatch(words);
    expect(() => device.start()).not.toThrow();
    const result = await device.pulse();
    expect(result).toEqual({ ok: false, error: device.state().error });
    expect(device.state()).toMatchObject({ connected: false, lastResult: 'failed' });
  });

  it('fails a pulse at once, in words, before start()', async () => {
    const device = relay({
      driver: 'lcus1',
      path: join(dir, 'kiosk'),
      baudRate: 9600,
      channel: 1,
      pulseMs: 100,
    });
    expect(device.driver).toBe('lcus1');
    expect(device.path).toBe(join(dir, 'kiosk'));
    expect(await device.pulse()).toEqual({
      ok: false,
      error: `The relay on ${join(dir, 'kiosk')} is not connected`,
    });
    const at = device.state().lastPulseAt;
    expect(at).not.toBeNull();
    expect(Number.isNaN(Date.parse(at ?? ''))).toBe(false);
  });

  it('fails a pulse after close()', async () => {
    const device = relay({
      driver: 'modbus',
      path: join(dir, 'kiosk'),
      baudRate: 9600,
      address: 1,
      coil: 0,
      pulseMs: 100,
    });
    device.start();
    await device.close();
    expect(await device.pulse()).toEqual({ ok: false, error: 'The relay has been shut down' });
    expect(device.state()).toMatchObject({ connected: false, error: null });
  });
});

describe('describeRelayError', () => {
  it('calls a vanished port a disconnect and keeps other reasons', () => {
    expect(describeRelayError('/dev/ttyUSB0', new Error('Port is not open'))).toBe(
      'Relay disconnected from /dev/ttyUSB0',
    );
    expect(describeRelayError('/dev/ttyUSB0', new Error('Error: EIO: i/o error, write'))).toBe(
      'Relay disconnected from /dev/ttyUSB0',
    );
    expect(describeRelayError('/dev/ttyUSB0', 'Error: Resource busy')).toBe(
      'Cannot write to the relay on /dev/ttyUSB0: Resource busy',
    );
  });
});
