// The simulated thermometer and the guard-facing wording of serial open errors.
// The simulation must always be labelled as such, and errors must read as plain words.

import { describe, expect, it, vi } from 'vitest';
import { describeOpenError } from '../../../../native/thermometer/serial-thermometer';
import { createSimulatedThermometer } from '../../../../native/thermometer/simulated-thermometer';
import type { ThermometerReading } from '../../../../native/thermometer/driver';

const fixedNow = new Date('2025-09-01T07:30:00Z');

describe('createSimulatedThermometer', () => {
  it('is labelled simulated and always connected', () => {
    const thermometer = createSimulatedThermometer();
    thermometer.start();
    expect(thermometer.driver).toBe('simulated');
    expect(thermometer.simulated).toBe(true);
    expect(thermometer.path).toBeNull();
    expect(thermometer.state()).toEqual({ connected: true, error: null, silentSeconds: null });
  });

  it('emits a finished (settled) reading at the injected time when simulated', () => {
    const thermometer = createSimulatedThermometer({ now: () => fixedNow });
    const readings: ThermometerReading[] = [];
    thermometer.onReading((reading) => readings.push(reading));
    thermometer.simulate(36.6);
    expect(readings).toEqual([
      { objectCelsius: 36.6, ambientCelsius: null, at: fixedNow, settled: true },
    ]);
    expect(thermometer.mode).toBe('triggered');
    expect(thermometer.counters().framesOk).toBe(1);
  });

  it('stops emitting after unsubscribe and after close', async () => {
    const thermometer = createSimulatedThermometer();
    const readings: number[] = [];
    const unsubscribe = thermometer.onReading((reading) => readings.push(reading.objectCelsius));
    thermometer.simulate(36.1);
    unsubscribe();
    thermometer.simulate(36.2);
    thermometer.onReading((reading) => readings.push(reading.objectCelsius));
    await thermometer.close();
    thermometer.simulate(36.3);
    expect(readings).toEqual([36.1]);
  });

  it('keeps other listeners going when one throws', () => {
    const thermometer = createSimulatedThermometer();
    const readings: number[] = [];
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    thermometer.onReading(() => {
      throw new Error('faulty subscriber');
    });
    thermometer.onReading((reading) => readings.push(reading.objectCelsius));
    expect(() => thermometer.simulate(37)).not.toThrow();
    expect(readings).toEqual([37]);
    expect(consoleError).toHaveBeenCalledOnce();
    consoleError.mockRestore();
  });
});

describe('describeOpenError', () => {
  it.each([
    {
      message: 'Error: No such file or directory, cannot open /dev/ttyUSB0',
      words: 'Cannot open /dev/ttyUSB0: No such file or directory',
    },
    {
      message: 'Error: Permission denied, cannot open /dev/ttyUSB0',
      words:
        'Cannot open /dev/ttyUSB0: Permission denied (add the kiosk user to the dialout group)',
    },
    {
      message: 'Error Resource temporarily unavailable Cannot lock port',
      words: 'Cannot open /dev/ttyUSB0: another program is using the port',
    },
  ])('says "$words"', ({ message, words }) => {
    expect(describeOpenError('/dev/ttyUSB0', new Error(message))).toBe(words);
  });
});
