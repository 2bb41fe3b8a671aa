// The settings form's conversions: what was saved comes back into the form unchanged, numbers
// typed badly or a missing path are caught before anything is sent, and each driver sends
// only the fields it has.
import { describe, expect, it } from 'vitest';
import type { DeviceSettings } from '../../../../contract/api';
import { fromDraft, toDraft } from '../../../../renderer/screens/device-settings-draft';

const saved: DeviceSettings[] = [
  { thermometer: { driver: 'simulated' }, relay: null },
  {
    thermometer: {
      driver: 'gy906',
      path: '/dev/ttyUSB0',
      baudRate: 9600,
      mode: 'query',
      frameLength: 10,
      offsetCelsius: 0.3,
      noDataSeconds: 5,
    },
    relay: { driver: 'lcus1', path: '/dev/ttyUSB1', baudRate: 9600, channel: 2, pulseMs: 400 },
  },
  {
    thermometer: {
      driver: 'ascii',
      path: '/dev/ttyACM0',
      baudRate: 19200,
      mode: 'stream',
      pattern: 'OBJ ([0-9.]+)',
      offsetCelsius: -0.2,
      noDataSeconds: 8,
    },
    relay: {
      driver: 'modbus',
      path: '/dev/ttyUSB2',
      baudRate: 9600,
      address: 3,
      coil: 1,
      pulseMs: 500,
    },
  },
];

describe('device settings form', () => {
  it.each(saved)('gives back what was saved ($thermometer.driver)', (settings) => {
    expect(fromDraft(toDraft(settings))).toEqual(settings);
  });

  it('catches a number typed badly and a missing path before sending', () => {
    const draft = toDraft(saved[1] as DeviceSettings);
    expect(fromDraft({ ...draft, offsetCelsius: 'abc' })).toBe('settings.invalid-number');
    expect(fromDraft({ ...draft, path: '  ' })).toBe('settings.path-needed');
    expect(fromDraft({ ...draft, relayPath: '' })).toBe('settings.path-needed');
  });

  it('accepts a decimal comma in the offset, as typed on a Chinese keyboard', () => {
    const draft = { ...toDraft(saved[1] as DeviceSettings), offsetCelsius: '0,4' };
    expect(fromDraft(draft)).toMatchObject({ thermometer: { offsetCelsius: 0.4 } });
  });
});
