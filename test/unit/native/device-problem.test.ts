// The kinds of device trouble the screen names in the guard's language, read from the keepers'
// own messages: each message the keepers write maps to the kind a guard can act on.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { deviceProblemSchema } from '../../../contract/device-schemas';
import {
  classifyDeviceError,
  describeOpenError,
  type DeviceProblem,
} from '../../../native/thermometer/serial-thermometer';

// native/ may not import the contract (eslint.config.js), so the kinds are written twice: here
// `npm run typecheck` holds the two lists equal, each assignable to the other.
describe('DeviceProblem', () => {
  it("names the same kinds as the contract's deviceProblemSchema", () => {
    expectTypeOf<DeviceProblem>().toEqualTypeOf<z.infer<typeof deviceProblemSchema>>();
  });
});

describe('classifyDeviceError', () => {
  it.each([
    [
      describeOpenError(
        '/dev/ttyUSB0',
        new Error('Error: No such file or directory, cannot open /dev/ttyUSB0'),
      ),
      'missing',
    ],
    [
      describeOpenError(
        '/dev/ttyUSB0',
        new Error('Error Resource temporarily unavailable Cannot lock port'),
      ),
      'busy',
    ],
    [
      describeOpenError(
        '/dev/ttyUSB0',
        new Error('Error: Permission denied, cannot open /dev/ttyUSB0'),
      ),
      'permission',
    ],
    ['Thermometer disconnected from /dev/ttyUSB0', 'unplugged'],
    ['Relay disconnected from /dev/ttyUSB1; the turnstile may still be open', 'unplugged'],
    ['The relay did not answer (check its power, address and baud rate)', 'no-answer'],
    ['The relay answered with an error: it has no such coil (check the coil number)', 'no-answer'],
    ['Relay settings are wrong: channel 9 is not 1 to 8', 'settings'],
    ['Thermometer error on /dev/ttyUSB0: something odd', 'other'],
    // The system's own words and errno names, as serialport passes them on.
    ['Cannot open /dev/ttyUSB9: No such file or directory', 'missing'],
    ['Error: ENOENT: no such file or directory, open /dev/ttyUSB9', 'missing'],
    ['Error: EACCES: permission denied, open /dev/ttyS0', 'permission'],
    ['Error: EACCES, cannot open /dev/ttyS0', 'permission'],
    ['Error: EPERM: operation not permitted', 'permission'],
    ['Error: EPERM', 'permission'],
    ['Error: EBUSY: resource busy or locked', 'busy'],
    ['Error: EBUSY, cannot open /dev/ttyUSB0', 'busy'],
    ['Error: Resource busy, cannot open /dev/ttyUSB0', 'busy'],
    ['Error: EIO: i/o error, read', 'unplugged'],
    ['Error: Input/output error', 'unplugged'],
    ['Error: ENXIO: no such device or address', 'unplugged'],
    ['Error: ENODEV', 'unplugged'],
  ])('%s → %s', (message, problem) => {
    expect(classifyDeviceError(message)).toBe(problem);
  });
});
